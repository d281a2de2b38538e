"""Editors run imports and keep column mappings; viewers and editors read the import logs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = {
    "editors": [
        "view_importlog",
        "view_caselist",
        "view_listentry",
        "view_columnmapping",
        "add_columnmapping",
        "change_columnmapping",
    ],
    "viewers": ["view_importlog", "view_caselist", "view_listentry", "view_columnmapping"],
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="cases", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in PERMISSIONS.items():
        for group in Group.objects.filter(name=group_name):
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="cases", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_case_lists")]

    operations = [migrations.RunPython(grant, revoke)]
