"""The two groups the registry ships with.

Editors add and change registry records (deleting stays with administrators,
since a registry of evidence should rarely lose records); viewers read
everything, drafts included.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REGISTRY_MODELS = [
    "person",
    "case",
    "charge",
    "event",
    "actor",
    "position",
    "source",
    "citation",
    "sourcelink",
]
GROUP_ACTIONS = {"editors": ["view", "add", "change"], "viewers": ["view"]}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations ran; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, actions in GROUP_ACTIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        codenames = [f"{action}_{model}" for action in actions for model in REGISTRY_MODELS]
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="cases", codename__in=codenames)
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUP_ACTIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
