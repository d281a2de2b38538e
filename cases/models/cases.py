import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import connections, models
from django.db.models import BooleanField, Expression, F, OuterRef, Prefetch, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from cases.text.names import padded_keys

from .base import (
    CaseFact,
    Certainty,
    Derived,
    PartialDates,
    Timestamped,
    WrittenWithHistory,
    certainty_constraint,
    certainty_field,
    choice_constraint,
    date_not_before,
    in_case_by_date,
    not_before_constraint,
    one_transaction,
    partial_date_constraint,
    precision_field,
    refuse_moving_a_cited_fact,
    required_constraint,
    save_with_unique_slug,
    stored_country_codes,
    unique_slug,
)
from .review import review_state, withdraw_from_review
from .visibility import can_see_drafts, published_q

# The one order of every case list (pages, API, search within a rank, the CSV):
# newest detentions first, unknown dates last, then the newest record. PostgreSQL
# serves it from one index (migration 0007); a tie-breaker on another table
# (the person's name) would need a join and a sort of every match.
LIST_ORDER = (models.F("detained_on").desc(nulls_last=True), "-id")


class CaseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_q())

    def in_list_order(self):
        return self.order_by(*LIST_ORDER)

    def among_cases_with_decided_charges(self):
        """These cases, for a filter that only cases with a decided charge can pass
        (`outcome=convicted`): on PostgreSQL, read from the index of such cases in the list's
        order (migration 0026), so the walk to a full page does not grow with the registry.
        Elsewhere unchanged: the filter itself keeps the other cases out."""
        if connections[self.db].vendor != "postgresql":
            return self
        return self.filter(HasDecidedCharge())

    def visible_to(self, user):
        """Drafts are for editors and viewers; everyone else sees published cases (visibility)."""
        if can_see_drafts(user):
            return self
        return self.published()

    def with_stored_status_changes(self):
        """With the status changes `Case.derived_status()` checks a write against, read now.

        For a writer that checks many cases at once (a spreadsheet import): one
        read for all of them, in the transaction of the write, rather than one per case.
        """
        from .status import StatusChange

        return self.prefetch_related(
            Prefetch(
                "status_changes",
                queryset=StatusChange.objects.with_sources(),
                to_attr="stored_status_changes",
            )
        )

    def refresh_search_documents(self):
        """Rebuild the search document of these cases after their person or charges changed.

        Written with update() so that a derived column does not add a history entry.
        """
        for case in self.select_related("person").prefetch_related("charges"):
            type(case).objects.filter(pk=case.pk).update(
                search_document=case.build_search_document()
            )

    def with_facts(self):
        """The person and the facts a citation may support, named without a query each."""
        return self.select_related("person").prefetch_related(
            "charges",
            "events",
            Prefetch("positions", queryset=_positions_with_actors()),
            "status_changes",
        )

    def with_last_sourced_on(self):
        """Annotated with `last_sourced_on`: the day of the newest source cited anywhere in
        the case (its publication, else its update; see Source.dated_on), or None."""
        from .sources import Citation

        newest = (
            Citation.objects.filter(case=OuterRef("pk"), source__dated_on__isnull=False)
            .order_by(F("source__dated_on").desc())
            .values("source__dated_on")[:1]
        )
        return self.annotate(last_sourced_on=Subquery(newest))

    def stale(self, today, stale_after_days, stale=True):
        """Open cases (not released, not dead) with no source newer than `stale_after_days`
        before `today`: the cases that need a new source; with `stale=False`, the others.
        The rule is status.is_stale(); this is its SQL."""
        from .status import CLOSED_STATUSES

        cutoff = today - datetime.timedelta(days=stale_after_days)
        outdated = Q(last_sourced_on__isnull=True) | Q(last_sourced_on__lt=cutoff)
        condition = ~Q(status__in=CLOSED_STATUSES) & outdated
        annotated = (
            self if "last_sourced_on" in self.query.annotations else self.with_last_sourced_on()
        )
        return annotated.filter(condition) if stale else annotated.exclude(condition)

    def with_details(self):
        """Everything a case page or API response shows, in a fixed number of queries.

        Without these, each charge, event, position and citation would cost a
        query of its own (N+1 per case on a list, per fact on a page).
        """
        from .imports import ListEntry
        from .sources import Citation

        # A citation shows its source's title, never its full text, which may be long.
        citations = Citation.objects.select_related("source").defer("source__text")
        return self.select_related("person").prefetch_related(
            Prefetch(
                "charges",
                queryset=Charge.objects.prefetch_related(Prefetch("citations", queryset=citations)),
            ),
            Prefetch(
                "events",
                queryset=Event.objects.prefetch_related(Prefetch("citations", queryset=citations)),
            ),
            Prefetch(
                "positions",
                queryset=_positions_with_actors().prefetch_related(
                    Prefetch("citations", queryset=citations)
                ),
            ),
            Prefetch(
                "status_changes",
                queryset=_status_changes().prefetch_related(
                    Prefetch("citations", queryset=citations)
                ),
            ),
            Prefetch("citations", queryset=citations),
            Prefetch("list_entries", queryset=ListEntry.objects.select_related("case_list")),
        )


