"""List filters the admin needs beyond Django's and django-countries' own."""

import re

from django.conf import settings
from django.contrib import admin
from django.utils import timezone
from django_countries import countries

from cases.models import Person


def citizenship_regex(code: str) -> str:
    """A pattern matching one code in the comma-separated `Person.citizenships` column.

    A plain `contains` would work for two-letter codes today, but anchoring on
    the commas stays right if longer custom codes are ever configured.
    """
    return rf"(^|,){re.escape(code)}(,|$)"


class CitizenshipFilter(admin.SimpleListFilter):
    """Cases by a citizenship the detained person holds; people often hold several."""

    title = "citizenship of the person"
    parameter_name = "citizenship"

    def lookups(self, request, model_admin):
        # Only citizenships of people who have cases, so no choice leads to an empty list.
        stored = (
            Person.objects.filter(cases__isnull=False)
            .order_by()
            .values_list("citizenships", flat=True)
            .distinct()
        )
        codes = {code for value in stored for code in value.split(",") if code}
        return sorted(((code, countries.name(code)) for code in codes), key=lambda c: c[1])

    def queryset(self, request, queryset):
        code = self.value()
        if not code:
            return queryset
        return queryset.filter(person__citizenships__regex=citizenship_regex(code.upper()))


class SupportsFilter(admin.SimpleListFilter):
    """Citations by the kind of claim they support."""

    title = "supports"
    parameter_name = "supports"

    def lookups(self, request, model_admin):
        return [
            ("case", "The case record itself"),
            ("charge", "A charge"),
            ("event", "An event"),
            ("position", "A position"),
            ("status_change", "A status change"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "case":
            return queryset.filter(charge=None, event=None, position=None, status_change=None)
        if self.value() in ("charge", "event", "position", "status_change"):
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset


class FreshnessFilter(admin.SimpleListFilter):
    """Cases by how recent their newest source is: the open ones that need a new source."""

    title = "newest source"
    parameter_name = "freshness"

    def lookups(self, request, model_admin):
        return [
            ("stale", f"Open, no source in {settings.STALE_AFTER_DAYS} days"),
            ("fresh", "Closed or recently sourced"),
        ]

    def queryset(self, request, queryset):
        if self.value() not in ("stale", "fresh"):
            return queryset
        return queryset.stale(
            timezone.localdate(), settings.STALE_AFTER_DAYS, stale=self.value() == "stale"
        )
