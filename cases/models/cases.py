from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from cases.text.names import padded_keys

from .base import (
    PartialDates,
    Timestamped,
    date_not_before,
    partial_date_constraint,
    precision_field,
    unique_slug,
)


class CaseQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def visible_to(self, user):
        """Drafts are for people allowed to see them; everyone else sees published cases."""
        if user.is_authenticated and user.has_perm("cases.view_case"):
            return self
        return self.published()

    def refresh_search_documents(self):
        """Rebuild the search document of these cases after their person or charges changed.

        Written with update() so that a derived column does not add a history entry.
        """
        for case in self.select_related("person").prefetch_related("charges"):
            type(case).objects.filter(pk=case.pk).update(
                search_document=case.build_search_document()
            )

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
            Prefetch("citations", queryset=citations),
            Prefetch("list_entries", queryset=ListEntry.objects.select_related("case_list")),
        )


def _positions_with_actors():
    from .actors import Position

    return Position.objects.select_related("actor", "actor__parent")


class CaseStatus(models.TextChoices):
    # Held, with no conviction recorded: pre-trial detention or a detention without charge.
    DETAINED = "detained", "Detained"
    IMPRISONED = "imprisoned", "Convicted and imprisoned"
    HOUSE_ARREST = "house_arrest", "Under house arrest"
    RELEASED = "released", "Released"
    EXCHANGED = "exchanged", "Released in an exchange"
    DIED_IN_CUSTODY = "died_in_custody", "Died in custody"
    UNKNOWN = "unknown", "Unknown"


class Case(PartialDates, Timestamped):
    """One detention of one person."""

    Status = CaseStatus

    partial_date_fields = ("detained_on", "released_on")

    person = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="cases")
    slug = models.SlugField(max_length=80, unique=True, blank=True)
    detaining_country = CountryField(blank=True, help_text="The state holding the person.")
    place = models.CharField(
        max_length=200, blank=True, help_text="Where the person was detained or is held."
    )
    detained_on = models.DateField(null=True, blank=True)
    detained_on_precision = precision_field("detained_on")
    released_on = models.DateField(null=True, blank=True)
    released_on_precision = precision_field("released_on")
    status = models.CharField(max_length=20, choices=CaseStatus, default=CaseStatus.UNKNOWN)
    summary = models.TextField(blank=True)
    search_document = models.TextField(
        editable=False,
        blank=True,
        help_text="Names, summary and charges as search keys; see cases.search.",
    )
    published = models.BooleanField(
        default=False, help_text="Drafts are visible only to editors and viewers."
    )

    objects = CaseQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["search_document"])

    class Meta:
        # Newest detentions first, unknown dates last.
        ordering = [models.F("detained_on").desc(nulls_last=True), "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CaseStatus.values),
                name="case_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(released_on__isnull=True)
                | Q(detained_on__isnull=True)
                | Q(released_on__gte=models.F("detained_on")),
                name="case_released_not_before_detained",
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="case_slug_required"),
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
        ]

    def __str__(self):
        detained = self.display_date("detained_on")
        return f"{self.person.name} ({detained})" if detained else self.person.name

    def save(self, *args, **kwargs):
        self.assign_slug()
        self.search_document = self.build_search_document()
        super().save(*args, **kwargs)

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
            year = self.detained_on.year if self.detained_on else ""
            self.slug = unique_slug(self, f"{self.person.name} {year}")

    def clean(self):
        # The slug first, so an unrelated error is not also reported as a missing slug.
        self.assign_slug()
        super().clean()
        if not date_not_before(self.released_on, self.detained_on):
            raise ValidationError(
                {"released_on": "The release date cannot be before the detention date."}
            )

    def get_absolute_url(self):
        return reverse("cases:case-detail", args=[self.slug])

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
    PENDING = "pending", "Pending"
    CONVICTED = "convicted", "Convicted"
    ACQUITTED = "acquitted", "Acquitted"
    DROPPED = "dropped", "Dropped"
    UNKNOWN = "unknown", "Unknown"


class Charge(PartialDates, Timestamped):
    """An accusation against the person and what became of it."""

    Outcome = ChargeOutcome

    partial_date_fields = ("charged_on", "decided_on")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="charges")
    description = models.CharField(
        max_length=300, help_text="What the person is accused of, e.g. espionage."
    )
    statute = models.CharField(
        max_length=200,
        blank=True,
        help_text="The law invoked, e.g. Article 276 of the Russian Criminal Code.",
    )
    outcome = models.CharField(max_length=20, choices=ChargeOutcome, default=ChargeOutcome.UNKNOWN)
    sentence = models.CharField(
        max_length=300, blank=True, help_text="The sentence as the source states it."
    )
    sentence_months = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(1200)],
        help_text="Term of the sentence in months, when one was given.",
    )
    charged_on = models.DateField(null=True, blank=True)
    charged_on_precision = precision_field("charged_on")
    decided_on = models.DateField(
        null=True, blank=True, help_text="Date of the verdict or dismissal."
    )
    decided_on_precision = precision_field("decided_on")

    history = HistoricalRecords()

    class Meta:
        # By the column, not "case": that would expand to Case's ordering and join.
        ordering = ["case_id", "charged_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=ChargeOutcome.values),
                name="charge_outcome_valid",
            ),
            models.CheckConstraint(
                condition=~Q(description=""), name="charge_description_required"
            ),
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True)
                | Q(charged_on__isnull=True)
                | Q(decided_on__gte=models.F("charged_on")),
                name="charge_decided_not_before_charged",
            ),
            partial_date_constraint("charge", "charged_on"),
            partial_date_constraint("charge", "decided_on"),
        ]

    def __str__(self):
        return self.description

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        Case.objects.filter(pk=self.case_id).refresh_search_documents()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        Case.objects.filter(pk=self.case_id).refresh_search_documents()
        return result

    def clean(self):
        super().clean()
        if not date_not_before(self.decided_on, self.charged_on):
            raise ValidationError({"decided_on": "The decision cannot be before the charge."})


class EventKind(models.TextChoices):
    ARREST = "arrest", "Arrest"
    CHARGE = "charge", "Charge"
    HEARING = "hearing", "Hearing"
    VERDICT = "verdict", "Verdict"
    SENTENCE = "sentence", "Sentence"
    APPEAL = "appeal", "Appeal"
    TRANSFER = "transfer", "Transfer"
    RELEASE = "release", "Release"
    EXCHANGE = "exchange", "Exchange"
    DEATH = "death", "Death"
    OTHER = "other", "Other"


class Event(PartialDates, Timestamped):
    """A step in the case's timeline."""

    Kind = EventKind

    partial_date_fields = ("occurred_on",)

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind)
    occurred_on = models.DateField(null=True, blank=True)
    occurred_on_precision = precision_field("occurred_on")
    place = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        # By the column, not "case": that would expand to Case's ordering and join.
        ordering = ["case_id", "occurred_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values),
                name="event_kind_valid",
            ),
            partial_date_constraint("event", "occurred_on"),
        ]

    def __str__(self):
        occurred = self.display_date("occurred_on") or "date unknown"
        return f"{self.get_kind_display()}, {occurred}"
