"""The answer to OPTIONS: DRF's description of the endpoint and of what the user may do."""

from django.db import transaction
from rest_framework.metadata import SimpleMetadata


class RegistryMetadata(SimpleMetadata):
    """DRF's metadata, with the check of what the user may write run as a write would run.

    To tell whether PUT is allowed on a record, DRF loads it as a PUT would, and
    a PUT locks the record's row (`select_for_update`), which needs a
    transaction: without one, an editor's OPTIONS on any record was a 500.
    """

    def determine_actions(self, request, view):
        with transaction.atomic():
            return super().determine_actions(request, view)
