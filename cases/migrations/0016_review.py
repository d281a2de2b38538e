"""Work assignment and review: who works on a case or source, who submitted a case for
review, the permission to publish with REQUIRE_REVIEW on and the "reviewers" group holding it."""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

# Reviewers read and correct the cases they review, and publish them.
PERMISSIONS = {"reviewers": ["view_case", "change_case", "publish_case"]}


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


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=PERMISSIONS).delete()


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0015_list_sources_left_out_of_full_text_search'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='case',
            options={'ordering': [models.OrderBy(models.F('detained_on'), descending=True, nulls_last=True), '-id'], 'permissions': [('publish_case', 'Can publish cases (with REQUIRE_REVIEW on)')]},
        ),
        migrations.AddField(
            model_name='case',
            name='assigned_to',
            field=models.ForeignKey(blank=True, help_text='The editor working on the case.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='assigned_cases', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='case',
            name='submitted_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='submitted for review at'),
        ),
        migrations.AddField(
            model_name='case',
            name='submitted_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='submitted for review by'),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='assigned_to',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The editor working on the case.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='submitted_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='submitted for review at'),
        ),
        migrations.AddField(
            model_name='historicalcase',
            name='submitted_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='submitted for review by'),
        ),
        migrations.AddField(
            model_name='historicalsource',
            name='assigned_to',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='The editor reading the source for citations.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='source',
            name='assigned_to',
            field=models.ForeignKey(blank=True, help_text='The editor reading the source for citations.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='assigned_sources', to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(grant, remove_group),
    ]
