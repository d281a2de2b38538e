"""API v1: one ViewSet per resource.

Reads go through querysets that hide drafts from users who may not see them
(`Case.objects.visible_to`) and that load nested records in a fixed number of
queries; writes are checked by the serializers against the model rules, and
allowed by Django model permissions (REST_FRAMEWORK in settings).
"""

from django.db.models import Exists, OuterRef, Prefetch, ProtectedError, RestrictedError
from rest_framework import status, viewsets
from rest_framework.exceptions import APIException
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings

from cases.filters import CaseFilter
from cases.models import Actor, Case, Charge, Citation, Event, Person, Position, Source

from . import filters, serializers
from .renderers import CSVRenderer
from .visibility import in_visible_cases


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class RegistryViewSet(viewsets.ModelViewSet):
    """What every registry resource shares."""

    def perform_destroy(self, instance):
        # People, actors and sources still referred to are protected by the
        # database (on_delete=PROTECT); say so instead of failing with a 500.
        try:
            instance.delete()
        except (ProtectedError, RestrictedError) as error:
            blocking = sorted(
                {str(obj._meta.verbose_name_plural) for obj in error.protected_objects}
            )
            raise Conflict(
                f"This {instance._meta.verbose_name} is still referred to by "
                f"{', '.join(blocking)}; remove those first."
            ) from error


class CaseViewSet(RegistryViewSet):
    """Cases by slug. `?format=csv` or `Accept: text/csv` on the list gives every filtered case as CSV."""

    lookup_field = "slug"
    filterset_class = CaseFilter
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, CSVRenderer]

    def get_queryset(self):
        cases = Case.objects.visible_to(self.request.user)
        if self.wants_csv():
            # The person and the charges are the only related records in a row.
            cases = cases.select_related("person").prefetch_related("charges")
        else:
            cases = cases.with_details()
        # The id breaks ties between cases with the same date and name, so pages are stable.
        return cases.order_by(*Case._meta.ordering, "id")

    def get_serializer_class(self):
        if self.wants_csv():
            return serializers.CaseCsvSerializer
        return serializers.CaseSerializer

    def wants_csv(self):
        renderer = getattr(self.request, "accepted_renderer", None)
        return isinstance(renderer, CSVRenderer)

    def paginate_queryset(self, queryset):
        # A spreadsheet wants the whole filtered list, not one page of it.
        if self.wants_csv():
            return None
        return super().paginate_queryset(queryset)

    def get_renderer_context(self):
        context = super().get_renderer_context()
        context["csv_header"] = list(serializers.CaseCsvSerializer.Meta.fields)
        return context

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        if self.wants_csv():
            # Errors are for a person to read, not rows for a spreadsheet.
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return response


class PersonViewSet(RegistryViewSet):
    """People by slug, each with the cases the user may see."""

    serializer_class = serializers.PersonSerializer
    lookup_field = "slug"
    filterset_class = filters.PersonFilter

    def get_queryset(self):
        user = self.request.user
        cases = Case.objects.visible_to(user)
        # One query for the cases of the whole page instead of one per person.
        people = Person.objects.prefetch_related(
            Prefetch("cases", queryset=cases, to_attr="visible_cases")
        )
        if not user.has_perm("cases.view_case"):
            # Someone known only from draft cases is not public yet.
            people = people.filter(Exists(cases.filter(person=OuterRef("pk"))))
        return people.order_by("name", "id")


class ChargeViewSet(RegistryViewSet):
    serializer_class = serializers.ChargeSerializer
    filterset_class = filters.ChargeFilter

    def get_queryset(self):
        # Citations in one query for the page rather than one per charge.
        charges = Charge.objects.prefetch_related("citations")
        return in_visible_cases(charges, self.request.user)


class EventViewSet(RegistryViewSet):
    serializer_class = serializers.EventSerializer
    filterset_class = filters.EventFilter

    def get_queryset(self):
        # Citations in one query for the page rather than one per event.
        events = Event.objects.prefetch_related("citations")
        return in_visible_cases(events, self.request.user)


class ActorViewSet(RegistryViewSet):
    serializer_class = serializers.ActorSerializer
    filterset_class = filters.ActorFilter
    queryset = Actor.objects.order_by("name", "id")


class PositionViewSet(RegistryViewSet):
    serializer_class = serializers.PositionSerializer
    filterset_class = filters.PositionFilter

    def get_queryset(self):
        # The nested actor is joined and the citations prefetched, instead of
        # two queries per position.
        positions = Position.objects.select_related("actor").prefetch_related("citations")
        return in_visible_cases(positions, self.request.user)


class SourceViewSet(RegistryViewSet):
    """Sources are public; their citations and cases are those the user may see."""

    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilter

    def get_queryset(self):
        citations = in_visible_cases(
            # Each citation links to its case by slug and person name: joined, not a query each.
            Citation.objects.select_related("case__person"),
            self.request.user,
        )
        return Source.objects.prefetch_related(
            Prefetch("citations", queryset=citations, to_attr="visible_citations")
        ).order_by(*Source._meta.ordering, "id")


class CitationViewSet(RegistryViewSet):
    serializer_class = serializers.CitationSerializer
    filterset_class = filters.CitationFilter

    def get_queryset(self):
        return in_visible_cases(Citation.objects.all(), self.request.user)
