import django.db.models.deletion
from django.db import migrations, models

from gonghui.org.migration_ops import fill_union


class Migration(migrations.Migration):
    dependencies = [
        ("excel", "0002_importjob_error_count_importjob_expected_left_and_more"),
        ("org", "0006_unit_path_indexed_once"),
    ]

    operations = [
        migrations.AddField(
            model_name="importjob",
            name="union",
            field=models.ForeignKey(
                db_index=False,
                limit_choices_to={"depth": 1},
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.orgunit",
                verbose_name="所属工会",
            ),
        ),
        fill_union("excel.ImportJob"),
    ]
