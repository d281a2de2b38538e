from django.core.management.base import BaseCommand, CommandError

from cases.models import Citation


class Command(BaseCommand):
    help = (
        "Check that every citation's quote still occurs in its source's text at its stored "
        "offsets, and that the fact it supports belongs to its case. Lists each broken "
        "citation and exits non-zero if there is any."
    )

    def handle(self, *args, **options):
        citations = Citation.objects.select_related(
            "source", "case__person", "charge", "event", "position__actor", "status_change"
        ).order_by("source", "start", "pk")
        checked, broken = 0, 0
        for citation in citations.iterator(chunk_size=500):
            checked += 1
            problem = citation.problem()
            if problem is not None:
                broken += 1
                self.stdout.write(
                    self.style.ERROR(
                        f"Citation #{citation.pk} in source #{citation.source_id} “{citation.source}”, "
                        f"supporting {citation.supports_label}: “{citation.quote[:80]}”: {problem}"
                    )
                )
        if broken:
            raise CommandError(f"{broken} of {checked} citation(s) are broken.")
        self.stdout.write(self.style.SUCCESS(f"All {checked} citation(s) found in their sources."))
