"""The public pages: the registry index, one case, one source.

Every page reads through the models' `visible_to(user)` (cases.models.visibility),
so drafts, and sources and actors only drafts use, reach only people allowed to
see them; every page runs a fixed number of queries however many cases or facts
it shows.
"""

import datetime
import functools
import math
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from cases.api.throttling import PageRateThrottle
from cases.models import Case, Person, Source
from cases.models.cases import status_report_lookups
from cases.models.status import HELD_STATUSES, status_report
from cases.pages import charts, downloads, index
from cases.search.counts import counted_by
from cases.search.filters import AnyOfWidget, CaseFilter
from cases.search.paging import RegistryPaginator
from cases.search.ranking import close_people
from cases.templatetags.case_pages import located_spans
from cases.text import citing
from cases.text.timeline import Axis, Span

REGISTRY_NAME = _("Detained citizens registry")
CASES_PER_PAGE = 25
# Names offered when a search finds nothing.
SUGGESTIONS = 3


def throttled(view):
    """Answer 429 to a client past its page rate, counted as the API counts (PageRateThrottle)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        throttle = PageRateThrottle()
        if throttle.allow_request(request, None):
            return view(request, *args, **kwargs)
        wait = math.ceil(throttle.wait() or 1)
        response = render(request, "429.html", {"wait": wait}, status=429)
        response["Retry-After"] = str(wait)
        return response

    return wrapper


def _case_filter(request):
    """The index's CaseFilter over the cases the reader may see, in list order."""
    # Only the person is joined besides the case's own columns; the summaries'
    # charges and positions are prefetched for the page alone (index.list_lookups).
    listed = Case.objects.visible_to(request.user).select_related("person").in_list_order()
    return CaseFilter(request.GET, queryset=listed, request=request)


@throttled
def case_list(request):
    visible = Case.objects.visible_to(request.user)
    case_filter = _case_filter(request)
    listed = case_filter.queryset
    form = case_filter.form
    index.use_page_widgets(form, visible, request.user)

    if form.is_valid():
        cases, status = case_filter.qs, 200
        status_counts = _status_counts(request, visible)
        figures = charts.figures(cases, request.GET)
    else:
        # As the API answers 400: an unknown value must not pass for "no match".
        cases, status = listed.none(), 400
        status_counts = figures = []

    page = RegistryPaginator(cases, CASES_PER_PAGE).get_page(request.GET.get("page"))
    # Each row says as of when and per which source, its charges and positions:
    # six queries for the whole page.
    page.object_list = list(page.object_list)
    prefetch_related_objects(page.object_list, *status_report_lookups(), *index.list_lookups())
    today = timezone.localdate()
    for case in page.object_list:
        case.status_report = status_report(case, today, settings.STALE_AFTER_DAYS)
        case.position_summary = index.position_summary(case.positions.all())
    searched = form.is_valid() and form.cleaned_data.get("search")
    chips = index.chips(form, request.GET)
    download_query = request.GET.copy()
    download_query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "status_counts": status_counts,
        "chips": chips,
        "hidden_filters": index.hidden_filters(form, request.GET),
        "filtered": bool(chips),
        "download_query": download_query.urlencode(),
        "figures": figures,
        "suggestions": _suggestions(visible, searched) if searched and not page else [],
    }
    return render(request, "cases/case_list.html", context, status=status)


def _suggestions(visible, query):
    """People of the visible cases whose names are spelled close to a search that found nothing."""
    return list(close_people(Person.objects.with_cases_in(visible), query)[:SUGGESTIONS])


DOWNLOADS = {
    "csv": ("text/csv; charset=utf-8", downloads.csv_text),
    "json": ("application/json", downloads.json_text),
}


@throttled
def case_download(request, format):
    """Every case the index shows for these filters, on every page, as CSV or JSON (streamed)."""
    case_filter = _case_filter(request)
    if not case_filter.is_valid():
        errors = case_filter.form.errors
        return JsonResponse({name: [str(e) for e in errors[name]] for name in errors}, status=400)
    content_type, text = DOWNLOADS[format]
    if format == "json":
        lines = text(request, case_filter.qs, _active_filters(case_filter.form, request.GET))
    else:
        lines = text(request, case_filter.qs)
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in lines), content_type=content_type
    )
    response["Content-Disposition"] = f'attachment; filename="cases.{format}"'
    return response


def _active_filters(form, query):
    return {
        name: values
        for name in form.fields
        if (values := AnyOfWidget().value_from_datadict(query, None, name))
    }


def switch_language(request):
    """Remember the reader's language (in Django's language cookie) and go back to `next`.

    A link, so the switcher works without JavaScript and keeps the page and its
    filters; `next` must stay on this site.
    """
    language = request.GET.get("language", "")
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("cases:case-list")
    response = redirect(back)
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


@throttled
def about(request):
    contact = settings.REGISTRY_CONTACT
    return render(
        request,
        "cases/about.html",
        {"contact": contact, "contact_is_email": "@" in contact and ":" not in contact},
    )


@throttled
def data(request):
    return render(
        request,
        "cases/data.html",
        {
            "licence": settings.REGISTRY_DATA_LICENCE,
            "licence_url": settings.REGISTRY_DATA_LICENCE_URL,
            "csv_columns": [
                (column, downloads.COLUMN_MEANINGS[column]) for column in downloads.CSV_COLUMNS
            ],
        },
    )


