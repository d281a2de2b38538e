import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from cases.text.quotes import find_quote

http_url_validator = URLValidator(schemes=["http", "https"])
language_validator = RegexValidator(
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", "Use a language code such as en, ru or pt-BR."
)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _http_only(field_name):
    return (
        Q(**{field_name: ""})
        | Q(**{f"{field_name}__startswith": "http://"})
        | Q(**{f"{field_name}__startswith": "https://"})
    )


class SourceKind(models.TextChoices):
    NEWS_ARTICLE = "news_article", "News article"
    OFFICIAL_STATEMENT = "official_statement", "Official statement"
    COURT_DOCUMENT = "court_document", "Court document"
    REPORT = "report", "Report"
    # A spreadsheet of cases (cases.models.imports); its rows are no passages to quote.
    LIST = "list", "List of cases"
    OTHER = "other", "Other"


class Source(models.Model):
    """A document facts are taken from, with its full text kept for checking quotes."""

    Kind = SourceKind

    kind = models.CharField(max_length=20, choices=SourceKind, default=SourceKind.NEWS_ARTICLE)
    title = models.CharField(max_length=500)
    outlet = models.CharField(max_length=200, blank=True, help_text="e.g. China Daily")
    author = models.CharField(max_length=300, blank=True)
    dateline = models.CharField(
        max_length=200, blank=True, help_text="The place the piece was filed from, e.g. Moscow."
    )
    byline = models.CharField(
        max_length=500, blank=True, help_text="The byline exactly as printed, kept for checking."
    )
    url = models.URLField("URL", max_length=2000, blank=True, validators=[http_url_validator])
    archive_url = models.URLField(
        "archived copy URL", max_length=2000, blank=True, validators=[http_url_validator]
    )
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(
        null=True, blank=True, help_text="When the outlet last updated the piece."
    )
    retrieved_at = models.DateTimeField(
        null=True, blank=True, help_text="When this copy of the text was taken."
    )
    language = models.CharField(max_length=20, blank=True, validators=[language_validator])
    text = models.TextField(blank=True, help_text="The full text; citations quote from it.")
    sha256 = models.CharField(
        "SHA-256",
        max_length=64,
        editable=False,
        help_text="Digest of the text, for checking a copy.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "-updated_at", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="source_title_required"),
            models.CheckConstraint(condition=_http_only("url"), name="source_url_http"),
            models.CheckConstraint(
                condition=_http_only("archive_url"), name="source_archive_url_http"
            ),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="source_sha256_hex"
            ),
            # The same text imported twice is the same source; texts are matched by digest.
            models.UniqueConstraint(
                fields=["sha256"],
                condition=~Q(text=""),
                name="source_text_unique",
                violation_error_message="A source with exactly this text is already registered.",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.outlet})" if self.outlet else self.title

    def save(self, *args, **kwargs):
        self.sha256 = self.compute_sha256()
        super().save(*args, **kwargs)
        self.relocate_citations()

    def relocate_citations(self):
        """Move stored offsets to where each quote now stands, after the text was edited.

        `clean()` refuses edits that lose a quote; an edit elsewhere in the text
        (a corrected typo, an added line) shifts the passages that follow it.
        """
        moved = []
        for citation in self.citations.only("id", "quote", "start", "end"):
            found = find_quote(self.text, citation.quote, citation.start)
            if found is not None and found != (citation.start, citation.end):
                citation.start, citation.end = found
                moved.append(citation)
        Citation.objects.bulk_update(moved, ["start", "end"])

    def compute_sha256(self):
        return text_sha256(self.text)

    def clean(self):
        super().clean()
        self.sha256 = self.compute_sha256()
        if self.pk is not None:
            broken = self.citations_broken_by(self.text)
            if broken:
                listed = "; ".join(f"#{c.pk} “{c.quote[:60]}” ({c.supports_label})" for c in broken)
                raise ValidationError(
                    {"text": f"This edit would break {len(broken)} citation(s): {listed}."}
                )

    def citations_broken_by(self, new_text):
        """The stored citations whose quote would no longer be found in `new_text`."""
        return [
            citation
            for citation in self.citations.select_related(
                "case__person", "charge", "event", "position__actor"
            )
            if find_quote(new_text, citation.quote, citation.start) is None
        ]


class Citation(models.Model):
    """A verbatim passage of a source supporting a case or one of its facts.

    `case` is always set; at most one of `charge`, `event` and `position`
    names the particular fact, and when none does the passage supports the
    case record itself (dates, status, place).
    """

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="citations")
    charge = models.ForeignKey(
        "cases.Charge", on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    event = models.ForeignKey(
        "cases.Event", on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    position = models.ForeignKey(
        "cases.Position", on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    quote = models.TextField(help_text="The passage, copied from the source's text.")
    start = models.PositiveIntegerField(
        editable=False, help_text="Offset of the passage in the text."
    )
    end = models.PositiveIntegerField(editable=False)
    note = models.CharField(
        max_length=300, blank=True, help_text="How the passage supports the claim."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        # By the column, not "source": that would expand to Source's ordering and join.
        ordering = ["source_id", "start", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(quote=""), name="citation_quote_required"),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="citation_offsets_ordered"
            ),
            models.CheckConstraint(
                condition=(
                    Q(charge__isnull=True, event__isnull=True)
                    | Q(charge__isnull=True, position__isnull=True)
                    | Q(event__isnull=True, position__isnull=True)
                ),
                name="citation_supports_one_fact",
            ),
        ]
        indexes = [
            # "Which cases cite this source?" joins from source to case.
            models.Index(fields=["source", "case"], name="citation_source_case"),
        ]

    def __str__(self):
        return f"“{self.quote[:60]}” — {self.source}"

    @property
    def claim(self):
        """The record the passage supports."""
        return self.charge or self.event or self.position or self.case

    @property
    def supports_label(self):
        claim = self.claim
        return f"{claim._meta.verbose_name} {claim}"

    def clean(self):
        super().clean()
        facts = [fact for fact in (self.charge, self.event, self.position) if fact is not None]
        if len(facts) > 1:
            raise ValidationError(
                "A citation supports one fact: choose a charge, an event or a position, not several."
            )
        if facts and facts[0].case_id != self.case_id:
            raise ValidationError(f"The {facts[0]._meta.verbose_name} belongs to another case.")
        if self.source_id is None or not self.quote:
            return
        self.locate()

    def locate(self):
        """Find the quote in the source, store its offsets and its exact wording.

        Raises ValidationError naming the source when the passage is not there.
        """
        found = find_quote(self.source.text, self.quote, self.start)
        if found is None:
            raise ValidationError(
                {"quote": f"This passage does not occur in the text of the source “{self.source}”."}
            )
        self.start, self.end = found
        self.quote = self.source.text[self.start : self.end]


class SourceLinkStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested, not reviewed"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


class SourceLink(models.Model):
    """A source that concerns a case: suggested by name detection, then reviewed by an editor."""

    Status = SourceLinkStatus

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="links")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="source_links")
    status = models.CharField(
        max_length=10, choices=SourceLinkStatus, default=SourceLinkStatus.SUGGESTED
    )
    matched_names = models.CharField(
        max_length=500, blank=True, help_text="The names found in the text that suggested the link."
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["source", "case"], name="source_link_unique"),
            models.CheckConstraint(
                condition=Q(status__in=SourceLinkStatus.values), name="source_link_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.source} → {self.case} ({self.get_status_display()})"
