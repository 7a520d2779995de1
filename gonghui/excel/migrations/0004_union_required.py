import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("excel", "0003_union"),
        ("org", "0006_unit_path_indexed_once"),
    ]

    operations = [
        migrations.AlterField(
            model_name="importjob",
            name="union",
            field=models.ForeignKey(
                db_index=False,
                limit_choices_to={"depth": 1},
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.orgunit",
                verbose_name="所属工会",
            ),
        ),
        migrations.AddIndex(
            model_name="importjob",
            index=models.Index(fields=["union", "-created_at"], name="importjob_union_recent"),
        ),
    ]