def _status_counts(request, visible):
    """Cases per status among the current results, ignoring the status filter itself.

    Each count links to the same view narrowed to that status, so it doubles
    as a quick filter.
    """
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("status", None)
    # Counted once per version of the registry, as the list's own count is: a grouped
    # query over every matching case would otherwise run on every view of the index.
    counts = counted_by(
        CaseFilter(query, queryset=visible, request=request).qs, "status", "statuses"
    )
    selected = set(AnyOfWidget().value_from_datadict(request.GET, None, "status"))
    rows = []
    for value, label in Case.Status.choices:
        if not counts.get(value):
            continue
        query.setlist("status", [value])
        rows.append(
            {
                "label": label,
                "count": counts[value],
                "query": query.urlencode(),
                "current": selected == {value},
            }
        )
    return rows


@throttled
def case_detail(request, slug):
    case = get_object_or_404(Case.objects.visible_to(request.user).with_details(), slug=slug)
    sources = case.cited_sources()
    today = timezone.localdate()
    report = status_report(case, today, settings.STALE_AFTER_DAYS)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "person": case.person,
            "sources": sources,
            # Footnotes are numbered by source, so one article cited five times is [1] five times.
            "source_numbers": {source.pk: number for number, source in enumerate(sources, 1)},
            "record_citations": case.record_citations(),
            "status_report": report,
            "stale_after_days": settings.STALE_AFTER_DAYS,
            "timeline": _timeline(case, today, report.last_sourced_on),
            "positions_by_country": _positions_by_country(case.positions.all()),
            "citation_formats": _citation_formats(request, case, report.last_sourced_on, today),
        },
    )


def _citation_formats(request, case, as_of, today):
    """ "Cite this case" in plain text, BibTeX and CSL-JSON."""
    reference = citing.Reference(
        key=case.slug,
        title=case.person.name,
        url=request.build_absolute_uri(case.get_absolute_url()),
        publisher=str(REGISTRY_NAME),
        as_of=as_of,
        accessed=today,
    )
    return {
        "reference": reference,
        "bibtex": citing.bibtex(reference),
        "csl_json": citing.csl_json(reference),
        "url": reference.url,
    }


@dataclass(frozen=True)
class TimelineEntry:
    event: object
    span: Span | None


def _timeline(case, today: datetime.date, last_sourced_on: datetime.date | None):
    """The timeline's rows and scale.

    The detention band is drawn as far as the sources go: to the release, or,
    while the person is held, to the newest source cited (`last_sourced_on`).
    From there to today it is drawn apart, as "no source since": the
    registry does not know the person is still held today, only that they
    were on that day.
    """
    events = list(case.events.all())
    still_held = case.released_on is None and case.status in HELD_STATUSES
    unsourced_until = today if still_held and case.detained_on and last_sourced_on else None
    axis = Axis.covering(
        [
            (case.detained_on, case.detained_on_precision),
            (case.released_on, case.released_on_precision),
            *((event.occurred_on, event.occurred_on_precision) for event in events),
        ],
        until=unsourced_until or (last_sourced_on if case.detained_on else None),
    )
    if axis is None:
        return {
            "axis": None,
            "detention": None,
            "entries": [TimelineEntry(e, None) for e in events],
        }

    detention = unsourced = None
    if case.detained_on:
        if case.released_on:
            end, end_precision = case.released_on, case.released_on_precision
        else:
            # Held, or ended on an unknown date (a death reported later): as far as
            # the sources go, else as far as anything on the case is known.
            end, end_precision = (last_sourced_on or axis.last), "day"
        end = max(end, case.detained_on)
        detention = axis.between(case.detained_on, case.detained_on_precision, end, end_precision)
        if unsourced_until and unsourced_until > end:
            unsourced = axis.between(
                end + datetime.timedelta(days=1), "day", unsourced_until, "day"
            )
    return {
        "axis": axis,
        "ticks": axis.ticks(),
        "detention": detention,
        "unsourced": unsourced,
        # The detention is shaded behind every row, so events read against it.
        "held_style": detention
        and f"--held-left: {detention.left:.3f}; --held-width: {detention.width:.3f}",
        "still_held": still_held,
        "last_sourced_on": last_sourced_on,
        "entries": [
            TimelineEntry(
                event,
                axis.span(event.occurred_on, event.occurred_on_precision)
                if event.occurred_on
                else None,
            )
            for event in events
        ],
    }


def _positions_by_country(positions):
    """[(country name, [(actor, [its positions])])]: countries by name, then positions with no country."""

    def country_name(position):
        country = index.actor_country(position.actor)
        return country.name if country else ""

    # A stable sort keeps each actor's positions in date order, as prefetched.
    ordered = sorted(
        positions,
        key=lambda p: (not country_name(p), country_name(p), p.actor.name, p.actor_id),
    )
    by_country = []
    for name, in_country in groupby(ordered, key=country_name):
        by_actor = [list(group) for _, group in groupby(in_country, key=lambda p: p.actor_id)]
        by_country.append((name, [(group[0].actor, group) for group in by_actor]))
    return by_country


@throttled
def source_detail(request, pk):
    # A source no published case cites is working material (an import awaiting
    # review), and only a draft's citations would be shown: 404 for the public.
    source = get_object_or_404(Source.objects.visible_to(request.user), pk=pk)
    # Only citations from cases the reader may see: a draft's claims stay private.
    # select_related covers what `supports_label` and the back links read.
    citations = list(
        source.citations.visible_to(request.user).select_related(
            "case__person", "charge", "event", "position__actor", "status_change"
        )
    )

    spans = located_spans(source.text, citations)
    for citation in citations:
        citation.highlighted = any(spanned is citation for *_, spanned in spans)
    citing_cases = {citation.case_id: citation.case for citation in citations}
    return render(
        request,
        "cases/source_detail.html",
        {
            "source": source,
            "citations": citations,
            "spans": spans,
            "cases": sorted(citing_cases.values(), key=lambda case: case.person.name),
        },
    )
