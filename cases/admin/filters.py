"""List filters the admin needs beyond Django's and django-countries' own."""

import re

from django.contrib import admin
from django_countries import countries

from cases.models import Person
from cases.models.imports import from_list_q, needs_citation_q


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
        ]

    def queryset(self, request, queryset):
        if self.value() == "case":
            return queryset.filter(charge=None, event=None, position=None)
        if self.value() in ("charge", "event", "position"):
            return queryset.filter(**{f"{self.value()}__isnull": False})
        return queryset


class FromListFilter(admin.SimpleListFilter):
    """Cases imported from a list, and among them those no source passage supports yet."""

    title = "from a list"
    parameter_name = "from_list"

    def lookups(self, request, model_admin):
        return [
            ("uncited", "From a list, not yet cited"),
            ("yes", "From a list"),
            ("no", "Not from a list"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "uncited":
            return queryset.filter(needs_citation_q())
        if self.value() == "yes":
            return queryset.filter(from_list_q())
        if self.value() == "no":
            return queryset.exclude(from_list_q())
        return queryset
