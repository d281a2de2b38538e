from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import Actor, Position
from cases.models.actors import lock_actors

from .base import (
    CaseFactAdmin,
    RegistryAdmin,
    count_column,
    country_column,
    partial_date_column,
    related_count,
)
from .filters import CountryFilter


@admin.register(Actor)
class ActorAdmin(RegistryAdmin):
    fields = ["name", ("kind", "country"), "role", "parent", "wikidata_id"]
    list_display = ["name", "kind", "role", "country_name", "parent", "position_count"]
    list_filter = ["kind", ("country", CountryFilter)]
    list_select_related = ["parent"]
    search_fields = ["name", "role", "wikidata_id"]
    autocomplete_fields = ["parent"]

    def get_object(self, request, object_id, from_field=None):
        if request.method == "POST" and from_field is None:
            lock_actors(object_id, request.POST.get("parent"))
        return super().get_object(request, object_id, from_field)

    def get_queryset(self, request):
        # The positions column is counted in the list's own query.
        return (
            super().get_queryset(request).annotate(position_count=related_count(Position, "actor"))
        )

    position_count = count_column("position_count", _("positions"))
    country_name = country_column("country", _("country"))


@admin.register(Position)
class PositionAdmin(CaseFactAdmin):
    fields = ["case", "actor", "stance", ("stated_on", "stated_on_precision"), "summary"]
    list_display = ["actor", "stance", "case", "stated"]
    list_filter = ["stance"]
    list_select_related = ["actor", "case__person"]
    search_fields = ["actor__name", "case__person__name", "summary"]
    autocomplete_fields = ["case", "actor"]
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 4})}}

    def get_queryset(self, request):
        # Position.__str__ (autocomplete results) names the actor, the list names the case's
        # person. Once get_queryset selects related rows the change list ignores
        # list_select_related, so everything the list needs is joined here.
        return super().get_queryset(request).select_related("actor")

    stated = partial_date_column("stated_on", _("stated on"))
