"""FilterSets shared by the API and the public pages.

Use them the django-filter way, with a queryset that already hides what the
user may not see, and the request, whose user also limits the records a
filter may name (`?source=`, `?actor=`, `?case=`) to those they may see::

    cases = Case.objects.visible_to(request.user)
    case_filter = CaseFilter(request.GET, queryset=cases, request=request)
    if case_filter.is_valid(): ...  # then case_filter.qs; case_filter.form renders the fields

Every multi-valued parameter takes repeated values (`?status=detained&status=released`)
or comma-separated ones (`?status=detained,released`), both meaning "any of". Values
that cannot be understood (an unknown status, a malformed date, a country code that
does not exist, `released=maybe`) make the form invalid rather than being ignored,
so the API answers 400 naming the parameter instead of a misleading empty list.
"""

from django import forms
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.lookups import Overlap as ArrayOverlap
from django.db import connection
from django.db.models import F, Func, OuterRef, Q, TextField, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_filters import fields
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field

from cases.models import Actor, Case, Charge, Citation, Position, Source
from cases.models.cases import DECIDED_OUTCOMES
from cases.models.imports import from_list_q, needs_citation_q
from cases.models.review import ReviewState, review_state_q
from cases.models.status import HELD_STATUSES
from cases.models.visibility import ExistsProbe, can_see_drafts, published_q
from cases.search.ranking import search_cases

ISO_DATE = ["%Y-%m-%d"]
# The largest value of a BigAutoField, the type of every id.
MAX_ID = 2**63 - 1


class AnyOfWidget(forms.SelectMultiple):
    """A multiple select that also reads `a,b` as the two values `a` and `b`."""

    def value_from_datadict(self, data, files, name):
        values = super().value_from_datadict(data, files, name)
        if isinstance(values, str):
            values = [values]
        return [part.strip() for value in values or [] for part in value.split(",") if part.strip()]


class CountryCodesField(forms.MultipleChoiceField):
    """ISO 3166-1 alpha-2 codes, in either case; unknown codes are a validation error."""

    widget = AnyOfWidget

    def __init__(self, **kwargs):
        # A callable so the country names are translated per request, not at import.
        kwargs["choices"] = lambda: list(countries)
        super().__init__(**kwargs)

    def to_python(self, value):
        return [code.upper() for code in super().to_python(value)]

    def valid_value(self, value):
        # A lookup, rather than a pass over every country's translated name.
        return value in countries


class AnyOfFilter(filters.MultipleChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", AnyOfWidget)
        # These filters compare columns of the case itself or sit inside an
        # EXISTS subquery, so they never duplicate rows and need no DISTINCT.
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


@extend_schema_field(
    {
        "type": "string",
        "minLength": 2,
        "maxLength": 2,
        "description": "ISO 3166-1 alpha-2 country code, e.g. RU (any case). "
        "Repeat or comma-separate for any of several.",
    }
)
class CountryFilter(AnyOfFilter):
    field_class = CountryCodesField  # which brings its own choices


def record_id(text: str) -> int | None:
    """`text` as a record id, or None when it cannot be one.

    Only ASCII digits: `str.isdigit()` also accepts "¹" and "①", which int()
    refuses, and int() reads "٧" as 7. A number past the range of the id
    column would make SQLite raise an OverflowError rather than match nothing.
    """
    if text.isascii() and text.isdecimal() and 0 < int(text) <= MAX_ID:
        return int(text)
    return None


def visible(model, *fields):
    """A filter's choices: the records of `model` the request's user may see (`visible_to`).

    A hidden record is then refused exactly as one that does not exist. Without
    a request (a FilterSet built outside a view) the choices are the public ones.
    """

    def queryset(request):
        records = model.objects.visible_to(request.user if request is not None else None)
        return records.only(*fields) if fields else records

    return queryset


class RecordIdsField(fields.ModelMultipleChoiceField):
    """Ids of records; a value that cannot be an id is refused before any query."""

    def _check_values(self, value):
        for pk in value:
            if record_id(str(pk)) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


@extend_schema_field(
    {"type": "integer", "description": "Record id. Repeat or comma-separate for any of several."}
)
class AnyOfModelFilter(filters.ModelMultipleChoiceFilter):
    """Records by id; an id that names no record is a validation error."""

    field_class = RecordIdsField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", AnyOfWidget)
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.TypedChoiceField):
    """`true` or `false` (also `1`/`0`, any case); anything else is an error, never ignored."""

    def __init__(self, **kwargs):
        kwargs.pop("empty_value", None)
        super().__init__(
            choices=[("", "Any"), ("true", "Yes"), ("false", "No")],
            coerce=lambda value: value == "true",
            empty_value=None,
            **kwargs,
        )

    def to_python(self, value):
        value = super().to_python(value).strip().lower()
        return {"1": "true", "0": "false"}.get(value, value)


class StrictBooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField

    def __init__(self, *args, **kwargs):
        # Not django-filter's BooleanWidget, which reads an unknown value as "any".
        kwargs.setdefault("widget", forms.Select)
        super().__init__(*args, **kwargs)


class IsoDateFilter(filters.DateFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("input_formats", ISO_DATE)
        super().__init__(*args, **kwargs)


class StableOrderingFilter(filters.OrderingFilter):
    """Ordering with empty values last and the primary key as a tie-breaker.

    Undated cases come last on every database, as in the list's own order
    (SQLite puts NULLs first when ascending, PostgreSQL when descending); the id
    breaks ties in the direction of the first field, so pages never repeat or
    skip rows, and `-detained_on` is exactly the list's order, walked on its index.
    """

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        field = F(self.param_map.get(param.lstrip("-"), param.lstrip("-")))
        return field.desc(nulls_last=True) if descending else field.asc(nulls_last=True)

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if not value:
            return qs
        return qs.order_by(*qs.query.order_by, "-id" if value[0].startswith("-") else "id")


def citizenship_q(codes, prefix=""):
    """People holding any of the citizenships in `codes`.

    django-countries stores a person's citizenships as one comma-separated
    string ("US,RU"). On PostgreSQL the string is split into an array and
    compared with `&&` (overlap), which a GIN index on that expression serves
    (migration 0008). Elsewhere a substring test, which is exact too: two-letter
    codes cannot match across a comma.
    """
    if connection.vendor == "postgresql":
        citizenships = Func(
            F(f"{prefix}citizenships"),
            Value(","),
            function="string_to_array",
            output_field=ArrayField(TextField()),
        )
        return Q(
            ArrayOverlap(citizenships, Value(list(codes), output_field=ArrayField(TextField())))
        )
    condition = Q()
    for code in codes:
        condition |= Q(**{f"{prefix}citizenships__contains": code})
    return condition


def held_citizenships(queryset, prefix="") -> set[str]:
    """Every citizenship code held by the people of `queryset` (people, or cases with `person__`)."""
    # Stored as one "US,RU" string per person.
    stored = queryset.order_by().values_list(f"{prefix}citizenships", flat=True).distinct()
    return {code for codes in stored for code in codes.split(",") if code}


# A filter value, not a status of its own: every status under which the person is in custody.
HELD = "held"


class CaseFilter(filters.FilterSet):
    status = AnyOfFilter(
        choices=[(HELD, _("Currently held")), *Case.Status.choices],
        method="filter_status",
        label="Status (any of); `held` is any status in custody "
        "(detained, imprisoned, under house arrest)",
    )
    detaining_country = CountryFilter(label="Detaining country")
    citizenship = CountryFilter(
        method="filter_citizenship", label="Citizenship (any of the person's)"
    )
    published = StrictBooleanFilter(
        method="filter_published", label="Published (true) or draft (false)"
    )

    charge = filters.CharFilter(
        method="filter_together", label="Charge (text in its description or statute)"
    )
    outcome = AnyOfFilter(
        choices=Charge.Outcome.choices,
        method="filter_together",
        label="Outcome of a charge (any of); with `charge`, of that charge",
    )

    detained_after = IsoDateFilter(
        field_name="detained_on", lookup_expr="gte", label="Detained on or after (YYYY-MM-DD)"
    )
    detained_before = IsoDateFilter(
        field_name="detained_on", lookup_expr="lte", label="Detained on or before (YYYY-MM-DD)"
    )
    released_after = IsoDateFilter(
        field_name="released_on", lookup_expr="gte", label="Released on or after (YYYY-MM-DD)"
    )
    released_before = IsoDateFilter(
        field_name="released_on", lookup_expr="lte", label="Released on or before (YYYY-MM-DD)"
    )
    released = StrictBooleanFilter(
        method="filter_released",
        label="Released (true: a release date or a released/exchanged status) or not (false)",
    )

    last_sourced_after = IsoDateFilter(
        method="filter_together",
        label="Newest source cited in the case on or after (YYYY-MM-DD)",
    )
    last_sourced_before = IsoDateFilter(
        method="filter_together",
        label="Newest source cited in the case on or before (YYYY-MM-DD)",
    )
    stale = StrictBooleanFilter(
        method="filter_together",
        label="Still open (not released, not dead) with no source in the last "
        "STALE_AFTER_DAYS days (true), or not (false)",
    )

    actor = AnyOfModelFilter(queryset=visible(Actor), method="filter_together")
    actor_country = CountryFilter(method="filter_together", label="Actor's country")
    stance = AnyOfFilter(
        choices=Position.Stance.choices,
        method="filter_together",
        label="Stance of a position (any of); with `actor` or `actor_country`, theirs",
    )

    source = AnyOfModelFilter(
        # Only what the choice labels use: rendering or validating the choices
        # must not load every source's full text.
        queryset=visible(Source, "id", "title", "outlet"),
        method="filter_source",
        label="Cites source",
    )
    search = filters.CharFilter(
        method="filter_search", label="Search names, aliases, summary and charges"
    )
    from_list = StrictBooleanFilter(
        method="filter_from_list", label="Imported from a list (true) or not (false)"
    )
    needs_citation = StrictBooleanFilter(
        method="filter_needs_citation",
        label="Holds facts from a list that no source passage supports yet",
    )
    review_state = AnyOfFilter(
        choices=ReviewState.choices,
        method="filter_review_state",
        label="Review state (any of): draft, needs_review (submitted, waiting for a "
        "reviewer), published",
    )

    ordering = StableOrderingFilter(
        fields=["detained_on", "released_on", "updated_at", "person__name"],
        label="Order by (prefix - for descending)",
    )

    class Meta:
        model = Case
        fields = []

    def filter_published(self, queryset, name, value):
        if not value and self.drafts_hidden():
            return queryset.none()
        return queryset.filter(published_q() if value else ~published_q())

    def drafts_hidden(self) -> bool:
        """Whether the request's user sees published cases only, so that asking for drafts
        finds nothing. Said outright: `published AND NOT published` is no contradiction to
        the database, which would walk every published case to find none (41 ms at
        100,000 cases, growing with them)."""
        return self.request is not None and not can_see_drafts(self.request.user)

    def filter_status(self, queryset, name, value):
        statuses = set(value)
        if HELD in statuses:
            statuses = (statuses - {HELD}) | HELD_STATUSES
        return queryset.filter(status__in=sorted(statuses))

    def filter_citizenship(self, queryset, name, value):
        return queryset.filter(citizenship_q(value, prefix="person__"))

    def filter_released(self, queryset, name, value):
        # A release is known from its date or from the status alone, since
        # sources often report a release without dating it.
        released = Q(released_on__isnull=False) | Q(
            status__in=[Case.Status.RELEASED, Case.Status.EXCHANGED]
        )
        return queryset.filter(released if value else ~released)

    def filter_source(self, queryset, name, value):
        if not value:  # An empty queryset of sources, which method filters do not skip.
            return queryset
        # A source is cited in a few cases: they are found from its citations
        # (the citations index), not by probing every case in the list's order.
        # By id: the sources were read when the value was checked.
        cited = Citation.objects.filter(source_id__in=[source.pk for source in value])
        return queryset.filter(pk__in=cited.values("case_id"))

    def filter_from_list(self, queryset, name, value):
        return queryset.filter(from_list_q() if value else ~from_list_q())

    def filter_needs_citation(self, queryset, name, value):
        return queryset.filter(needs_citation_q() if value else ~needs_citation_q())

    def filter_review_state(self, queryset, name, value):
        if ReviewState.PUBLISHED not in value and self.drafts_hidden():
            return queryset.none()
        either = Q()
        for state in value:
            either |= review_state_q(state)
        return queryset.filter(either)

    def filter_search(self, queryset, name, value):
        # Ranked best match first; an explicit `ordering` parameter still wins.
        return search_cases(queryset, value)

    def filter_together(self, queryset, name, value):
        """Leave charge and position filters to `filter_queryset()`, which combines them."""
        return queryset

    def filter_queryset(self, queryset):
        """Apply the filters, then those describing one charge or one position together.

        `charge=espionage&outcome=convicted` means a conviction *for espionage*,
        and `actor_country=US&stance=calls_for_release` a call for release *by the
        United States*: each group is one EXISTS subquery over the same row,
        not separate conditions that different rows could satisfy.
        """
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data

        charge_terms = Q()
        if data.get("charge"):
            charge_terms &= _charge_text_q(data["charge"])
        if data.get("outcome"):
            charge_terms &= Q(outcome__in=data["outcome"])
        if charge_terms:
            queryset = queryset.filter(
                ExistsProbe(Charge.objects.filter(charge_terms, case=OuterRef("pk")))
            )
        if data.get("outcome") and set(data["outcome"]) <= set(DECIDED_OUTCOMES):
            # Most of the newest cases await a verdict: start the walk among those with one.
            queryset = queryset.among_cases_with_decided_charges()

        position_terms = Q()
        if data.get("actor_country"):
            # The country's actors once (a hashed subquery), not a join in every probe.
            actors = Actor.objects.filter(country__in=data["actor_country"]).values("pk")
            position_terms &= Q(actor__in=actors)
        if data.get("stance"):
            position_terms &= Q(stance__in=data["stance"])
        if data.get("actor"):
            # Named actors have few positions: their cases are found from the positions.
            position_terms &= Q(actor_id__in=[actor.pk for actor in data["actor"]])
            positions = Position.objects.filter(position_terms).values("case_id")
            queryset = queryset.filter(pk__in=positions)
        elif position_terms:
            queryset = queryset.filter(
                ExistsProbe(Position.objects.filter(position_terms, case=OuterRef("pk")))
            )
        return self.filter_freshness(queryset, data)

    def filter_freshness(self, queryset, data):
        """The newest source's date and staleness, from one annotation of the case's citations."""
        after, before, stale = (
            data.get(n) for n in ("last_sourced_after", "last_sourced_before", "stale")
        )
        if after is None and before is None and stale is None:
            return queryset
        queryset = queryset.with_last_sourced_on()
        if after is not None:
            queryset = queryset.filter(last_sourced_on__gte=after)
        if before is not None:
            queryset = queryset.filter(last_sourced_on__lte=before)
        if stale is not None:
            queryset = queryset.stale(timezone.localdate(), settings.STALE_AFTER_DAYS, stale)
        return queryset


def _charge_text_q(text):
    return Q(description__icontains=text) | Q(statute__icontains=text)
