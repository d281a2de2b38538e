from django.apps import AppConfig


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
