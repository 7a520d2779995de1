# Each schema change and the data move in a migration of its own: on PostgreSQL rows written
# in the same transaction as an ALTER TABLE would leave pending trigger events.

from django.db import migrations

from gonghui.events.migrations._history import event_row, present


def participants_to_events(apps, schema_editor):
    """Each patrol's participants, and each joint meeting (its attendees were only ever
    written out), get an event; those who went are present at it."""
    Patrol = apps.get_model("supervision", "Patrol")
    JointMeeting = apps.get_model("supervision", "JointMeeting")
    for patrol in Patrol.objects.all():
        patrol.event = event_row(
            apps,
            kind="patrol",
            title=patrol.topic,
            union_id=patrol.union_id,
            day=patrol.held_on,
            place=patrol.places,
            hours=4,
            role="representative",
        )
        patrol.save(update_fields=["event"])
        present(apps, patrol.event, patrol.participants.values_list("pk", flat=True))
    for meeting in JointMeeting.objects.all():
        meeting.event = event_row(
            apps,
            kind="joint_meeting",
            title=meeting.title,
            union_id=meeting.union_id,
            day=meeting.held_on,
            place=meeting.place,
            hours=2,
            role="leader",
        )
        meeting.save(update_fields=["event"])



class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0005_meeting_patrol_event"),
        ("org", "0002_issue10"),
        ("accounts", "0004_loginthrottle_user_initial_password_expires_at"),
    ]

    # Irreversible: the next migration drops the patrols' participants, which this one copied.
    operations = [migrations.RunPython(participants_to_events)]
