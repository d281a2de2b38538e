"""Sources, the citations that quote them, and the source-to-case links."""

import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Q
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cases.admin.forms import (
    CitationPickForm,
    CitePassageForm,
    LinkReviewForm,
    LinkReviewFormSet,
    SourceAdminForm,
)
from cases.ingest.mentions import accept_link, reject_link, suggest_links
from cases.models import Case, Citation, Source, SourceLink
from cases.models.status import refresh_statuses
from cases.search.ranking import search_sources
from cases.templatetags.case_pages import highlight_citations, located_spans

from .base import (
    DerivesCaseStatusAdmin,
    RegistryAdmin,
    RegistrySearchMixin,
    VersionedInlineMixin,
    count_column,
    related_count,
)
from .filters import StoredValuesFilter, SupportsFilter, WorkFilter
from .links import change_link_column, change_url

SHA256 = re.compile(r"[0-9a-f]{64}")
# Everything a citation's claim label (Citation.supports_label) and its case
# (Case.__str__) read, fetched with the citation instead of one query each.
CLAIM_RELATIONS = ["source", "case__person", "charge", "event", "position__actor", "status_change"]


class CitationLocationMixin:
    """A read-only "found at" field: where the saved quote sits in its source's text."""

    @admin.display(description=_("found at"))
    def location(self, citation):
        if citation.pk is None:
            return _("Located in the source's text when saved.")
        return _("characters %(start)s–%(end)s") % {"start": citation.start, "end": citation.end}


def admin_claim_link(citation):
    """A highlighted passage in the admin links to the admin page of the record it supports."""
    return change_url(citation.claim), f"{citation.supports_label} ({citation.case})"


def cited_text(source, citations, *, selectable=False):
    return render_to_string(
        "admin/cases/source/_cited_text.html",
        {
            "source": source,
            "selectable": selectable,
            "text": highlight_citations(
                source.text, located_spans(source.text, citations), admin_claim_link
            ),
        },
    )


def describe_suggestions(suggestions) -> str:
    new = [suggestion.link for suggestion in suggestions if suggestion.created]
    if not new:
        return _("No new case to link: the text mentions no other registered person.")
    # English keeps its "case(s)" (both msgids alike); Russian still picks its form by the count.
    return ngettext(
        "The text mentions registered people; suggested links to %(count)s case(s): %(cases)s.",
        "The text mentions registered people; suggested links to %(count)s case(s): %(cases)s.",
        len(new),
    ) % {"count": len(new), "cases": ", ".join(str(link.case) for link in new)}


class SuggestedLinkInline(VersionedInlineMixin, admin.TabularInline):
    """Unreviewed link suggestions, each to accept, reject or leave for later.

    Decisions are saved with the page, through `review_link()`; a reviewed
    suggestion leaves the list.
    """

    model = SourceLink
    form = LinkReviewForm
    formset = LinkReviewFormSet
    readonly_fields = ["matched_names"]
    extra = 0
    can_delete = False
    verbose_name = _("link suggestion")
    verbose_name_plural = _("link suggestions, not reviewed yet")

    def get_queryset(self, request):
        # Each row names its case (with its person) and source.
        return (
            super()
            .get_queryset(request)
            .filter(status=SourceLink.Status.SUGGESTED)
            .select_related("source", "case__person")
        )

    def has_add_permission(self, request, obj=None):
        # Suggestions come from name detection; a link is added on the source-link admin.
        return False

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"reviewer": request.user})


class SuggestedCaseInline(SuggestedLinkInline):
    """On a source's page: the cases its text seems to concern."""

    fields = ["linked_case", "matched_names", "decision"]
    readonly_fields = ["linked_case", "matched_names"]

    linked_case = change_link_column("case", _("case"))


class SuggestedSourceInline(SuggestedLinkInline):
    """On a case's page: the sources that seem to concern it."""

    fields = ["linked_source", "matched_names", "decision"]
    readonly_fields = ["linked_source", "matched_names"]

    linked_source = change_link_column("source", _("source"))


