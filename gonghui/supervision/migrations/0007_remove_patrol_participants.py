from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("supervision", "0006_participants_to_events")]

    operations = [migrations.RemoveField(model_name="patrol", name="participants")]
