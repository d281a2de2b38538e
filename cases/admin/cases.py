"""The case page: a detention with its charges, timeline, positions and citations."""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django_countries.filters import CountryFilter

from cases.admin.forms import CaseAdminForm, CitationInlineForm, CitationInlineFormSet
from cases.models import Case, Charge, Citation, Event, Position

from .base import RegistryAdmin, StableSlugMixin, VersionedInlineMixin
from .filters import CitizenshipFilter, FromListFilter
from .sources import CitationLocationMixin, SuggestedSourceInline

COMPACT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}}


class NewCaseExtraMixin:
    """One blank form on a new case, where everything is still to be typed; none afterwards."""

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj else 1


class ChargeInline(VersionedInlineMixin, NewCaseExtraMixin, admin.StackedInline):
    model = Charge
    # Each date sits on one line with its precision, so "Jan 2021" is entered as a pair.
    fields = [
        ("description", "statute"),
        ("outcome", "sentence", "sentence_months"),
        ("charged_on", "charged_on_precision"),
        ("decided_on", "decided_on_precision"),
    ]
    show_change_link = True


class EventInline(VersionedInlineMixin, NewCaseExtraMixin, admin.TabularInline):
    model = Event
    fields = ["kind", "occurred_on", "occurred_on_precision", "place", "description"]
    formfield_overrides = COMPACT_TEXT


class PositionInline(VersionedInlineMixin, NewCaseExtraMixin, admin.TabularInline):
    model = Position
    fields = ["actor", "stance", "stated_on", "stated_on_precision", "summary"]
    autocomplete_fields = ["actor"]
    formfield_overrides = COMPACT_TEXT

    def get_queryset(self, request):
        # Position.__str__ names the actor: one join instead of a query per row.
        return super().get_queryset(request).select_related("actor")


class CitationInline(VersionedInlineMixin, CitationLocationMixin, admin.StackedInline):
    model = Citation
    form = CitationInlineForm
    formset = CitationInlineFormSet
    fields = ["source", "quote", ("supports", "note"), "location"]
    readonly_fields = ["location"]
    autocomplete_fields = ["source"]
    extra = 0

    def get_queryset(self, request):
        # Citation.__str__ (the inline's heading) names the source.
        return super().get_queryset(request).select_related("source")


@admin.register(Case)
class CaseAdmin(StableSlugMixin, RegistryAdmin):
    form = CaseAdminForm
    # The page grows long with its inlines; saving should not need a scroll to the bottom.
    save_on_top = True
    inlines = [ChargeInline, EventInline, PositionInline, CitationInline, SuggestedSourceInline]
    fieldsets = [
        (None, {"fields": ["person", ("status", "published"), "slug"]}),
        (
            "Detention",
            {
                "fields": [
                    ("detaining_country", "place"),
                    ("detained_on", "detained_on_precision"),
                    ("released_on", "released_on_precision"),
                    "summary",
                ]
            },
        ),
        ("Record", {"fields": [("created_at", "updated_at")], "classes": ["collapse"]}),
    ]
    readonly_fields = ["created_at", "updated_at"]
    autocomplete_fields = ["person"]

    list_display = [
        "person",
        "status",
        "detaining_country",
        "detained",
        "source_count",
        "published",
    ]
    list_filter = [
        "status",
        ("detaining_country", CountryFilter),
        CitizenshipFilter,
        "published",
        FromListFilter,
    ]
    list_select_related = ["person"]
    date_hierarchy = "detained_on"
    search_fields = [
        "person__name",
        "person__native_name",
        "person__aliases",
        "charges__description",
        "charges__statute",
        "place",
    ]
    search_help_text = "Names, native-script names, aliases, charges and statutes."
    actions = ["publish", "unpublish"]

    def get_queryset(self, request):
        # The sources column counts in the same query, and the person (named by
        # Case.__str__ in lists and autocomplete results) comes in the same join.
        return (
            super()
            .get_queryset(request)
            .select_related("person")
            .annotate(source_count=Count("citations__source", distinct=True))
        )

    @admin.display(description="detained on", ordering="detained_on")
    def detained(self, case):
        return case.display_date("detained_on") or None

    @admin.display(description="sources", ordering="source_count")
    def source_count(self, case):
        return case.source_count

    @admin.action(description="Publish the selected cases", permissions=["change"])
    def publish(self, request, queryset):
        self._set_published(request, queryset, published=True)

    @admin.action(
        description="Unpublish the selected cases (back to draft)", permissions=["change"]
    )
    def unpublish(self, request, queryset):
        self._set_published(request, queryset, published=False)

    def _set_published(self, request, queryset, *, published):
        # Saved one at a time rather than with queryset.update(): updated_at moves,
        # each change is logged for the record's history, and save signals fire.
        changed = 0
        for case in queryset.filter(published=not published):
            case.published = published
            case.save(update_fields=["published", "updated_at"])
            self.log_change(request, case, "Published." if published else "Unpublished.")
            changed += 1
        state = "published" if published else "unpublished"
        if changed:
            self.message_user(request, f"{changed} case(s) {state}.", messages.SUCCESS)
        else:
            self.message_user(request, f"The selected cases were already {state}.", messages.INFO)


@admin.register(Charge)
class ChargeAdmin(RegistryAdmin):
    list_display = ["description", "case", "statute", "outcome", "sentence"]
    list_filter = ["outcome"]
    list_select_related = ["case__person"]
    search_fields = ["description", "statute", "case__person__name"]
    autocomplete_fields = ["case"]
    fields = [
        "case",
        ("description", "statute"),
        ("outcome", "sentence", "sentence_months"),
        ("charged_on", "charged_on_precision"),
        ("decided_on", "decided_on_precision"),
    ]

    def get_queryset(self, request):
        # Autocomplete results and the case column name the person.
        return super().get_queryset(request).select_related("case__person")


@admin.register(Event)
class EventAdmin(RegistryAdmin):
    list_display = ["kind", "occurred", "case", "place"]
    list_filter = ["kind"]
    list_select_related = ["case__person"]
    search_fields = ["description", "place", "case__person__name"]
    autocomplete_fields = ["case"]
    fields = ["case", "kind", ("occurred_on", "occurred_on_precision"), "place", "description"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("case__person")

    @admin.display(description="occurred on", ordering="occurred_on")
    def occurred(self, event):
        return event.display_date("occurred_on") or None