@admin.register(Source)
class SourceAdmin(RegistrySearchMixin, RegistryAdmin):
    form = SourceAdminForm
    # The full text makes the page long.
    save_on_top = True
    inlines = [SuggestedCaseInline]
    fieldsets = [
        (None, {"fields": ["kind", "title", ("outlet", "author"), ("dateline", "byline")]}),
        (_("Work"), {"fields": ["assigned_to"]}),
        (_("Where"), {"fields": ["url", "archive_url"]}),
        (_("When"), {"fields": [("published_at", "updated_at"), "retrieved_at"]}),
        (_("Text"), {"fields": ["language", "text", "sha256"]}),
        (_("Cited passages"), {"fields": ["text_with_citations"]}),
        (_("Cited by"), {"fields": ["citing_claims"]}),
        (_("Record"), {"fields": [("created_at", "modified_at")], "classes": ["collapse"]}),
    ]
    add_fieldsets = [
        (
            _("Text"),
            {
                "fields": ["read_first_lines", "text", "upload", "language"],
                "description": _(
                    "Paste the article as it is saved (title, byline, then the body; "
                    "or Markdown with its front matter), or upload the file."
                ),
            },
        ),
        (None, {"fields": ["kind", "title", ("outlet", "author"), ("dateline", "byline")]}),
        (_("Where"), {"fields": ["url", "archive_url"]}),
        (_("When"), {"fields": [("published_at", "updated_at"), "retrieved_at"]}),
    ]
    readonly_fields = [
        "sha256",
        "text_with_citations",
        "citing_claims",
        "created_at",
        "modified_at",
    ]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 24, "cols": 100})},
        # Sources are http(s) only; a pasted bare domain should become https.
        models.URLField: {"assume_scheme": "https"},
    }
    list_display = ["title", "outlet", "kind", "published_at", "language", "citation_count"]
    list_filter = [
        WorkFilter,
        "kind",
        ("language", StoredValuesFilter),
        ("outlet", StoredValuesFilter),
    ]
    search_fields = ["title", "text"]
    search_help_text = _("Words of the title or text, or the exact SHA-256 of the text.")
    date_hierarchy = "published_at"
    actions = ["find_mentioned_cases"]

    def get_queryset(self, request):
        return (
            super().get_queryset(request).annotate(citation_count=related_count(Citation, "source"))
        )

    def get_fieldsets(self, request, obj=None):
        # A new source has no version to check yet, nor citations to show.
        return self.add_fieldsets if obj is None else super().get_fieldsets(request, obj)

    def get_inlines(self, request, obj):
        # A new source has no suggestions until it is saved.
        return self.inlines if obj else []

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            # A new publication date may move the undated status changes the source supports.
            refresh_statuses(set(obj.citations.values_list("case_id", flat=True)))
        else:
            self.message_user(request, describe_suggestions(suggest_links(obj)), messages.INFO)

    @staticmethod
    def registry_search(queryset, query):
        # A digest pasted whole finds the source holding that text.
        if SHA256.fullmatch(query.strip()):
            return queryset.filter(sha256=query.strip())
        # Editors see every case, drafts included.
        return search_sources(queryset, query, cases=Case.objects.all())

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path(
                "<path:object_id>/cite/",
                self.admin_site.admin_view(self.cite_view),
                name=f"{info}_cite",
            ),
            path(
                "<path:object_id>/find-mentioned-cases/",
                self.admin_site.admin_view(self.find_mentioned_cases_view),
                name=f"{info}_find_mentioned_cases",
            ),
            *super().get_urls(),
        ]

    def cite_view(self, request, object_id):
        """Cite passages of this source for the cases it concerns, by selecting them."""
        source = get_object_or_404(Source, pk=unquote(object_id))
        # A case picked from the autocomplete joins the cases offered.
        picker = CaseOfferForm(
            request.GET if "case" in request.GET else None, admin_site=self.admin_site
        )
        picked = picker.cleaned_data["case"] if picker.is_valid() else None
        return cite_page(
            self,
            request,
            source,
            cases_for_citing(source, picked),
            {
                "title": _("Cite a passage of “%(source)s”") % {"source": source},
                "opts": self.opts,
                "original": source,
                "picker": picker,
                "back_url": change_url(source),
                "back_label": _("Back to the source"),
            },
        )

    def find_mentioned_cases_view(self, request, object_id):
        """Run name detection on the source again, e.g. after people were registered."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        source = get_object_or_404(Source, pk=unquote(object_id))
        if not self.has_change_permission(request, source):
            raise PermissionDenied
        self.message_user(request, describe_suggestions(suggest_links(source)), messages.INFO)
        return HttpResponseRedirect(change_url(source))

    @admin.action(
        description=_("Find the cases the selected sources mention"), permissions=["change"]
    )
    def find_mentioned_cases(self, request, queryset):
        created = sum(
            suggestion.created for source in queryset for suggestion in suggest_links(source)
        )
        message = ngettext(
            "%(created)s new link suggestion(s) in %(sources)s source(s).",
            "%(created)s new link suggestion(s) in %(sources)s source(s).",
            created,
        )
        self.message_user(
            request, message % {"created": created, "sources": queryset.count()}, messages.INFO
        )

    citation_count = count_column("citation_count", _("citations"))

    @admin.display(description=_("text with its cited passages"))
    def text_with_citations(self, source):
        if source.pk is None:
            return ""
        return cited_text(source, source.citations.select_related(*CLAIM_RELATIONS))

    @admin.display(description=_("cases and claims citing this source"))
    def citing_claims(self, source):
        if source.pk is None:
            return _("Cite passages of this source from a case's page once it is saved.")
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
        cite_url = reverse("admin:cases_source_cite", args=[source.pk])
        return render_to_string(
            "admin/cases/source/_citing_claims.html", {"rows": rows, "cite_url": cite_url}
        )


def cite_page(model_admin, request, source, cases, context):
    """The citing page: `source`'s text to select passages in, and what they may support.

    Shared by the source's page (the cases it concerns) and a case's page
    (that case, with a source picked). After each citation the page comes
    back with the same claim marked as chosen, for the next passage.
    """
    if not request.user.has_perm("cases.add_citation"):
        raise PermissionDenied
    form = CitePassageForm(request.POST or None, source=source, cases=cases)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            citation = form.save()
            refresh_statuses([citation.case_id])
        model_admin.log_addition(request, citation, [{"added": {}}])
        cited = _("Cited “%(quote)s” for the %(claim)s (characters %(start)s–%(end)s).") % {
            "quote": citation.quote,
            "claim": citation.supports_label,
            "start": citation.start,
            "end": citation.end,
        }
        model_admin.message_user(request, cited, messages.SUCCESS)
        query = request.GET.copy()
        query["claim"] = citation.claim_key
        return HttpResponseRedirect(f"{request.path}?{query.urlencode()}")
    context = {
        **model_admin.admin_site.each_context(request),
        **context,
        "source": source,
        "form": form,
        "claim_groups": form.claims.choices,
        "chosen_claim": form["claim"].value() or request.GET.get("claim", ""),
        "media": model_admin.media + form.media + context["picker"].media,
    }
    # A case with no source linked, suggested or cited yet shows only the picker.
    if source is not None:
        citations = source.citations.select_related(*CLAIM_RELATIONS)
        context["source_url"] = change_url(source)
        context["cited_text"] = cited_text(source, citations, selectable=True)
    return TemplateResponse(request, "admin/cases/source/cite.html", context)


def cases_for_citing(source, extra_case=None):
    """The cases a passage of `source` is likely cited for, with everything it can support.

    Those linked to the source (or suggested), those already citing it, and
    `extra_case`; their facts come in one query each, not one per case.
    """
    wanted = Q(source_links__source=source, source_links__status__in=["accepted", "suggested"])
    wanted |= Q(citations__source=source)
    if extra_case is not None:
        wanted |= Q(pk=extra_case.pk)
    return list(
        Case.objects.filter(wanted).distinct().with_facts().order_by("person__name", "detained_on")
    )


class CaseOfferForm(CitationPickForm):
    """Offers one more case on the citing page, found by name."""

    case = forms.ModelChoiceField(
        Case.objects.select_related("person"),
        label=_("Another case"),
        required=True,
        help_text=_("Find a case by the person's name to offer it, with its facts, below."),
    )


@admin.register(Citation)
class CitationAdmin(DerivesCaseStatusAdmin, CitationLocationMixin, RegistryAdmin):
    """Every citation in one list; most are written on the case page's inline."""

    fields = [
        "source",
        "case",
        "quote",
        ("charge", "event", "position", "status_change"),
        "note",
        "location",
    ]
    readonly_fields = ["location"]
    autocomplete_fields = ["source", "case", "charge", "event", "position", "status_change"]
    list_display = ["excerpt", "source", "case", "claim"]
    list_filter = [SupportsFilter, "source__kind"]
    list_select_related = CLAIM_RELATIONS
    search_fields = ["quote", "note", "source__title", "case__person__name"]
    search_help_text = _("The quote, the note, the source's title or the person's name.")
    formfield_overrides = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 4})}}

    @admin.display(description=_("quote"), ordering="quote")
    def excerpt(self, citation):
        return citation.quote if len(citation.quote) <= 100 else f"{citation.quote[:100]}…"

    @admin.display(description=_("supports"))
    def claim(self, citation):
        return citation.supports_label


