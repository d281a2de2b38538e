"""API v1: one ViewSet per resource.

Reads go through each model's `visible_to(user)`, which hides drafts, and
everything only drafts use, from users who may not see them
(cases.models.visibility), and load nested records in a fixed number of
queries; writes are checked by the serializers against the model rules, and
allowed by Django model permissions (REST_FRAMEWORK in settings).

Every detail response carries an `ETag` naming the record's version; a PUT,
PATCH or DELETE sent with `If-Match` is carried out only if the record is
still at that version (`mixins.ConditionalWritesMixin`).
"""

from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, StreamingHttpResponse
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.settings import api_settings

from cases import models, versioning
from cases.ingest.case_lists import FIELDS as IMPORT_FIELDS
from cases.ingest.case_lists import export_rows
from cases.models.actors import lock_actors
from cases.models.status import refresh_statuses
from cases.search.filters import CaseFilter

from . import filters, serializers, shapes
from .mixins import (
    BodyLimitMixin,
    ConditionalWritesMixin,
    HistoryMixin,
    ProtectedDeleteMixin,
    RacingWritesMixin,
    SearchTextMixin,
    StrictParametersMixin,
)
from .renderers import CSVRenderer, JSONRenderer, csv_lines, in_chunks
from .representations import CaseCsvRows, CaseRepresentation

CSV_HEADER = shapes.CASE_CSV


class RegistryViewSet(
    StrictParametersMixin,
    BodyLimitMixin,
    RacingWritesMixin,
    ConditionalWritesMixin,
    SearchTextMixin,
    ProtectedDeleteMixin,
    HistoryMixin,
    viewsets.ModelViewSet,
):
    """A registry resource: list, read, add, change and delete records, and read their history."""


