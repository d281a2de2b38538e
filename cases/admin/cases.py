"""The case page: a detention with its charges, timeline, positions and citations."""

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db import models
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from cases.admin.forms import (
    CaseAdminForm,
    CitationInlineForm,
    CitationInlineFormSet,
    SourcePickForm,
)
from cases.ingest.mentions import suggest_sources
from cases.models import (
    Case,
    Charge,
    Citation,
    Event,
    Position,
    Source,
    SourceLink,
    StatusChange,
)
from cases.models.review import ReviewState, review_required, submit_for_review
from cases.models.status import refresh_statuses
from cases.search.ranking import search_cases

from . import bulk
from .base import (
    CaseFactAdmin,
    DerivesCaseStatusAdmin,
    RegistryAdmin,
    RegistrySearchMixin,
    StableSlugMixin,
    VersionedInlineMixin,
    count_column,
    country_column,
    partial_date_column,
    related_count,
)
from .filters import (
    CitizenshipFilter,
    CountryFilter,
    FreshnessFilter,
    FromListFilter,
    WorkFilter,
)
from .links import change_url
from .sources import CitationLocationMixin, SuggestedSourceInline, cite_page

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


class FactRowInline(VersionedInlineMixin, NewCaseExtraMixin, admin.TabularInline):
    """A case's facts of one kind as rows of a table, their texts in small boxes."""

    formfield_overrides = COMPACT_TEXT


class EventInline(FactRowInline):
    model = Event
    fields = ["kind", "occurred_on", "occurred_on_precision", "place", "description"]


class PositionInline(FactRowInline):
    model = Position
    fields = ["actor", "stance", "stated_on", "stated_on_precision", "summary"]
    autocomplete_fields = ["actor"]

    def get_queryset(self, request):
        # Position.__str__ names the actor: one join instead of a query per row.
        return super().get_queryset(request).select_related("actor")


class StatusChangeInline(FactRowInline):
    """The case's status over time; the status above is the latest change's, once saved."""

    model = StatusChange
    fields = ["status", "changed_on", "changed_on_precision", "certainty", "description"]


class CitationInline(VersionedInlineMixin, CitationLocationMixin, admin.StackedInline):
    model = Citation
    form = CitationInlineForm
    formset = CitationInlineFormSet
    fields = ["source", "quote", ("claim", "note"), "location"]
    readonly_fields = ["location"]
    autocomplete_fields = ["source"]
    extra = 0

    def get_queryset(self, request):
        # Citation.__str__ (the inline's heading) names the source.
        return super().get_queryset(request).select_related("source")