def refresh_search_text(record):
    """Rebuild the search text of the cases `record` belongs to, after it was written or deleted.

    A case's search text holds its person's names and its charges' texts, so
    renaming a person or changing a charge changes it. Every write path (admin,
    API, seeding) calls this in the transaction of the write; a case's own
    save() sets its text from what is stored at that moment.
    """
    from .people import Person

    if isinstance(record, Person):
        cases = Case.objects.filter(person=record)
    elif isinstance(record, Case | Charge):
        cases = Case.objects.filter(pk=getattr(record, "case_id", record.pk))
    else:
        return
    cases.refresh_search_documents()


def status_report_lookups():
    """Prefetches of what `status.status_report()` reads: the status changes and every
    citation, each with its source's dates and title (not its text). Four queries for
    any number of cases; also for `prefetch_related_objects()` on a page already read."""
    from .sources import Citation

    citations = Citation.objects.select_related("source").only(
        "id",
        "case_id",
        "status_change_id",
        "source__published_at",
        "source__updated_at",
        "source__dated_on",
        "source__title",
        "source__outlet",
        "source__url",
    )
    return [
        Prefetch(
            "status_changes",
            queryset=_status_changes().prefetch_related(Prefetch("citations", queryset=citations)),
        ),
        Prefetch("citations", queryset=citations),
    ]


def _status_changes():
    from .status import StatusChange

    return StatusChange.objects.all()


def _positions_with_actors():
    from .actors import Position

    return Position.objects.select_related("actor", "actor__parent")


class CaseStatus(models.TextChoices):
    # Held, with no conviction recorded: pre-trial detention or a detention without charge.
    DETAINED = "detained", _("Detained")
    IMPRISONED = "imprisoned", _("Convicted and imprisoned")
    HOUSE_ARREST = "house_arrest", _("Under house arrest")
    RELEASED = "released", _("Released")
    EXCHANGED = "exchanged", _("Released in an exchange")
    DIED_IN_CUSTODY = "died_in_custody", _("Died in custody")
    UNKNOWN = "unknown", _("Unknown")