class CaseViewSet(RegistryViewSet):
    """Cases by slug. `?format=csv` or `Accept: text/csv` on the list gives every filtered case as CSV."""

    lookup_field = "slug"
    filterset_class = CaseFilter
    list_parameters = ["columns"]
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, CSVRenderer]

    def get_queryset(self):
        cases = models.Case.objects.visible_to(self.request.user)
        if self.action == "history":
            # Versions are read from the history table; the case is only looked up.
            return cases
        if self.action == "retrieve":  # GET and HEAD
            # CaseRepresentation reads the case's row and nested records itself;
            # the instance looked up here gives the ETag.
            return cases.only("pk", versioning.version_field(models.Case))
        if self.action != "list":
            # A write answers with CaseSerializer, which nests model instances.
            cases = cases.with_details()
        # A list's rows are read by CaseRepresentation (by id) and CaseCsvRows themselves.
        return cases.in_list_order()

    serializer_class = serializers.CaseSerializer

    # Reads: the same JSON as CaseSerializer and the same rows as CaseCsvSerializer,
    # built as plain dicts (see representations.py).

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "columns",
                enum=["import"],
                description="With format=csv: `import` gives columns named exactly as the "
                "fields of `manage.py import_cases`, so an edited export imports back "
                "(`--key case.slug`).",
            )
        ]
    )
    def list(self, request, *args, **kwargs):
        cases = self.filter_queryset(self.get_queryset())
        # Checked whatever the format, as every other parameter is.
        import_columns = self.import_columns()
        if self.wants_csv() and import_columns:
            lines = csv_lines(list(IMPORT_FIELDS), export_rows(cases, request.user))
            return self.csv_response(in_chunks(lines), "cases-import")
        if self.wants_csv():
            text = CaseCsvRows(request, format=self.format_kwarg).text(cases)
            return self.csv_response(text)
        page = self.paginate_queryset(CaseRepresentation.prepare(cases))
        return self.get_paginated_response(self.representation().many(page))

    def import_columns(self):
        """Whether `?columns=import` asks for the import-ready columns; another value is a 400."""
        columns = self.request.query_params.get("columns", "")
        if columns not in ("", "import"):
            raise ValidationError({"columns": [gettext("The only value is import.")]})
        return columns == "import"

    def csv_response(self, text, name="cases"):
        """Every filtered case, streamed: an export of any size starts at once, in bounded memory.

        `text` gives the CSV in pieces of many lines: a streamed response writes each
        piece to the socket on its own. Invalid filters were answered (in JSON)
        before this, by filter_queryset().
        """
        response = StreamingHttpResponse(
            (piece.encode(CSVRenderer.charset) for piece in text),
            content_type=f"{CSVRenderer.media_type}; charset={CSVRenderer.charset}",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response

    def retrieve(self, request, *args, **kwargs):
        self.versioned = self.get_object()
        if self.wants_csv():  # The case's row of the list's CSV.
            case = models.Case.objects.filter(pk=self.versioned.pk)
            text = CaseCsvRows(request, format=self.format_kwarg).text(case)
            return self.csv_response(text, kwargs[self.lookup_field])
        represented = self.representation().many([self.versioned])
        if not represented:  # Deleted since it was looked up.
            raise Http404
        return Response(represented[0])

    def representation(self):
        return CaseRepresentation(self.request, format=self.format_kwarg)

    def wants_csv(self):
        renderer = getattr(self.request, "accepted_renderer", None)
        return isinstance(renderer, CSVRenderer)

    def get_renderers(self):
        renderers = super().get_renderers()
        if self.action in ("list", "retrieve"):
            return renderers
        # A write answers with the case it wrote, nested JSON no spreadsheet row holds.
        return [renderer for renderer in renderers if not isinstance(renderer, CSVRenderer)]

    def get_renderer_context(self):
        context = super().get_renderer_context()
        context["csv_header"] = CSV_HEADER
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
        # One query for the cases of the whole page instead of one per person.
        people = models.Person.objects.visible_to(user).prefetch_related(
            Prefetch(
                "cases", queryset=models.Case.objects.visible_to(user), to_attr="visible_cases"
            )
        )
        return people.order_by("name", "id")


class ChargeViewSet(RegistryViewSet):
    serializer_class = serializers.ChargeSerializer
    filterset_class = filters.ChargeFilter

    def get_queryset(self):
        # Citations in one query for the page rather than one per charge.
        return models.Charge.objects.visible_to(self.request.user).prefetch_related("citations")


class EventViewSet(RegistryViewSet):
    serializer_class = serializers.EventSerializer
    filterset_class = filters.EventFilter

    def get_queryset(self):
        # Citations in one query for the page rather than one per event.
        return models.Event.objects.visible_to(self.request.user).prefetch_related("citations")


class DerivesCaseStatusMixin:
    """Writes that may change a case's status sequence re-derive `Case.status`, in the same
    transaction (cases.models.status.refresh_statuses)."""

    def perform_create(self, serializer):
        with transaction.atomic():
            super().perform_create(serializer)
            refresh_statuses([serializer.instance.case_id])

    def perform_update(self, serializer):
        with transaction.atomic():
            before = serializer.instance.case_id
            super().perform_update(serializer)
            refresh_statuses({before, serializer.instance.case_id})

    def perform_destroy(self, instance):
        with transaction.atomic():
            super().perform_destroy(instance)
            refresh_statuses([instance.case_id])


class StatusChangeViewSet(DerivesCaseStatusMixin, RegistryViewSet):
    """A case's status over time; the case's `status` is the latest change's."""

    serializer_class = serializers.StatusChangeSerializer
    filterset_class = filters.StatusChangeFilter

    def get_queryset(self):
        # Citations in one query for the page rather than one per change.
        changes = models.StatusChange.objects.prefetch_related("citations")
        return changes.visible_to(self.request.user).order_by(*models.StatusChange._meta.ordering)


class ActorViewSet(RegistryViewSet):
    serializer_class = serializers.ActorSerializer
    filterset_class = filters.ActorFilter

    def get_queryset(self):
        return models.Actor.objects.visible_to(self.request.user).order_by("name", "id")

    def get_object(self):
        if self.request.method in ("PUT", "PATCH") and isinstance(self.request.data, dict):
            lock_actors(self.kwargs[self.lookup_field], self.request.data.get("parent"))
        return super().get_object()


class PositionViewSet(RegistryViewSet):
    serializer_class = serializers.PositionSerializer
    filterset_class = filters.PositionFilter

    def get_queryset(self):
        # The nested actor is joined and the citations prefetched, instead of
        # two queries per position.
        positions = models.Position.objects.visible_to(self.request.user)
        return positions.select_related("actor").prefetch_related("citations")


class SourceViewSet(RegistryViewSet):
    """Sources cited by a case the user may see, with the citations and cases the user may see."""

    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilter

    def get_queryset(self):
        user = self.request.user
        # Each citation and link names its case by slug and person name: joined, not a query each.
        citations = models.Citation.objects.visible_to(user).select_related("case__person")
        links = models.SourceLink.objects.visible_to(user).standing().select_related("case__person")
        return (
            models.Source.objects.visible_to(user)
            .prefetch_related(
                Prefetch("citations", queryset=citations, to_attr="visible_citations"),
                Prefetch("links", queryset=links, to_attr="visible_links"),
            )
            .order_by(*models.Source._meta.ordering, "id")
        )

    def perform_update(self, serializer):
        # A new publication date may move the undated status changes the source supports.
        with transaction.atomic():
            super().perform_update(serializer)
            refresh_statuses(set(serializer.instance.citations.values_list("case_id", flat=True)))


class CitationViewSet(DerivesCaseStatusMixin, RegistryViewSet):
    serializer_class = serializers.CitationSerializer
    filterset_class = filters.CitationFilter

    def get_queryset(self):
        return models.Citation.objects.visible_to(self.request.user)
