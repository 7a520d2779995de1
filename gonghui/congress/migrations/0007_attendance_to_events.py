# Each schema change and the data move in a migration of its own: on PostgreSQL rows written
# in the same transaction as an ALTER TABLE would leave pending trigger events.

from django.db import migrations

from gonghui.events.migrations._history import event_row, present


def attendance_to_events(apps, schema_editor):
    """Each session's attendance becomes the registrations of its event: present (with the
    session's hours), on leave, absent."""
    Session = apps.get_model("congress", "Session")
    Attendance = apps.get_model("congress", "Attendance")
    Registration = apps.get_model("events", "Registration")
    for session in Session.objects.select_related("congress"):
        session.event = event_row(
            apps,
            kind="congress_session",
            title=session.title,
            union_id=session.congress.union_id,
            day=session.held_on,
            place=session.place,
            hours=4,
            role="representative",
        )
        session.save(update_fields=["event"])
        marks = list(Attendance.objects.filter(session=session).values_list("representative__user_id", "status"))
        present(apps, session.event, [user for user, status in marks if status == "present"])
        Registration.objects.bulk_create(
            Registration(event=session.event, user_id=user, state="leave" if status == "leave" else "registered")
            for user, status in marks
            if status != "present"
        )



class Migration(migrations.Migration):
    dependencies = [
        ("congress", "0006_session_event"),
        ("org", "0002_issue10"),
        ("accounts", "0004_loginthrottle_user_initial_password_expires_at"),
    ]

    # Irreversible: the next migration drops the old attendance, which this one copied.
    operations = [migrations.RunPython(attendance_to_events)]