class Case(Derived, WrittenWithHistory, PartialDates, Timestamped):
    """One detention of one person."""

    Status = CaseStatus

    partial_date_fields = ("detained_on", "released_on")
    # Where and when: edited together in the admin, shown together in every read shape.
    place_and_dates = (
        "detaining_country",
        "place",
        "detained_on",
        "detained_on_precision",
        "released_on",
        "released_on_precision",
    )

    person = models.ForeignKey(
        "cases.Person", on_delete=models.PROTECT, related_name="cases", verbose_name=_("person")
    )
    slug = models.SlugField(max_length=80, unique=True, blank=True, verbose_name=_("slug"))
    detaining_country = CountryField(
        blank=True,
        help_text=_("The state holding the person."),
        verbose_name=_("detaining country"),
    )
    place = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Where the person was detained or is held."),
        verbose_name=_("place"),
    )
    detained_on = models.DateField(null=True, blank=True, verbose_name=_("detained on"))
    detained_on_precision = precision_field(_("detained on"), _("detained on precision"))
    released_on = models.DateField(null=True, blank=True, verbose_name=_("released on"))
    released_on_precision = precision_field(_("released on"), _("released on precision"))
    status = models.CharField(
        max_length=20, choices=CaseStatus, default=CaseStatus.UNKNOWN, verbose_name=_("status")
    )
    summary = models.TextField(blank=True, verbose_name=_("summary"))
    search_document = models.TextField(
        editable=False,
        blank=True,
        help_text=_("Names, summary and charges as search keys; see cases.search."),
        verbose_name=_("search document"),
    )
    published = models.BooleanField(
        default=False,
        help_text=_("Drafts are visible only to editors and viewers."),
        verbose_name=_("published"),
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_cases",
        help_text=_("The editor working on the case."),
        verbose_name=_("assigned to"),
    )
    # Set when an editor submits the draft for review (cases.models.review).
    submitted_at = models.DateTimeField(
        verbose_name=_("submitted for review at"), null=True, blank=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted for review by"),
    )

    objects = CaseQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["search_document"])

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = list(LIST_ORDER)
        permissions = [("publish_case", "Can publish cases (with REQUIRE_REVIEW on)")]
        constraints = [
            choice_constraint("case", "status", CaseStatus),
            not_before_constraint("case", "released_on", "detained_on"),
            required_constraint("case", "slug"),
            partial_date_constraint("case", "detained_on"),
            partial_date_constraint("case", "released_on"),
        ]
        indexes = [
            # The public index and the API list filter on publication and status,
            # often with the country: the list's COUNT(*) reads this index alone.
            models.Index(
                fields=["published", "status", "detaining_country"],
                name="case_published_status_country",
            ),
            # The country filter, alone or with a date or "released": on PostgreSQL
            # the included columns let the COUNT(*) skip the table.
            models.Index(
                fields=["detaining_country", "published", "detained_on"],
                include=["status", "released_on"],
                name="case_country_published_date",
            ),
            # Filters on related records (charges, positions, citations, the person)
            # count the published cases among their matches: from this narrow index
            # rather than from the wide case rows.
            models.Index(fields=["published", "id"], include=["person"], name="case_published_id"),
            # Date filters. The default ordering has its own index on PostgreSQL
            # (migration 0007), since SQLite cannot index NULLS LAST.
            models.Index(fields=["detained_on"], name="case_detained_on"),
            models.Index(fields=["released_on"], name="case_released_on"),
            # The new-cases feed, newest first (cases.feeds), read backwards.
            models.Index(fields=["created_at", "id"], name="case_created_order"),
        ]

    def __str__(self):
        detained = self.display_date("detained_on")
        return f"{self.person.name} ({detained})" if detained else self.person.name

    def derive(self):
        self.assign_slug()
        if self.published:
            # Published: the review, if any, is over (its history keeps who submitted it).
            withdraw_from_review(self)

    @property
    def review_state(self):
        return review_state(self.published, self.submitted_at)

    @one_transaction
    def save(self, *args, **kwargs):
        # Not in derive(): it reads the charges, a query validation does not need.
        self.search_document = self.build_search_document()
        save_with_unique_slug(self, lambda: super(Case, self).save(*args, **kwargs), self.slug_text)

    def build_search_document(self, charges=None):
        """The person's names, the summary and the charges as search keys.

        `charges` may be given when they are not saved yet (bulk inserts).
        """
        if charges is None:
            charges = self.charges.all() if self.pk else []
        texts = [text for charge in charges for text in (charge.description, charge.statute)]
        return padded_keys(*self.person.all_names, self.summary, *texts)

    def assign_slug(self):
        """Give a new case its slug once; it never changes afterwards, so links stay valid."""
        if not self.slug and self.person_id:
            self.slug = unique_slug(self, self.slug_text)

    @property
    def detaining_country_code(self) -> str:
        return stored_country_codes(self, "detaining_country") or ""

    @property
    def slug_text(self):
        """What the slug is made of: the person's name and the year of detention."""
        year = self.detained_on.year if self.detained_on else ""
        return f"{self.person.name} {year}"

    def clean(self):
        super().clean()
        if not date_not_before(self.released_on, self.detained_on):
            raise ValidationError(
                {"released_on": gettext("The release date cannot be before the detention date.")}
            )
        derived = self.derived_status()
        if derived is not None and self.status != derived:
            raise ValidationError(
                {
                    "status": gettext(
                        "The status follows the case's status changes, the latest of which is "
                        "“%(status)s”: record a status change, with its source, to change it."
                    )
                    % {"status": CaseStatus(derived).label}
                }
            )

    def derived_status(self):
        """The status of the latest status change, or None when the case has none."""
        from .status import StatusChange, in_sequence

        if self.pk is None:
            return None
        # Read afresh, not from what with_details() may have prefetched: a write checks
        # against the stored sequence (read for many cases by with_stored_status_changes()).
        stored = getattr(self, "stored_status_changes", None)
        if stored is None:
            stored = StatusChange.objects.filter(case_id=self.pk).with_sources()
        changes = in_sequence(stored)
        return changes[-1].status if changes else None

    def get_absolute_url(self):
        return reverse("cases:case-detail", args=[self.slug])

    def record_citations(self):
        """The citations of the case record itself rather than of one of its facts.

        Reads the prefetched citations when `with_details()` loaded them.
        """
        return [c for c in self.citations.all() if c.claim_kind == c.Claim.CASE]

    def needs_citation(self):
        """Whether the case holds facts from a list that no source passage supports yet.

        Reads the prefetched list entries and citations when `with_details()` loaded them.
        """
        return bool(self.list_entries.all()) and not self.citations.all()

    def cited_sources(self):
        """The distinct sources cited anywhere in the case, in citation order.

        Reads the prefetched citations when `with_details()` loaded them.
        """
        sources = {}
        for citation in self.citations.all():
            sources.setdefault(citation.source_id, citation.source)
        return list(sources.values())


