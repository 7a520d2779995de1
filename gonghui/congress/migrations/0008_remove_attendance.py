from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("congress", "0007_attendance_to_events")]

    operations = [
        migrations.RemoveConstraint(model_name="attendance", name="unique_attendance"),
        migrations.DeleteModel(name="Attendance"),
    ]
