import datetime
import hashlib
import re
from functools import reduce
from itertools import combinations
from operator import and_, or_

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.text.quotes import NormalisedText, find_quote
from cases.text.urls import as_uri

from .base import Derived, WrittenWithHistory, one_transaction
from .visibility import InCaseQuerySet, can_see_drafts, published_q

http_url_validator = URLValidator(schemes=["http", "https"])
language_validator = RegexValidator(
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$", _("Use a language code such as en, ru or pt-BR.")
)


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def source_day(published_at, updated_at, utc_offset=None) -> datetime.date | None:
    """The day a source speaks for: that of its publication, else of its update, where its
    time was printed (`utc_offset`, minutes east of UTC), else in the registry's time zone.

    A statement published at 21:45 in Washington (−05:00) says "today" of that day,
    not of the next one, on which UTC has already begun.
    """
    moment = published_at or updated_at
    if moment is None:
        return None
    if utc_offset is None:
        return timezone.localdate(moment, timezone.get_default_timezone())
    return moment.astimezone(datetime.timezone(datetime.timedelta(minutes=utc_offset))).date()


def _http_only(field_name):
    return (
        Q(**{field_name: ""})
        | Q(**{f"{field_name}__startswith": "http://"})
        | Q(**{f"{field_name}__startswith": "https://"})
    )


class SourceKind(models.TextChoices):
    NEWS_ARTICLE = "news_article", _("News article")
    OFFICIAL_STATEMENT = "official_statement", _("Official statement")
    COURT_DOCUMENT = "court_document", _("Court document")
    REPORT = "report", _("Report")
    # A spreadsheet of cases (cases.models.imports); its rows are no passages to quote.
    LIST = "list", _("List of cases")
    OTHER = "other", _("Other")


class SourceQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Sources a published case cites; all of them for editors and viewers (visibility)."""
        if can_see_drafts(user):
            return self
        return self.filter(cited_in_published_case())

    def visible_ids(self, ids, user) -> set[int]:
        """Which of the sources with `ids` `user` may see: a record referring to one (a list
        entry names its file) gives the others as null. No query for editors and viewers."""
        ids = set(ids) - {None}
        if can_see_drafts(user) or not ids:
            return ids
        return set(self.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def cited_in_published_case(source="pk"):
    """An EXISTS over the citations index (source, case), then the case by its key."""
    return Exists(Citation.objects.filter(published_q("case__"), source=OuterRef(source)))


class Source(Derived, WrittenWithHistory):
    """A document facts are taken from, with its full text kept for checking quotes."""

    Kind = SourceKind

    kind = models.CharField(
        max_length=20, choices=SourceKind, default=SourceKind.NEWS_ARTICLE, verbose_name=_("kind")
    )
    title = models.CharField(max_length=500, verbose_name=_("title"))
    outlet = models.CharField(
        max_length=200, blank=True, help_text=_("e.g. China Daily"), verbose_name=_("outlet")
    )
    author = models.CharField(max_length=300, blank=True, verbose_name=_("author"))
    dateline = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("The place the piece was filed from, e.g. Moscow."),
        verbose_name=_("dateline"),
    )
    byline = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("The byline exactly as printed, kept for checking."),
        verbose_name=_("byline"),
    )
    url = models.URLField(
        verbose_name=_("URL"), max_length=2000, blank=True, validators=[http_url_validator]
    )
    archive_url = models.URLField(
        verbose_name=_("archived copy URL"),
        max_length=2000,
        blank=True,
        validators=[http_url_validator],
    )
    published_at = models.DateTimeField(null=True, blank=True, verbose_name=_("published at"))
    updated_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When the outlet last updated the piece."),
        verbose_name=_("updated at"),
    )
    retrieved_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("When this copy of the text was taken."),
        verbose_name=_("retrieved at"),
    )
    # Times are stored in UTC; the offset the source printed its time in is kept for its day.
    utc_offset = models.SmallIntegerField(
        null=True,
        blank=True,
        editable=False,
        help_text=_("Minutes east of UTC in the time the source printed (−300 for −05:00)."),
        verbose_name=_("UTC offset"),
    )
    dated_on = models.DateField(
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The day the source speaks for, where it was published: its publication, else "
            "its update when that is all the outlet prints."
        ),
        verbose_name=_("dated"),
    )
    language = models.CharField(
        max_length=20, blank=True, validators=[language_validator], verbose_name=_("language")
    )
    text = models.TextField(
        blank=True, help_text=_("The full text; citations quote from it."), verbose_name=_("text")
    )
    sha256 = models.CharField(
        verbose_name=_("SHA-256"),
        max_length=64,
        editable=False,
        help_text=_("Digest of the text, for checking a copy."),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_sources",
        help_text=_("The editor reading the source for citations."),
        verbose_name=_("assigned to"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    modified_at = models.DateTimeField(auto_now=True, verbose_name=_("modified at"))

    objects = SourceQuerySet.as_manager()

    history = HistoricalRecords()

    # `updated_at` is the outlet's date for the piece; this is the record's own (cases.versioning).
    version_field = "modified_at"

    class Meta:
        # Undated last, on every database (PostgreSQL would put NULL first).
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = [
            models.F("published_at").desc(nulls_last=True),
            models.F("updated_at").desc(nulls_last=True),
            "title",
        ]
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
                violation_error_message=_("A source with exactly this text is already registered."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.outlet})" if self.outlet else self.title

    @one_transaction
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.relocate_citations()

    @property
    def published_as_printed(self) -> datetime.datetime | None:
        """The publication time in the UTC offset the source printed it in, where known."""
        return self.as_printed(self.published_at)

    @property
    def updated_as_printed(self) -> datetime.datetime | None:
        return self.as_printed(self.updated_at)

    def as_printed(self, moment):
        if moment is None or self.utc_offset is None:
            return moment
        return moment.astimezone(datetime.timezone(datetime.timedelta(minutes=self.utc_offset)))

    def derive(self):
        self.sha256 = text_sha256(self.text)
        moment = self.published_at or self.updated_at
        offset = moment.utcoffset() if moment is not None else None
        # A time read with its zone (an import) gives the offset; one read back from the
        # database, or typed in the admin, is in UTC and keeps the offset found before.
        if offset:
            self.utc_offset = int(offset.total_seconds() // 60)
        self.dated_on = source_day(self.published_at, self.updated_at, self.utc_offset)

    def relocate_citations(self):
        """Move stored offsets to where each quote now stands, after the text was edited.

        `clean()` refuses edits that lose a quote; an edit elsewhere in the text
        (a corrected typo, an added line) shifts the passages that follow it.
        """
        moved = []
        for citation in self.citations.only("id", "quote", "start", "end"):
            found = citation.located_in(self.text)
            if found is not None and found != (citation.start, citation.end):
                citation.start, citation.end = found
                moved.append(citation)
        Citation.objects.bulk_update(moved, ["start", "end"])

    def clean(self):
        super().clean()
        # A source's day places facts and says "as of": a future one would pass for news.
        future = {
            name: gettext("The date is in the future.")
            for name in ("published_at", "updated_at")
            if getattr(self, name) is not None and getattr(self, name) > timezone.now()
        }
        if future:
            raise ValidationError(future)
        # Stored as URIs, as the API's schema promises (`format: uri`).
        self.url = as_uri(self.url)
        self.archive_url = as_uri(self.archive_url)
        for name in ("url", "archive_url"):
            limit = self._meta.get_field(name).max_length
            if len(getattr(self, name)) > limit:
                longer = ngettext(
                    "Written as a URI, this URL is longer than %(limit)s character.",
                    "Written as a URI, this URL is longer than %(limit)s characters.",
                    limit,
                ) % {"limit": limit}
                raise ValidationError({name: longer})
        if self.pk is not None:
            broken = self.citations_broken_by(self.text)
            if broken:
                listed = "; ".join(
                    gettext("#%(id)s “%(quote)s” (%(claim)s)")
                    % {"id": c.pk, "quote": c.quote[:60], "claim": c.supports_label}
                    for c in broken
                )
                # English keeps its "citation(s)" (both msgids alike); Russian picks its form.
                breaking = ngettext(
                    "This edit would break %(count)s citation(s): %(citations)s.",
                    "This edit would break %(count)s citation(s): %(citations)s.",
                    len(broken),
                ) % {"count": len(broken), "citations": listed}
                raise ValidationError({"text": breaking})

    def citations_broken_by(self, new_text):
        """The stored citations whose quote would no longer be found in `new_text`."""
        return [
            citation
            for citation in self.citations.select_related(
                "case__person", "charge", "event", "position__actor", "status_change"
            )
            if citation.located_in(new_text) is None
        ]


class ClaimKind(models.TextChoices):
    """What a citation supports: the case record itself or one kind of its facts."""

    CASE = "case", _("The case record itself")
    CHARGE = "charge", _("A charge")
    EVENT = "event", _("An event")
    POSITION = "position", _("A position")
    STATUS_CHANGE = "status_change", _("A status change")

    @classmethod
    def of(cls, charge_id, event_id, position_id, status_change_id) -> "ClaimKind":
        """The kind, read from the citation's foreign key ids alone (no query, works on rows)."""
        for kind, fact_id in (
            (cls.CHARGE, charge_id),
            (cls.EVENT, event_id),
            (cls.POSITION, position_id),
            (cls.STATUS_CHANGE, status_change_id),
        ):
            if fact_id:
                return kind
        return cls.CASE

    @classmethod
    def of_record(cls, record) -> "ClaimKind":
        """The kind of a case or of one of its facts (StatusChange -> status_change)."""
        return cls(re.sub(r"(?<!^)(?=[A-Z])", "_", type(record).__name__).lower())

    def condition(self) -> Q:
        """Citations of this kind, as a filter."""
        if self is ClaimKind.CASE:
            return Q(**{f"{field}__isnull": True for field in FACT_FIELDS})
        return Q(**{f"{self.value}__isnull": False})