@admin.register(Case)
class CaseAdmin(RegistrySearchMixin, StableSlugMixin, RegistryAdmin):
    form = CaseAdminForm
    # The page grows long with its inlines; saving should not need a scroll to the bottom.
    save_on_top = True
    inlines = [
        ChargeInline,
        EventInline,
        PositionInline,
        CitationInline,
        StatusChangeInline,
        SuggestedSourceInline,
    ]
    fieldsets = [
        (None, {"fields": ["person", ("status", "published"), "slug"]}),
        (
            _("Detention"),
            {
                "fields": [
                    ("detaining_country", "place"),
                    ("detained_on", "detained_on_precision"),
                    ("released_on", "released_on_precision"),
                    "summary",
                ]
            },
        ),
        (_("Work"), {"fields": [("assigned_to", "review")]}),
        (_("Record"), {"fields": [("created_at", "updated_at")], "classes": ["collapse"]}),
    ]
    readonly_fields = ["created_at", "updated_at", "review"]
    autocomplete_fields = ["person"]

    list_display = [
        "person",
        "status",
        "detained_in",
        "detained",
        "source_count",
        "last_sourced",
        "published",
    ]
    list_filter = [
        WorkFilter,
        "status",
        FreshnessFilter,
        ("detaining_country", CountryFilter),
        CitizenshipFilter,
        "published",
        FromListFilter,
    ]
    list_select_related = ["person"]
    date_hierarchy = "detained_on"
    search_fields = ["person__name", "summary", "charges__description", "charges__statute"]
    registry_search = staticmethod(search_cases)
    search_help_text = _("Names in any script or spelling, the summary, charges and statutes.")

    def get_queryset(self, request):
        # The sources column counts in the same query, and the person (named by
        # Case.__str__ in lists and autocomplete results) comes in the same join.
        return (
            super()
            .get_queryset(request)
            .select_related("person")
            .annotate(source_count=related_count(Citation, "case", "source", distinct=True))
            .with_last_sourced_on()
        )

    def render_change_form(self, request, context, *args, **kwargs):
        context["review_required"] = review_required()
        return super().render_change_form(request, context, *args, **kwargs)

    def save_model(self, request, obj, form, change):
        if "_submit" in request.POST and obj.review_state == ReviewState.DRAFT:
            submit_for_review(obj, request.user)
        super().save_model(request, obj, form, change)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    @admin.display(description=_("review"))
    def review(self, case):
        state = case.review_state.label
        if case.submitted_at is None:
            return state
        who = case.submitted_by.get_username() if case.submitted_by else gettext("someone")
        # "06 Feb 2021, 09:12" in English; each language gives its own format.
        when = date_format(
            timezone.localtime(case.submitted_at),
            pgettext("date and time a case was submitted for review", "d M Y, H:i"),
        )
        return gettext("%(state)s: submitted by %(who)s on %(when)s") % {
            "state": state,
            "who": who,
            "when": when,
        }

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status_changes.exists():
            # Derived from the status changes below (Case.clean refuses another value).
            readonly.append("status")
        return readonly

    def save_related(self, request, form, formsets, change):
        # Inside the admin's transaction, once the status changes and citations are saved.
        super().save_related(request, form, formsets, change)
        refresh_statuses([form.instance.pk])
        form.instance.refresh_from_db(fields=["status", "updated_at"])
        if not change:
            # Sources pasted before the case existed name its person: suggest them now.
            suggest_sources(form.instance)

    def response_add(self, request, obj, post_url_continue=None):
        if "_cite" in request.POST:
            return HttpResponseRedirect(reverse("admin:cases_case_cite", args=[obj.pk]))
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if "_cite" in request.POST:
            return HttpResponseRedirect(reverse("admin:cases_case_cite", args=[obj.pk]))
        return super().response_change(request, obj)

    def get_urls(self):
        return [
            path(
                "<path:object_id>/cite/",
                self.admin_site.admin_view(self.cite_view),
                name="cases_case_cite",
            ),
            *super().get_urls(),
        ]

    def cite_view(self, request, object_id):
        """Cite passages for this case: pick a source, then select in its text."""
        case = get_object_or_404(Case.objects.with_facts(), pk=unquote(object_id))
        picker = SourcePickForm(
            request.GET if "source" in request.GET else None, admin_site=self.admin_site
        )
        offered = offered_sources(case)
        if picker.is_valid():
            source = picker.cleaned_data["source"]
        else:
            source = offered[0] if offered else None
        return cite_page(
            self,
            request,
            source,
            [case],
            {
                "title": _("Cite a passage for “%(case)s”") % {"case": case},
                "opts": self.opts,
                "original": case,
                "picker": picker,
                "offered_sources": offered,
                "back_url": change_url(case),
                "back_label": _("Back to the case"),
            },
        )

    @admin.display(description=_("newest source"), ordering="last_sourced_on")
    def last_sourced(self, case):
        return case.last_sourced_on

    detained = partial_date_column("detained_on", _("detained on"))
    detained_in = country_column("detaining_country", _("detaining country"))

    source_count = count_column("source_count", _("sources"))

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_change_permission(request):
            for action in bulk.ACTIONS:
                actions[action.name] = (
                    self.bulk_action(action(self.admin_site)),
                    action.name,
                    action.label,
                )
        return actions

    @staticmethod
    def bulk_action(action):
        def run(model_admin, request, queryset):
            return bulk.run(model_admin, request, queryset, action)

        return run


def offered_sources(case):
    """The sources a case's passages likely come from, newest first.

    Those linked to it (or suggested, not rejected) and those it already cites.
    """
    linked = Q(
        links__case=case,
        links__status__in=[SourceLink.Status.ACCEPTED, SourceLink.Status.SUGGESTED],
    )
    return list(
        Source.objects.filter(linked | Q(citations__case=case))
        .exclude(kind=Source.Kind.LIST)
        .distinct()
        .only("id", "title", "outlet")
    )


@admin.register(Charge)
class ChargeAdmin(CaseFactAdmin):
    list_display = ["description", "case", "statute", "outcome", "sentence", "certainty"]
    list_filter = ["outcome", "certainty"]
    search_fields = ["description", "statute", "case__person__name"]
    fields = [
        "case",
        ("description", "statute"),
        ("outcome", "sentence", "sentence_months"),
        ("charged_on", "charged_on_precision"),
        ("decided_on", "decided_on_precision"),
        "certainty",
    ]


@admin.register(StatusChange)
class StatusChangeAdmin(DerivesCaseStatusAdmin, CaseFactAdmin):
    list_display = ["status", "changed", "certainty", "case"]
    list_filter = ["status", "certainty"]
    search_fields = ["description", "case__person__name"]
    fields = ["case", "status", ("changed_on", "changed_on_precision"), "certainty", "description"]

    changed = partial_date_column("changed_on", _("changed on"))


@admin.register(Event)
class EventAdmin(CaseFactAdmin):
    list_display = ["kind", "occurred", "case", "place", "certainty"]
    list_filter = ["kind", "certainty"]
    search_fields = ["description", "place", "case__person__name"]
    fields = [
        "case",
        "kind",
        ("occurred_on", "occurred_on_precision"),
        "place",
        "description",
        "certainty",
    ]

    occurred = partial_date_column("occurred_on", _("occurred on"))
