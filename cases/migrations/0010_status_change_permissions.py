"""Status changes are registry records like the others: editors add and change them,
viewers read them (see 0002)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_ACTIONS = {"editors": ["view", "add", "change"], "viewers": ["view"]}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, actions in GROUP_ACTIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        codenames = [f"{action}_statuschange" for action in actions]
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="cases", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUP_ACTIONS):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="cases", codename__endswith="_statuschange"
            )
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_status_changes")]

    operations = [migrations.RunPython(grant, revoke)]