# The foreign keys that name a particular fact; none set means the case record itself.
FACT_FIELDS = tuple(kind.value for kind in ClaimKind if kind is not ClaimKind.CASE)


def claim_key(record) -> str:
    """A claim as one value, "<kind>:<pk>" (e.g. "charge:12"), for forms and links."""
    return f"{ClaimKind.of_record(record).value}:{record.pk or ''}"


def quote_problem(source_text: NormalisedText, quote: str, start: int, end: int) -> str | None:
    """Why a passage stored at `start`..`end` no longer stands there in its source's text, or None."""
    if source_text.stands_at(quote, start, end):
        return None
    found = source_text.find(quote, start)
    if found is None:
        return "the passage is no longer in the source's text"
    if found != (start, end):
        return f"stored at {start}–{end} but the passage is now at {found[0]}–{found[1]}"
    return None


class CitationQuerySet(InCaseQuerySet):
    def filed_under_another_case(self):
        """Citations whose fact belongs to another case than theirs (see `Citation.fact_problem`)."""
        return self.filter(
            reduce(
                or_,
                (
                    Q(**{f"{fact}__isnull": False}) & ~Q(**{f"{fact}__case": F("case")})
                    for fact in FACT_FIELDS
                ),
            )
        )


class Citation(WrittenWithHistory):
    """A verbatim passage of a source supporting a case or one of its facts.

    `case` is always set; at most one of `charge`, `event`, `position` and
    `status_change` names the particular fact, and when none does the passage
    supports the case record itself (dates, place).
    """

    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="citations", verbose_name=_("source")
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="citations", verbose_name=_("case")
    )
    charge = models.ForeignKey(
        "cases.Charge",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        verbose_name=_("charge"),
    )
    event = models.ForeignKey(
        "cases.Event",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        verbose_name=_("event"),
    )
    position = models.ForeignKey(
        "cases.Position",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        verbose_name=_("position"),
    )
    status_change = models.ForeignKey(
        "cases.StatusChange",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="citations",
        verbose_name=_("status change"),
    )
    quote = models.TextField(
        help_text=_("The passage, copied from the source's text."), verbose_name=_("quote")
    )
    start = models.PositiveIntegerField(
        editable=False, help_text=_("Offset of the passage in the text."), verbose_name=_("start")
    )
    end = models.PositiveIntegerField(editable=False, verbose_name=_("end"))
    note = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("How the passage supports the claim."),
        verbose_name=_("note"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = CitationQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        # By the column, not "source": that would expand to Source's ordering and join.
        verbose_name = _("citation")
        verbose_name_plural = _("citations")
        ordering = ["source_id", "start", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(quote=""), name="citation_quote_required"),
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="citation_offsets_ordered"
            ),
            # No two of the facts at once.
            models.CheckConstraint(
                condition=reduce(
                    and_,
                    (
                        Q(**{f"{one}__isnull": True}) | Q(**{f"{other}__isnull": True})
                        for one, other in combinations(FACT_FIELDS, 2)
                    ),
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

    Claim = ClaimKind

    @property
    def claim_kind(self) -> ClaimKind:
        return ClaimKind.of(self.charge_id, self.event_id, self.position_id, self.status_change_id)

    @property
    def claim(self):
        """The record the passage supports: its charge, event, position or status change, or else its case."""
        return getattr(self, self.claim_kind.value)

    @property
    def claim_key(self) -> str:
        kind = self.claim_kind.value
        return f"{kind}:{getattr(self, f'{kind}_id') or ''}"

    def set_claim(self, record):
        """Make the passage support `record`: a case, or a charge, event, position or status change of one."""
        kind = ClaimKind.of_record(record).value
        for field in FACT_FIELDS:
            setattr(self, field, record if field == kind else None)
        if kind == ClaimKind.CASE:
            self.case = record
        else:
            self.case_id = record.case_id

    @property
    def supports_record(self) -> bool:
        """Whether the passage supports the case record itself rather than one of its facts."""
        return self.claim_kind is ClaimKind.CASE

    @property
    def supports_label(self):
        claim = self.claim
        return f"{claim._meta.verbose_name} {claim}"

    def clean(self):
        super().clean()
        facts = [getattr(self, field) for field in FACT_FIELDS if getattr(self, f"{field}_id")]
        if len(facts) > 1:
            raise ValidationError(
                gettext(
                    "A citation supports one fact: choose a charge, an event, a position or a "
                    "status change, not several."
                )
            )
        if facts and facts[0].case_id != self.case_id:
            raise ValidationError(
                gettext("The %(fact)s belongs to another case.")
                % {"fact": facts[0]._meta.verbose_name}
            )
        if self.status_change_id and self.source_id:
            from .status import dated_after_its_source

            if error := dated_after_its_source(self.status_change, self.source):
                raise ValidationError(error)
        if self.source_id is None or not self.quote:
            return
        self.locate()

    def located_in(self, text):
        """The passage's offsets in `text` (its source's text, perhaps edited since), or None.

        The stored offsets are trusted when they still frame the quote; an edit
        earlier in the text may have shifted them, so otherwise the quote is
        looked up again the way it was first found, near where it was.
        """
        if text[self.start : self.end] == self.quote:
            return self.start, self.end
        return find_quote(text, self.quote, self.start)

    def problem(self, source_text: NormalisedText | None = None) -> str | None:
        """Why this stored citation no longer holds, or None when it does.

        The quote must stand in the source's text at its stored offsets (found
        elsewhere, the highlighted passage on the source page would be the
        wrong one), and the fact it supports must belong to its case.
        `source_text`, the source's text normalised once, saves normalising it
        again for each of its citations.
        """
        if source_text is None:
            source_text = NormalisedText(self.source.text)
        return quote_problem(source_text, self.quote, self.start, self.end) or self.fact_problem()

    def fact_problem(self) -> str | None:
        """Why the fact this passage supports is not its case's, or None when it is."""
        fact = next(
            (getattr(self, field) for field in FACT_FIELDS if getattr(self, f"{field}_id")), None
        )
        if fact is not None and fact.case_id != self.case_id:
            return (
                f"it is filed under case #{self.case_id} but its "
                f"{fact._meta.verbose_name} belongs to case #{fact.case_id}"
            )
        return None

    def locate(self):
        """Find the quote in the source, store its offsets and its exact wording.

        Raises ValidationError naming the source when the passage is not there.
        """
        found = find_quote(self.source.text, self.quote, self.start)
        if found is None:
            raise ValidationError(
                {
                    "quote": gettext(
                        "This passage does not occur in the text of the source “%(source)s”."
                    )
                    % {"source": self.source}
                }
            )
        self.start, self.end = found
        self.quote = self.source.text[self.start : self.end]


class SourceLinkStatus(models.TextChoices):
    SUGGESTED = "suggested", _("Suggested, not reviewed")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class SourceLinkQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Links whose case is published and whose source is public (see visibility)."""
        if can_see_drafts(user):
            return self
        return self.filter(cited_in_published_case("source"), published_q("case__"))

    def standing(self):
        """Links an editor accepted and suggestions nobody has reviewed yet, not rejected ones."""
        return self.exclude(status=SourceLinkStatus.REJECTED)


class SourceLink(WrittenWithHistory):
    """A source that concerns a case: suggested by name detection, then reviewed by an editor."""

    Status = SourceLinkStatus

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="links", verbose_name=_("source")
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="source_links", verbose_name=_("case")
    )
    status = models.CharField(
        max_length=10,
        choices=SourceLinkStatus,
        default=SourceLinkStatus.SUGGESTED,
        verbose_name=_("status"),
    )
    matched_names = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("The names found in the text that suggested the link."),
        verbose_name=_("matched names"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("reviewed at"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = SourceLinkQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("source link")
        verbose_name_plural = _("source links")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["source", "case"], name="source_link_unique"),
            models.CheckConstraint(
                condition=Q(status__in=SourceLinkStatus.values), name="source_link_status_valid"
            ),
        ]

    def __str__(self):
        return f"{self.source} → {self.case} ({self.get_status_display()})"

    def review(self, status, user):
        """Settle (or reopen) the suggestion: whoever accepts or rejects it is its reviewer."""
        self.status = status
        if status != SourceLinkStatus.SUGGESTED:
            self.reviewed_by = user if user is not None and user.is_authenticated else None
            self.reviewed_at = timezone.now()