class ChargeOutcome(models.TextChoices):
    PENDING = "pending", _("Pending")
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")
    DROPPED = "dropped", _("Dropped")
    UNKNOWN = "unknown", _("Unknown")


# A charge with one of these outcomes was decided (Charge.decided_on: "the verdict or
# dismissal"). Migration 0026 repeats them in SQL.
DECIDED_OUTCOMES = (ChargeOutcome.CONVICTED, ChargeOutcome.ACQUITTED, ChargeOutcome.DROPPED)


class HasDecidedCharge(Expression):
    """Whether a case has a decided charge: the column PostgreSQL's triggers keep (migration 0026).

    Not a model field, so that Django never writes it; PostgreSQL only.
    """

    output_field = BooleanField()
    conditional = True

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.base_table)
        return f"{table}.has_decided_charge", []


class Charge(CaseFact):
    """An accusation against the person and what became of it."""

    Outcome = ChargeOutcome
    Certainty = Certainty

    partial_date_fields = ("charged_on", "decided_on")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="charges", verbose_name=_("case")
    )
    description = models.CharField(
        max_length=300,
        help_text=_("What the person is accused of, e.g. espionage."),
        verbose_name=_("description"),
    )
    statute = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("The law invoked, e.g. Article 276 of the Russian Criminal Code."),
        verbose_name=_("statute"),
    )
    outcome = models.CharField(
        max_length=20,
        choices=ChargeOutcome,
        default=ChargeOutcome.UNKNOWN,
        verbose_name=_("outcome"),
    )
    sentence = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("The sentence as the source states it."),
        verbose_name=_("sentence"),
    )
    sentence_months = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(1200)],
        help_text=_("Term of the sentence in months, when one was given."),
        verbose_name=_("sentence months"),
    )
    charged_on = models.DateField(null=True, blank=True, verbose_name=_("charged on"))
    charged_on_precision = precision_field(_("charged on"), _("charged on precision"))
    decided_on = models.DateField(
        null=True,
        blank=True,
        help_text=_("Date of the verdict or dismissal."),
        verbose_name=_("decided on"),
    )
    decided_on_precision = precision_field(_("decided on"), _("decided on precision"))
    certainty = certainty_field()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = in_case_by_date("charged_on")
        constraints = [
            choice_constraint("charge", "outcome", ChargeOutcome),
            required_constraint("charge", "description"),
            not_before_constraint("charge", "decided_on", "charged_on"),
            partial_date_constraint("charge", "charged_on"),
            partial_date_constraint("charge", "decided_on"),
            certainty_constraint("charge"),
        ]

    def __str__(self):
        return self.description

    def clean(self):
        super().clean()
        if not date_not_before(self.decided_on, self.charged_on):
            raise ValidationError(
                {"decided_on": gettext("The decision cannot be before the charge.")}
            )
        refuse_moving_a_cited_fact(self)


class EventKind(models.TextChoices):
    ARREST = "arrest", _("Arrest")
    CHARGE = "charge", _("Charge")
    HEARING = "hearing", _("Hearing")
    VERDICT = "verdict", _("Verdict")
    SENTENCE = "sentence", _("Sentence")
    APPEAL = "appeal", _("Appeal")
    TRANSFER = "transfer", _("Transfer")
    RELEASE = "release", _("Release")
    EXCHANGE = "exchange", _("Exchange")
    DEATH = "death", _("Death")
    OTHER = "other", _("Other")


class Event(CaseFact):
    """A step in the case's timeline."""

    Kind = EventKind
    Certainty = Certainty

    partial_date_fields = ("occurred_on",)

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="events", verbose_name=_("case")
    )
    kind = models.CharField(max_length=20, choices=EventKind, verbose_name=_("kind"))
    occurred_on = models.DateField(null=True, blank=True, verbose_name=_("occurred on"))
    occurred_on_precision = precision_field(_("occurred on"), _("occurred on precision"))
    place = models.CharField(max_length=200, blank=True, verbose_name=_("place"))
    description = models.TextField(blank=True, verbose_name=_("description"))
    certainty = certainty_field()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = in_case_by_date("occurred_on")
        constraints = [
            choice_constraint("event", "kind", EventKind),
            partial_date_constraint("event", "occurred_on"),
            certainty_constraint("event"),
        ]

    def __str__(self):
        occurred = self.display_date("occurred_on") or "date unknown"
        return f"{self.get_kind_display()}, {occurred}"

    def clean(self):
        super().clean()
        refuse_moving_a_cited_fact(self)
