"""The index's filter form, its chips, and the one-line summaries of each listed case.

The form is `CaseFilter`'s own (cases.search.filters): its fields validate
and filter; only the widgets, labels and the countries offered change here,
so a filter the API gains is a filter the page can show.
"""

from dataclasses import dataclass

from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from cases.models import Actor, Charge, Position
from cases.search.counts import cached_result
from cases.search.filters import AnyOfWidget, record_id

# The order and short labels of the page's fields; the API keeps its longer help texts.
FIELD_LABELS = {
    "search": _("Search names, aliases, summaries and charges"),
    "status": _("Status"),
    "detaining_country": _("Detained in"),
    "citizenship": _("Citizenship"),
    "charge": _("Charge"),
    "outcome": _("Outcome of a charge"),
    "detained_after": _("Detained on or after"),
    "detained_before": _("Detained on or before"),
    "released_after": _("Released on or after"),
    "released_before": _("Released on or before"),
    "actor_country": _("Government"),
    "stance": _("Position"),
    "ordering": _("Order"),
}
ORDERINGS = [
    ("", _("Newest detention first")),
    ("detained_on", _("Oldest detention first")),
    ("-released_on", _("Newest release first")),
    ("person__name", _("Name, A to Z")),
    ("-updated_at", _("Recently updated")),
]


class AnyOfCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes that read values exactly as the filter's own widget does.

    Shared URLs may say `?status=detained,released`; delegating keeps those
    links working and the boxes ticked.
    """

    def value_from_datadict(self, data, files, name):
        return AnyOfWidget().value_from_datadict(data, files, name)


class AnyOfSelect(forms.Select):
    """A one-choice drop-down for a filter that accepts several values in the URL."""

    def value_from_datadict(self, data, files, name):
        return AnyOfWidget().value_from_datadict(data, files, name)


class CountryCheckboxes(AnyOfCheckboxes):
    """Country codes ticked in whatever case a link wrote them (`ru` is RU), as the filter reads them."""

    def value_from_datadict(self, data, files, name):
        return [code.upper() for code in super().value_from_datadict(data, files, name)]


class CountrySelect(AnyOfSelect):
    def value_from_datadict(self, data, files, name):
        return [code.upper() for code in super().value_from_datadict(data, files, name)]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


def use_page_widgets(form, visible, user):
    """Fit the shared FilterSet's API-minded fields to a form people fill in.

    Validation stays the FilterSet's. Countries offered are those that occur
    among the visible cases (and any a shared link names), by name.
    """
    for name, label in FIELD_LABELS.items():
        form.fields[name].label = label
    for name in ("status", "outcome"):
        form.fields[name].widget = AnyOfCheckboxes(choices=form.fields[name].choices)

    # Each list is one DISTINCT over every visible case, reused until the registry next
    # changes (cases.search.counts), as the list's own count is.
    detaining_codes = (
        visible.exclude(detaining_country="")
        .order_by()
        .values_list("detaining_country", flat=True)
        .distinct()
    )
    stored_citizenships = (
        visible.order_by().values_list("person__citizenships", flat=True).distinct()
    )
    actor_codes = (
        Actor.objects.visible_to(user)
        .exclude(country="")
        .order_by()
        .values_list("country", flat=True)
        .distinct()
    )
    offered = {
        "detaining_country": _codes(detaining_codes, "offered:detaining"),
        "citizenship": {
            code
            for codes in _codes(stored_citizenships, "offered:citizenships")
            for code in codes.split(",")
            if code
        },
        "actor_country": _codes(actor_codes, "offered:actors"),
    }
    for name, codes in offered.items():
        # A shared link may name a country with no case yet; keep it selectable.
        # Only what may be a code ("①" passes isdigit() yet is no number django-countries reads).
        given = form[name].value() or []
        codes = set(codes) | {code.upper() for code in given if code.isascii() and code.isalnum()}
        choices = sorted(((c, countries.name(c) or c) for c in codes), key=_by_name)
        if name == "actor_country":
            form.fields[name].widget = CountrySelect(choices=[("", _("Any government")), *choices])
        else:
            form.fields[name].widget = CountryCheckboxes(choices=choices)
    form.fields["stance"].widget = AnyOfSelect(
        choices=[("", _("Any position")), *form.fields["stance"].choices]
    )
    form.fields["ordering"].widget = AnyOfSelect(choices=ORDERINGS)
    for name in ("detained_after", "detained_before", "released_after", "released_before"):
        form.fields[name].widget = DateInput()
    form.fields["charge"].widget.attrs["aria-describedby"] = "charge-hint"
    search = form.fields["search"].widget
    search.input_type = "search"
    search.attrs["autocomplete"] = "off"


def _codes(queryset, kind):
    return set(cached_result(queryset, kind, lambda: list(queryset), empty=[]))


def _by_name(choice):
    return choice[1]


COUNTRY_FIELDS = ("detaining_country", "citizenship", "actor_country")


@dataclass(frozen=True)
class Chip:
    """One active filter value, with the query that removes it."""

    label: str
    value: str
    query: str


def chips(form, query):
    """A chip for every value of every filter the request sets, the form's own fields first.

    `query` is the request's GET; each chip links to it without that one value
    (and without the page number, since the results change). Filters the form
    does not show (`stale`, `source`... from a shared link) get chips too.
    """
    result = []
    names = [*FIELD_LABELS, *(name for name in form.fields if name not in FIELD_LABELS)]
    for name in names:
        field = form.fields[name]
        values = AnyOfWidget().value_from_datadict(query, None, name)
        labels = _labels(field, values) if values else {}
        for value in values:
            remaining = query.copy()
            remaining.pop("page", None)
            remaining.setlist(name, [other for other in values if other != value])
            key = value.upper() if name in COUNTRY_FIELDS else value
            result.append(
                Chip(str(field.label), str(labels.get(key, value)), remaining.urlencode())
            )
    return result


def _labels(field, values):
    """{value: label} for the values a chip shows; records (a source, an actor) by their name.

    Only the records named are read: a record field's choices are every visible
    source or actor, which the page must not load.
    """
    queryset = getattr(field, "queryset", None)
    if queryset is not None:
        ids = [value for value in values if record_id(value) is not None]
        return {str(record.pk): str(record) for record in queryset.filter(pk__in=ids)}
    return dict(_flat_choices(field))


def hidden_filters(form, query):
    """(name, value) of the active filters the form has no input for, to keep on resubmission."""
    return [
        (name, value)
        for name in form.fields
        if name not in FIELD_LABELS
        for value in AnyOfWidget().value_from_datadict(query, None, name)
    ]


def _flat_choices(field):
    """A field's choices as shown: the page widget's labels over the field's own."""
    choices = [*getattr(field, "choices", []), *getattr(field.widget, "choices", [])]
    return [(str(value), label) for value, label in choices if value != ""]


