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
from django.utils.translation import gettext_lazy as _

from .base import Timestamped, required_constraint


class CaseList(Timestamped):
    """A list of cases (a partner's spreadsheet, a researcher's list), imported perhaps every year.

    Its identifiers are its own: the same number in two lists names two cases.
    """

    name = models.CharField(
        max_length=500,
        unique=True,
        help_text=_("The list's URL when it has one, else the name of the file imported from it."),
        verbose_name=_("name"),
    )

    class Meta:
        verbose_name = _("case list")
        verbose_name_plural = _("case lists")
        ordering = ["name"]
        constraints = [required_constraint("case_list", "name")]

    def __str__(self):
        return self.name


class ListEntry(Timestamped):
    """A case as a row of a list: its id there, and the file and row its facts last came from."""

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="list_entries", verbose_name=_("case")
    )
    case_list = models.ForeignKey(
        CaseList, on_delete=models.PROTECT, related_name="entries", verbose_name=_("case list")
    )
    external_id = models.CharField(
        verbose_name=_("id in the list"),
        max_length=100,
        blank=True,
        help_text=_("The case's identifier in the list."),
    )
    source = models.ForeignKey(
        "cases.Source",
        on_delete=models.PROTECT,
        related_name="list_entries",
        help_text=_("The imported file, kept as a source."),
        verbose_name=_("source"),
    )
    row = models.PositiveIntegerField(
        help_text=_("Row of the file, counting the header as row 1."), verbose_name=_("row")
    )

    class Meta:
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")
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

    name = models.CharField(max_length=100, unique=True, verbose_name=_("name"))
    columns = models.JSONField(
        default=dict,
        blank=True,
        help_text=_("Column name → field name."),
        verbose_name=_("columns"),
    )
    constants = models.JSONField(
        default=dict, blank=True, help_text=_("Field name → value."), verbose_name=_("constants")
    )
    key = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Fields identifying a case, joined by +."),
        verbose_name=_("key"),
    )

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
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
        help_text=_("Empty for imports run from the command line."),
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    file_name = models.CharField(max_length=500, verbose_name=_("file name"))
    file_sha256 = models.CharField(verbose_name=_("file SHA-256"), max_length=64)
    case_list = models.ForeignKey(
        CaseList,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="imports",
        verbose_name=_("case list"),
    )
    source = models.ForeignKey(
        "cases.Source",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("source"),
    )
    created = models.PositiveIntegerField(default=0, verbose_name=_("created"))
    updated = models.PositiveIntegerField(default=0, verbose_name=_("updated"))
    unchanged = models.PositiveIntegerField(default=0, verbose_name=_("unchanged"))
    rejected = models.PositiveIntegerField(default=0, verbose_name=_("rejected"))
    summary = models.TextField(
        blank=True, help_text=_("The report the import printed."), verbose_name=_("summary")
    )
    rejects = models.TextField(
        blank=True,
        help_text=_("The rejected rows as CSV, as they were, with a reason column."),
        verbose_name=_("rejects"),
    )

    class Meta:
        verbose_name = _("import log")
        verbose_name_plural = _("import logs")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"
