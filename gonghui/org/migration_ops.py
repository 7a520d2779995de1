"""Operations the apps' migrations share."""

from django.db import migrations


def fill_union(*models: str) -> migrations.RunPython:
    """Give rows kept before unions were told apart the union they were kept in: a deployment
    then had one union, the tree's only root."""

    def forward(apps, schema_editor):
        root = apps.get_model("org", "OrgUnit").objects.filter(depth=1).order_by("path").values_list("pk", flat=True)
        root = root.first()
        if root is None:
            return
        for label in models:
            apps.get_model(label).objects.filter(union__isnull=True).update(union_id=root)

    return migrations.RunPython(forward, migrations.RunPython.noop)
