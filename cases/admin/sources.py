"""Sources, the citations that quote them, and the source-to-case links."""

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone

from cases.models import Citation, Source, SourceLink

from .filters import SupportsFilter
from .links import change_url

# Everything a citation's claim label (Citation.supports_label) and its case
# (Case.__str__) read, fetched with the citation instead of one query each.
CLAIM_RELATIONS = ["source", "case__person", "charge", "event", "position__actor"]


class CitationLocationMixin:
    """A read-only "found at" field: where the saved quote sits in its source's text."""

    @admin.display(description="found at")
    def location(self, citation):
        if citation.pk is None:
            return "Located in the source's text when saved."
        return f"characters {citation.start}–{citation.end}"


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    # The full text makes the page long.
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["kind", "title", ("outlet", "author"), ("dateline", "byline")]}),
        ("Where", {"fields": ["url", "archive_url"]}),
        ("When", {"fields": [("published_at", "updated_at"), "retrieved_at"]}),
        ("Text", {"fields": ["language", "text", "sha256"]}),
        ("Cited by", {"fields": ["citing_claims"]}),
        ("Record", {"fields": [("created_at", "modified_at")], "classes": ["collapse"]}),
    ]
    readonly_fields = ["sha256", "citing_claims", "created_at", "modified_at"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 24, "cols": 100})},
        # Sources are http(s) only; a pasted bare domain should become https.
        models.URLField: {"assume_scheme": "https"},
    }
    list_display = ["title", "outlet", "kind", "published_at", "language", "citation_count"]
    list_filter = ["kind", "language", "outlet"]
    search_fields = ["title", "outlet", "author", "byline", "url", "=sha256"]
    search_help_text = "Title, outlet, author, byline, URL, or the exact SHA-256 of the text."
    date_hierarchy = "published_at"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(citation_count=Count("citations"))

    @admin.display(description="citations", ordering="citation_count")
    def citation_count(self, source):
        return source.citation_count

    @admin.display(description="cases and claims citing this source")
    def citing_claims(self, source):
        if source.pk is None:
            return "Cite passages of this source from a case's page once it is saved."
        citations = source.citations.select_related(*CLAIM_RELATIONS).order_by("case", "start")
        rows = [
            {
                "citation": citation,
                "url": change_url(citation),
                "case_url": change_url(citation.case),
                "claim": citation.supports_label,
            }
            for citation in citations
        ]
        return render_to_string("admin/cases/source/_citing_claims.html", {"rows": rows})


@admin.register(Citation)
class CitationAdmin(CitationLocationMixin, admin.ModelAdmin):
    """Every citation in one list; most are written on the case page's inline."""

    fields = ["source", "case", "quote", ("charge", "event", "position"), "note", "location"]
    readonly_fields = ["location"]
    autocomplete_fields = ["source", "case", "charge", "event", "position"]
    list_display = ["excerpt", "source", "case", "claim"]
    list_filter = [SupportsFilter, "source__kind"]
    list_select_related = CLAIM_RELATIONS
    search_fields = ["quote", "note", "source__title", "case__person__name"]
    search_help_text = "The quote, the note, the source's title or the person's name."
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 4})}}

    @admin.display(description="quote", ordering="quote")
    def excerpt(self, citation):
        return citation.quote if len(citation.quote) <= 100 else f"{citation.quote[:100]}…"

    @admin.display(description="supports")
    def claim(self, citation):
        return citation.supports_label


@admin.register(SourceLink)
class SourceLinkAdmin(admin.ModelAdmin):
    fields = ["source", "case", "status", "matched_names", ("reviewed_by", "reviewed_at")]
    readonly_fields = ["reviewed_by", "reviewed_at"]
    autocomplete_fields = ["source", "case"]
    list_display = ["source", "case", "status", "matched_names", "reviewed_by", "reviewed_at"]
    list_filter = ["status"]
    list_select_related = ["source", "case__person", "reviewed_by"]
    search_fields = ["source__title", "case__person__name", "matched_names"]

    def save_model(self, request, obj, form, change):
        # Whoever settles a suggestion is its reviewer; the record says who and when.
        if "status" in form.changed_data and obj.status != SourceLink.Status.SUGGESTED:
            obj.reviewed_by = request.user
            obj.reviewed_at = timezone.now()
        super().save_model(request, obj, form, change)
