"""The index's charts: its cases by detaining country, by status and by year of detention.

Counted with the index's current filters, in one grouped query each, cached
until the registry next changes (cases.search.counts). Each bar links to the
index narrowed to it; the drawing comes from cases.text.charts.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_countries import countries

from cases.models import Case
from cases.search.counts import cached_result, counted_by
from cases.text import charts

# Countries drawn; the table under the chart lists every one.
MOST_COUNTRIES = 12


@dataclass(frozen=True)
class Figure:
    slug: str
    title: str
    chart: charts.Chart
    links: dict  # bar key -> query string of the index narrowed to it
    rows: list  # (label, count, query) of every value, for the table
    note: str = ""


def figures(cases, query):
    """The three figures for `cases` (the filtered queryset) and the request's GET `query`."""
    cases = cases.order_by()
    return [
        by_country(cases, query),
        by_status(cases, query),
        by_year(cases, query),
    ]


def _narrowed(query, **values):
    narrowed = query.copy()
    narrowed.pop("page", None)
    for name, value in values.items():
        narrowed.setlist(name, [value])
    return narrowed.urlencode()


def by_country(cases, query):
    counts = counted_by(cases, "detaining_country", "chart:country")
    named = sorted(
        ((code, countries.name(code) if code else _("Unknown"), n) for code, n in counts.items()),
        key=lambda row: (-row[2], row[1]),
    )
    links = {code: _narrowed(query, detaining_country=code) for code, _, _ in named if code}
    drawn = named[:MOST_COUNTRIES]
    note = ""
    if len(named) > len(drawn):
        note = ngettext(
            "The %(shown)s country with most cases of %(count)s.",
            "The %(shown)s countries with most cases of %(count)s.",
            len(drawn),
        ) % {"shown": len(drawn), "count": len(named)}
    return Figure(
        slug="by-country",
        title=_("Cases by detaining country"),
        chart=charts.horizontal_bars(drawn),
        links=links,
        rows=[(label, n, links.get(code)) for code, label, n in named],
        note=note,
    )


def by_status(cases, query):
    counts = counted_by(cases, "status", "chart:status")
    rows = [
        (value, label, counts[value]) for value, label in Case.Status.choices if counts.get(value)
    ]
    links = {value: _narrowed(query, status=value) for value, _, _ in rows}
    return Figure(
        slug="by-status",
        title=_("Cases by status"),
        chart=charts.horizontal_bars(rows),
        links=links,
        rows=[(label, n, links[value]) for value, label, n in rows],
    )


def by_year(cases, query):
    def evaluate():
        return list(
            cases.exclude(detained_on=None)
            .annotate(year=ExtractYear("detained_on"))
            .values_list("year")
            .annotate(number=Count("id"))
            .order_by()
        )

    counts = dict(cached_result(cases.values("detained_on"), "chart:year", evaluate, empty=[]))
    years = charts.every_year(counts)
    links = {str(year): _narrowed(query, **_within_year(query, year)) for year, n in years if n}
    undated = _undated(cases)
    return Figure(
        slug="by-year",
        title=_("Detentions per year"),
        chart=charts.columns([(str(year), str(year), n) for year, n in years]),
        links=links,
        rows=[(str(year), n, links.get(str(year))) for year, n in years],
        note=ngettext(
            "Not shown: %(count)s case with no known date of detention.",
            "Not shown: %(count)s cases with no known date of detention.",
            undated,
        )
        % {"count": undated}
        if undated
        else "",
    )


def _within_year(query, year) -> dict[str, str]:
    """The detention dates of a year's bar: the year, within the dates the page already filters
    by, so that the bar's link lists the cases the bar counts."""
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    after, before = _date(query.get("detained_after")), _date(query.get("detained_before"))
    return {
        "detained_after": max(first, after or first).isoformat(),
        "detained_before": min(last, before or last).isoformat(),
    }


def _date(text) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text) if text else None
    except ValueError:  # Refused by the filter already; the year alone then.
        return None


def _undated(cases):
    undated = cases.filter(detained_on=None)
    return cached_result(undated, "count", undated.count, empty=0)