def list_lookups():
    """Prefetches of what a listed case's summary shows: charges and positions with their
    actors (and the body an actor is part of, for its country): two queries a page."""
    return [
        Prefetch("charges", queryset=Charge.objects.only("id", "case_id", "description")),
        Prefetch(
            "positions",
            queryset=Position.objects.select_related("actor", "actor__parent").only(
                "id",
                "case_id",
                "stance",
                "stated_on",
                "actor__name",
                "actor__country",
                "actor__parent__country",
            ),
        ),
    ]


def actor_country(actor):
    """The actor's country, or the one of the body it is part of (an official, a ministry)."""
    if actor.country:
        return actor.country
    return actor.parent.country if actor.parent else actor.country


@dataclass(frozen=True)
class Stances:
    """One country's (or stateless actor's) stances on a case, in the order first stated."""

    who: str
    code: str
    stances: list


def position_summary(positions) -> list[Stances]:
    """ "US: calls for release · Russia: defends the prosecution", as data, countries by name."""
    grouped = {}
    for position in positions:
        country = actor_country(position.actor)
        key = country.code if country else f"actor:{position.actor.name}"
        who = country.name if country else position.actor.name
        entry = grouped.setdefault(key, (who, country.code if country else "", []))
        label = position.get_stance_display()
        if label not in entry[2]:
            entry[2].append(label)
    return [Stances(who, code, stances) for who, code, stances in sorted(grouped.values())]