@admin.register(SourceLink)
class SourceLinkAdmin(RegistryAdmin):
    fields = ["source", "case", "status", "matched_names", ("reviewed_by", "reviewed_at")]
    readonly_fields = ["reviewed_by", "reviewed_at"]
    autocomplete_fields = ["source", "case"]
    list_display = ["source", "case", "status", "matched_names", "reviewed_by", "reviewed_at"]
    list_filter = ["status"]
    list_select_related = ["source", "case__person", "reviewed_by"]
    search_fields = ["source__title", "case__person__name", "matched_names"]

    actions = ["accept", "reject"]

    @admin.action(description=_("Accept the selected links"), permissions=["change"])
    def accept(self, request, queryset):
        count = self._review(request, queryset, accept_link, "Accepted.")
        message = ngettext("%(count)s link(s) accepted.", "%(count)s link(s) accepted.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Reject the selected links"), permissions=["change"])
    def reject(self, request, queryset):
        count = self._review(request, queryset, reject_link, "Rejected.")
        message = ngettext("%(count)s link(s) rejected.", "%(count)s link(s) rejected.", count)
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    def _review(self, request, queryset, review, logged):
        """Reviews each link, with `logged` as its admin log entry; returns how many."""
        # One at a time through the review service: each records its reviewer and its history.
        # The log stores the text and shows it as stored to any later reader, so, like the
        # history's reasons, it is English whatever the reviewer's language.
        links = list(queryset)
        for link in links:
            review(link, user=request.user)
            self.log_change(request, link, logged)
        return len(links)

    def save_model(self, request, obj, form, change):
        if "status" in form.changed_data:
            obj.review(obj.status, request.user)
        super().save_model(request, obj, form, change)
