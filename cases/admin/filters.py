"""List filters the admin needs beyond Django's and django-countries' own."""

from django.conf import settings
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries
from django_countries import filters as country_filters

from cases.models import Case, Citation, Person
from cases.models.imports import from_list_q, needs_citation_q
from cases.models.review import ReviewState, review_state_q
from cases.search.counts import cached_result
from cases.search.filters import citizenship_q, held_citizenships


class CitizenshipFilter(admin.SimpleListFilter):
    """Cases by a citizenship the detained person holds; people often hold several."""

    title = _("citizenship of the person")
    parameter_name = "citizenship"

    def lookups(self, request, model_admin):
        # Only citizenships of people who have cases, so no choice leads to an empty list;
        # read once per version of the registry, as CountryFilter's choices are.
        people = Person.objects.filter(cases__isnull=False)
        codes = cached_result(
            people, "admin:citizenships", lambda: sorted(held_citizenships(people)), empty=[]
        )
        return sorted(((code, countries.name(code)) for code in codes), key=lambda c: c[1])

    def queryset(self, request, queryset):
        code = self.value()
        if not code:
            return queryset
        return queryset.filter(citizenship_q([code.upper()], prefix="person__"))


class CountryFilter(country_filters.CountryFilter):
    """django-countries' filter, offering the countries the column holds, read once per version
    of the registry (cases.search.counts): the library reads them from the whole table on
    every view of the list (90 ms for the cases' two country filters at 100,000 cases)."""

    def lookup_choices(self, changelist):
        stored = (
            changelist.model._default_manager.order_by()
            .values_list(self.field_path, flat=True)
            .distinct()
        )
        values = cached_result(stored, "admin:countries", lambda: list(stored), empty=[])
        # A multiple field stores "US,RU" per record.
        codes = {code for value in values if value for code in value.split(",") if code}
        for code, name in self.field.get_choices(include_blank=False):
            if code in codes:
                yield code, name


class StoredValuesFilter(admin.AllValuesFieldListFilter):
    """Django's filter by each value a column holds, those values read once per version of the
    registry: Django reads them from the whole table on every view of the list (0.4 s each for
    the sources' outlets and languages at 1,000,000 cases)."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        values = self.lookup_choices
        self.lookup_choices = cached_result(values, "admin:values", lambda: list(values), empty=[])


class SupportsFilter(admin.SimpleListFilter):
    """Citations by the kind of claim they support."""

    title = _("supports")
    parameter_name = "supports"

    def lookups(self, request, model_admin):
        return Citation.Claim.choices

    def queryset(self, request, queryset):
        if self.value() in Citation.Claim.values:
            return queryset.filter(Citation.Claim(self.value()).condition())
        return queryset


class FreshnessFilter(admin.SimpleListFilter):
    """Cases by how recent their newest source is: the open ones that need a new source."""

    title = _("newest source")
    parameter_name = "freshness"

    def lookups(self, request, model_admin):
        return [
            (
                "stale",
                ngettext(
                    "Open, no source in %(days)s day",
                    "Open, no source in %(days)s days",
                    settings.STALE_AFTER_DAYS,
                )
                % {"days": settings.STALE_AFTER_DAYS},
            ),
            ("fresh", _("Closed or recently sourced")),
        ]

    def queryset(self, request, queryset):
        if self.value() not in ("stale", "fresh"):
            return queryset
        return queryset.stale(
            timezone.localdate(), settings.STALE_AFTER_DAYS, stale=self.value() == "stale"
        )


class FromListFilter(admin.SimpleListFilter):
    """Cases imported from a list, and among them those no source passage supports yet."""

    title = _("from a list")
    parameter_name = "from_list"

    def lookups(self, request, model_admin):
        return [
            ("uncited", _("From a list, not yet cited")),
            ("yes", _("From a list")),
            ("no", _("Not from a list")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "uncited":
            return queryset.filter(needs_citation_q())
        if self.value() == "yes":
            return queryset.filter(from_list_q())
        if self.value() == "no":
            return queryset.exclude(from_list_q())
        return queryset


class WorkFilter(admin.SimpleListFilter):
    """An editor's own work: what is assigned to them, what waits for their review, what is stale."""

    title = _("my work")
    parameter_name = "work"

    def lookups(self, request, model_admin):
        work = [("mine", _("Assigned to me"))]
        if model_admin.model is Case:
            work += [
                ("review", _("Waiting for my review")),
                (
                    "stale",
                    ngettext(
                        "Mine and stale (no source in %(days)s day)",
                        "Mine and stale (no source in %(days)s days)",
                        settings.STALE_AFTER_DAYS,
                    )
                    % {"days": settings.STALE_AFTER_DAYS},
                ),
            ]
        return work

    def queryset(self, request, queryset):
        if self.value() == "mine":
            return queryset.filter(assigned_to=request.user)
        if self.value() == "review":
            # Submitted by someone else: a reviewer does not review their own submission.
            waiting = queryset.filter(review_state_q(ReviewState.NEEDS_REVIEW))
            return waiting.exclude(submitted_by=request.user)
        if self.value() == "stale":
            return queryset.filter(assigned_to=request.user).stale(
                timezone.localdate(), settings.STALE_AFTER_DAYS, stale=True
            )
        return queryset
