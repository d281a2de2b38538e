"""FilterSets used only by the API; the case list's CaseFilter lives in cases/filters.py."""

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.utils import extend_schema_field

from cases import models
from cases.models.base import Certainty
from cases.search.filters import (
    AnyOfFilter,
    AnyOfModelFilter,
    CountryFilter,
    IsoDateFilter,
    citizenship_q,
    record_id,
    visible,
)
from cases.search.ranking import close_people, search_people, search_sources


class CaseReferenceField(forms.ModelChoiceField):
    """A case named by its slug or its id, among the cases the user may see.

    A draft case is "not found" for someone who may not see drafts, exactly
    as its detail page is, so its existence is not revealed.
    """

    default_error_messages = {"invalid_choice": _("No case has the slug or id %(value)s.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        value = str(value).strip()
        if "\x00" in value:
            # PostgreSQL refuses a NUL character in a query: no case can have it.
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value.replace("\x00", "")},
            )
        pk = record_id(value)
        condition = Q(slug=value) if pk is None else Q(slug=value) | Q(pk=pk)
        case = self.queryset.filter(condition).first()
        if case is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return case


@extend_schema_field({"type": "string", "description": "Case slug or id."})
class CaseReferenceFilter(filters.ModelChoiceFilter):
    field_class = CaseReferenceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", visible(models.Case, "id", "slug"))
        kwargs.setdefault("label", "Case (slug or id)")
        # A text box, not a select listing every case.
        kwargs.setdefault("widget", forms.TextInput)
        super().__init__(*args, **kwargs)


class PersonFilter(filters.FilterSet):
    citizenship = CountryFilter(method="filter_citizenship", label="Citizenship")
    search = filters.CharFilter(method="filter_search", label="Search name, native name, aliases")
    close_to = filters.CharFilter(
        method="filter_close_to",
        label='Names spelled close to this, closest first ("did you mean" for a search '
        "that found nothing)",
    )

    class Meta:
        model = models.Person
        fields = []

    def filter_citizenship(self, queryset, name, value):
        return queryset.filter(citizenship_q(value))

    def filter_search(self, queryset, name, value):
        return search_people(queryset, value)

    def filter_close_to(self, queryset, name, value):
        return close_people(queryset, value)


class SourceFilter(filters.FilterSet):
    case = CaseReferenceFilter(method="filter_case", label="Cited by case (slug or id)")
    outlet = filters.CharFilter(lookup_expr="iexact", label="Outlet (exact name, any case)")
    published_after = IsoDateFilter(field_name="published_at", lookup_expr="date__gte")
    published_before = IsoDateFilter(field_name="published_at", lookup_expr="date__lte")
    search = filters.CharFilter(
        method="filter_search",
        label="Search title and text, or the name of a person the source concerns (any spelling)",
    )

    class Meta:
        model = models.Source
        fields = []

    def filter_case(self, queryset, name, value):
        return queryset.filter(
            Exists(models.Citation.objects.filter(source=OuterRef("pk"), case=value))
        )

    def filter_search(self, queryset, name, value):
        return search_sources(
            queryset, value, cases=models.Case.objects.visible_to(self.request.user)
        )


class PositionFilter(filters.FilterSet):
    case = CaseReferenceFilter()
    actor = AnyOfModelFilter(queryset=visible(models.Actor))
    actor_country = CountryFilter(field_name="actor__country", label="Actor's country")
    stance = AnyOfFilter(choices=models.Position.Stance.choices)

    class Meta:
        model = models.Position
        fields = []


class ChargeFilter(filters.FilterSet):
    case = CaseReferenceFilter()
    outcome = AnyOfFilter(choices=models.Charge.Outcome.choices)
    certainty = AnyOfFilter(choices=Certainty.choices, label="Reported or confirmed")

    class Meta:
        model = models.Charge
        fields = []


class EventFilter(filters.FilterSet):
    case = CaseReferenceFilter()
    kind = AnyOfFilter(choices=models.Event.Kind.choices)
    certainty = AnyOfFilter(choices=Certainty.choices, label="Reported or confirmed")

    class Meta:
        model = models.Event
        fields = []


class StatusChangeFilter(filters.FilterSet):
    case = CaseReferenceFilter()
    status = AnyOfFilter(choices=models.Case.Status.choices)
    certainty = AnyOfFilter(choices=Certainty.choices, label="Reported or confirmed")

    class Meta:
        model = models.StatusChange
        fields = []


class CitationFilter(filters.FilterSet):
    case = CaseReferenceFilter()
    source = AnyOfModelFilter(queryset=visible(models.Source, "id", "title", "outlet"))

    class Meta:
        model = models.Citation
        fields = []


class ActorFilter(filters.FilterSet):
    country = CountryFilter()
    kind = AnyOfFilter(choices=models.Actor.Kind.choices)

    class Meta:
        model = models.Actor
        fields = []


class GivenFiltersBackend(DjangoFilterBackend):
    """django-filter's backend, building and checking only the filters a request names.

    A filter that is not given changes nothing, but building a form field for
    each of CaseFilter's filters and cleaning it took longer than some lists'
    whole query (about 4 ms a request). The browsable API's filter form
    (`to_html`) still offers every filter.
    """

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is None:
            return queryset
        filterset = given_filters(
            filterset_class, self.get_filterset_kwargs(request, queryset, view)
        )
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        return filterset.qs


def given_filters(filterset_class, kwargs):
    """A `filterset_class` holding only the filters that `kwargs["data"]` names.

    FilterSet.__init__ deep-copies `self.base_filters`, every filter declared,
    before any is used; set on the instance first, only the given ones are copied.
    """
    filterset = filterset_class.__new__(filterset_class)
    filterset.base_filters = {
        name: declared
        for name, declared in filterset_class.base_filters.items()
        if name in kwargs["data"]
    }
    filterset.__init__(**kwargs)
    return filterset
