from django.contrib import admin
from django.http import HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.admin.forms import PersonAdminForm
from cases.models import Case, Person
from cases.search.ranking import search_people

from .base import (
    RegistryAdmin,
    RegistrySearchMixin,
    StableSlugMixin,
    count_column,
    partial_date_column,
    related_count,
)
from .filters import CountryFilter
from .links import change_url


@admin.register(Person)
class PersonAdmin(RegistrySearchMixin, StableSlugMixin, RegistryAdmin):
    form = PersonAdminForm
    fieldsets = [
        (
            None,
            {"fields": [("name", "native_name"), "name_transliterated", "aliases", "slug"]},
        ),
        (
            pgettext_lazy("the person", "About"),
            {
                "fields": [
                    "citizenships",
                    ("birth_date", "birth_date_precision"),
                    "wikidata_id",
                    "description",
                ]
            },
        ),
        (_("Cases"), {"fields": ["case_list"]}),
    ]
    readonly_fields = ["case_list"]
    list_display = [
        "name",
        "native_name",
        "name_transliterated",
        "citizenship_names",
        "born",
        "case_count",
    ]
    list_filter = [("citizenships", CountryFilter), "name_transliterated"]
    search_fields = ["name", "native_name", "aliases", "wikidata_id"]
    registry_search = staticmethod(search_people)
    search_help_text = _("Names, native-script names, aliases and Wikidata ids.")

    def get_queryset(self, request):
        # Names repeat: the primary key makes the order total for the autocomplete's pages.
        return (
            super()
            .get_queryset(request)
            .annotate(case_count=related_count(Case, "person"))
            .order_by(*Person._meta.ordering, "pk")
        )

    def response_add(self, request, obj, post_url_continue=None):
        if "_addcase" in request.POST:
            return HttpResponseRedirect(add_case_url(obj))
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_addcase" in request.POST:
            return HttpResponseRedirect(add_case_url(obj))
        return super().response_change(request, obj)

    @admin.display(description=_("citizenships"))
    def citizenship_names(self, person):
        return ", ".join(country.name for country in person.citizenships) or None

    born = partial_date_column("birth_date", _("born"))

    case_count = count_column("case_count", _("cases"))

    @admin.display(description=_("cases of this person"))
    def case_list(self, person):
        if person.pk is None:
            return _("Save the person first, then add their cases.")
        # The reverse manager already knows each case's person, so this is one query.
        cases = [(case, change_url(case)) for case in person.cases.all()]
        return render_to_string(
            "admin/cases/person/_cases.html", {"cases": cases, "add_url": add_case_url(person)}
        )


def add_case_url(person):
    """The new-case page with the person filled in."""
    return f"{reverse('admin:cases_case_add')}?{urlencode({'person': person.pk})}"
