"""Lists of cases kept outside the registry, and the record of importing them.

A researcher's spreadsheet or a partner's export is a *case list*. Each file
imported from it is kept as a Source (kind "list": its name, its text, its
SHA-256), and each case it describes has a `ListEntry`: the case's identifier
in that list and the row its facts were last taken from. A list row is no
verbatim passage, so a case whose facts came from a list and that no source
passage supports yet is "from a list, not yet cited" (`CaseQuerySet`-level
filter `needs_citation()` below), for editors to find and cite.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from .base import Timestamped, required_constraint


class CaseList(Timestamped):
    """A list of cases (a partner's spreadsheet, a researcher's list), imported perhaps every year.

    Its identifiers are its own: the same number in two lists names two cases.
    """

    name = models.CharField(
        max_length=500,
        unique=True,
        help_text="The list's URL when it has one, else the name of the file imported from it.",
    )

    class Meta:
        ordering = ["name"]
        constraints = [required_constraint("case_list", "name")]

    def __str__(self):
        return self.name


class ListEntry(Timestamped):
    """A case as a row of a list: its id there, and the file and row its facts last came from."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="list_entries")
    case_list = models.ForeignKey(CaseList, on_delete=models.PROTECT, related_name="entries")
    external_id = models.CharField(
        "id in the list", max_length=100, blank=True, help_text="The case's identifier in the list."
    )
    source = models.ForeignKey(
        "cases.Source",
        on_delete=models.PROTECT,
        related_name="list_entries",
        help_text="The imported file, kept as a source.",
    )
    row = models.PositiveIntegerField(help_text="Row of the file, counting the header as row 1.")

    class Meta:
        verbose_name_plural = "list entries"
        ordering = ["case_list_id", "row", "id"]
        constraints = [
            # The identifier of a case is unique within its own list only.
            models.UniqueConstraint(
                fields=["case_list", "external_id"],
                condition=~Q(external_id=""),
                name="list_entry_external_id_unique",
            ),
            models.UniqueConstraint(fields=["case_list", "case"], name="list_entry_case_unique"),
        ]

    def __str__(self):
        label = f"#{self.external_id}" if self.external_id else f"row {self.row}"
        return f"{self.case_list}, {label}"


def from_list_q():
    return Q(Exists(ListEntry.objects.filter(case=OuterRef("pk"))))


def needs_citation_q():
    """Cases with facts from a list that no passage of a source supports yet."""
    from .sources import Citation

    return from_list_q() & ~Q(Exists(Citation.objects.filter(case=OuterRef("pk"))))


class ColumnMapping(Timestamped):
    """A saved way to read a list: which column is which field, constants, the key."""

    name = models.CharField(max_length=100, unique=True)
    columns = models.JSONField(default=dict, blank=True, help_text="Column name → field name.")
    constants = models.JSONField(default=dict, blank=True, help_text="Field name → value.")
    key = models.CharField(
        max_length=200, blank=True, help_text="Fields identifying a case, joined by +."
    )

    class Meta:
        ordering = ["name"]
        constraints = [required_constraint("column_mapping", "name")]

    def __str__(self):
        return self.name


class ImportLog(models.Model):
    """One confirmed import of a list: who, when, which file, what it did, what it refused."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for imports run from the command line.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=500)
    file_sha256 = models.CharField("file SHA-256", max_length=64)
    case_list = models.ForeignKey(
        CaseList, on_delete=models.SET_NULL, null=True, blank=True, related_name="imports"
    )
    source = models.ForeignKey(
        "cases.Source", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    summary = models.TextField(blank=True, help_text="The report the import printed.")
    rejects = models.TextField(
        blank=True, help_text="The rejected rows as CSV, as they were, with a reason column."
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"
