from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


class CasesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cases"
    verbose_name = "Case registry"

    def ready(self):
        from cases.search.counts import connect_registry_writes

        # Any write to a registry record invalidates the cached list counts.
        connect_registry_writes(
            self.get_model(name)
            for name in (
                "Person",
                "Case",
                "Charge",
                "Event",
                "Actor",
                "Position",
                "StatusChange",
                "Source",
                "Citation",
                "SourceLink",
            )
        )
        post_migrate.connect(install_case_search, sender=self)


def install_case_search(using, plan=None, **kwargs):
    """Put back the SQLite search index's triggers when a migration rebuilt the case table."""
    from cases.search import fulltext

    if plan and any(migration.app_label == "cases" for migration, _ in plan):
        fulltext.install(connections[using])
