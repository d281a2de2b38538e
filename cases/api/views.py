"""API v1: one ViewSet per resource.

Reads go through querysets that hide drafts from users who may not see them
(`Case.objects.visible_to`) and that load nested records in a fixed number of
queries; writes are checked by the serializers against the model rules, and
allowed by Django model permissions (REST_FRAMEWORK in settings).

Every detail response carries an `ETag` naming the record's version; a PUT,
PATCH or DELETE sent with `If-Match` is carried out only if the record is
still at that version (`RegistryViewSet.get_object`).
"""

import datetime
import hashlib
import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.db.models import Prefetch, ProtectedError, Q, RestrictedError
from django.http import Http404, StreamingHttpResponse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings

from cases.ingest.case_lists import FIELDS as IMPORT_FIELDS
from cases.ingest.case_lists import export_rows
from cases.models import Actor, Case, Charge, Citation, Event, Person, Position, Source, SourceLink
from cases.search.filters import CaseFilter

from . import filters, serializers
from .renderers import CSVRenderer, csv_lines
from .representations import CaseCsvRows, CaseRepresentation
from .visibility import in_visible_cases, visible_links

# Writes that replace or remove a record, and so may be made conditional with If-Match.
CONDITIONAL_METHODS = ("PUT", "PATCH", "DELETE")
STRONG_ETAG = re.compile(r'^"[^"]*"$')
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
# How many dependents a 409 names of each kind; the count covers the rest.
NAMED_DEPENDENTS = 5
CSV_HEADER = list(serializers.CaseCsvSerializer.Meta.fields)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


class RegistryViewSet(viewsets.ModelViewSet):
    """A registry resource: list, read, add, change and delete records, and read their history."""

    # Parameters of the list other than its filters and paging.
    list_parameters = []

    # The column `auto_now` stamps on every save(): with the primary key, it names a version.
    version_field = "updated_at"

    def handle_exception(self, exc):
        if isinstance(exc, RequestDataTooBig):
            # Django refuses a body past DATA_UPLOAD_MAX_MEMORY_SIZE when DRF reads it;
            # uncaught, that would be a bare 400 page rather than an API error.
            exc = RequestTooLarge(
                f"The request body is larger than the "
                f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes this API accepts."
            )
        return super().handle_exception(exc)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.refuse_unknown_parameters(request)

    def refuse_unknown_parameters(self, request):
        """A misspelt filter (`?stauts=detained`) is a 400, not a silently unfiltered list."""
        known = {api_settings.URL_FORMAT_OVERRIDE}
        if self.action in ("list", "history"):
            known |= {self.paginator.page_query_param, self.paginator.page_size_query_param}
        if self.action == "list" and getattr(self, "filterset_class", None):
            known |= set(self.filterset_class.base_filters) | set(self.list_parameters)
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            listed = ", ".join(sorted(name for name in known if name)) or "none"
            raise ValidationError(
                {name: [f"Unknown parameter. This endpoint takes: {listed}."] for name in unknown}
            )

    # Versions and conditional writes

    def get_object(self):
        """The record, locked until the end of the transaction when it is about to be written.

        The lock makes the If-Match check and the write one step: no other
        write can slip in between (`update`/`destroy` hold the transaction).
        It also means a PATCH starts from the stored values of the fields it
        leaves alone, since save() writes every field.
        """
        # Not filter_queryset(): a URL names its record, and list filters are
        # refused on it (initial()), so building the FilterSet would be wasted work.
        queryset = self.get_queryset()
        lookup_url_kwarg = self.lookup_url_kwarg or self.lookup_field
        value = self.kwargs[lookup_url_kwarg]
        if self.lookup_field == "slug" and not SLUG.match(value):
            # Not a slug (a NUL byte, say, which PostgreSQL refuses in a query): no such record.
            raise Http404
        writing = self.request.method in CONDITIONAL_METHODS
        if writing:
            # Only the record's own row: joined rows (a case's person) stay unlocked.
            queryset = queryset.select_for_update(of=("self",))
        instance = get_object_or_404(queryset, **{self.lookup_field: value})
        self.check_object_permissions(self.request, instance)
        if writing:
            self.check_if_match(instance)
        return instance

    def etag(self, instance):
        """A strong ETag for the record's current version: its primary key and last save.

        `updated_at` (`modified_at` on sources) changes on every save(), which
        every write path uses (API, admin, imports, history restores). The
        ETag versions the record's own fields: a case's charges are records
        of their own, with ETags of their own.
        """
        version = getattr(instance, self.version_field)
        stamp = (version - EPOCH) // datetime.timedelta(microseconds=1)
        digest = hashlib.sha256(f"{instance._meta.label}:{instance.pk}:{stamp}".encode())
        return f'"{digest.hexdigest()[:32]}"'

    def check_if_match(self, instance):
        header = self.request.headers.get("If-Match")
        if header is None:
            # Unconditional, as before ETags; clients should send If-Match (docs/api-trust.md).
            return
        tags = [tag.strip() for tag in header.split(",")]
        if "*" in tags:
            return
        if not all(STRONG_ETAG.match(tag) for tag in tags):
            raise ValidationError(
                {"If-Match": ['Send the ETag of the record as read, e.g. "3f2a…", or *.']}
            )
        current = self.etag(instance)
        if current not in tags:
            raise PreconditionFailed(
                f"This {instance._meta.verbose_name} was changed after you read it "
                f"(its ETag is now {current}). Read it again and reapply your change; "
                "nothing was written."
            )

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().destroy(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        written = getattr(self, "versioned", None)
        if written is not None and status.is_success(response.status_code):
            response["ETag"] = self.etag(written)
        return response

    def retrieve(self, request, *args, **kwargs):
        self.versioned = self.get_object()
        return Response(self.get_serializer(self.versioned).data)

    def perform_create(self, serializer):
        super().perform_create(serializer)
        self.versioned = serializer.instance

    def perform_update(self, serializer):
        super().perform_update(serializer)
        self.versioned = serializer.instance

    def perform_destroy(self, instance):
        # People, actors and sources still referred to are protected by the
        # database (on_delete=PROTECT); say what refers to them instead of failing with a 500.
        try:
            instance.delete()
        except ProtectedError as error:
            raise Conflict(dependents_message(instance, error.protected_objects)) from error
        except RestrictedError as error:
            raise Conflict(dependents_message(instance, error.restricted_objects)) from error

    # History

    @extend_schema(
        summary="History of the record",
        description="Every recorded version of the record, newest first: when, by whom, "
        "and each field it changed with its old and new value.",
        responses=serializers.HistoryEntrySerializer(many=True),
        filters=False,
    )
    @action(
        detail=True,
        filter_backends=[],
        renderer_classes=api_settings.DEFAULT_RENDERER_CLASSES,
        serializer_class=serializers.HistoryEntrySerializer,
    )
    def history(self, request, *args, **kwargs):
        instance = self.get_object()  # 404 for a record the user may not see
        # The author of each version is joined rather than fetched once per version.
        versions = instance.history.select_related("history_user").order_by(
            "-history_date", "-history_id"
        )
        page = self.paginate_queryset(versions)
        if page:
            # Each version is compared with the one before it: those on the page,
            # and for the oldest on the page, one more query for its predecessor.
            oldest = page[-1]
            before = versions.filter(
                Q(history_date__lt=oldest.history_date)
                | Q(history_date=oldest.history_date, history_id__lt=oldest.history_id)
            ).first()
            for version, previous in zip(page, [*page[1:], before], strict=True):
                version.previous_version = previous
        # Not get_serializer(): a viewset may choose its serializer without regard to the action.
        entries = serializers.HistoryEntrySerializer(
            page, many=True, context=self.get_serializer_context()
        )
        return self.get_paginated_response(entries.data)


def dependents_message(instance, dependents):
    """'This actor is still referred to by 2 positions (#4 …, #9 …); remove those first.'"""
    by_kind = {}
    for obj in sorted(dependents, key=lambda obj: (obj._meta.label, obj.pk)):
        by_kind.setdefault(obj._meta, []).append(obj)
    parts = []
    for meta, objects in by_kind.items():
        named = "; ".join(describe_dependent(obj) for obj in objects[:NAMED_DEPENDENTS])
        more = len(objects) - NAMED_DEPENDENTS
        if more > 0:
            named += f"; and {more} more"
        noun = meta.verbose_name if len(objects) == 1 else meta.verbose_name_plural
        parts.append(f"{len(objects)} {noun} ({named})")
    return (
        f"This {instance._meta.verbose_name} is still referred to by "
        f"{' and '.join(parts)}; remove those first."
    )


def describe_dependent(obj):
    # A query or two each for the case and actor, for at most NAMED_DEPENDENTS records per kind.
    text = f"“{obj.quote[:60]}”" if isinstance(obj, Citation) else str(obj)
    if isinstance(obj, Citation | Position):
        text += f" in case {obj.case.slug}"
    return f"#{obj.pk} {text}"


class CaseViewSet(RegistryViewSet):
    """Cases by slug. `?format=csv` or `Accept: text/csv` on the list gives every filtered case as CSV."""

    lookup_field = "slug"
    filterset_class = CaseFilter
    list_parameters = ["columns"]
    renderer_classes = [*api_settings.DEFAULT_RENDERER_CLASSES, CSVRenderer]

    def get_queryset(self):
        cases = Case.objects.visible_to(self.request.user)
        if self.action == "history":
            # Versions are read from the history table; the case is only looked up.
            return cases
        if self.request.method == "GET":
            # CaseRepresentation and CaseCsvRows read the nested records themselves, as rows.
            cases = cases.select_related("person")
        else:
            # A write answers with CaseSerializer, which nests model instances.
            cases = cases.with_details()
        # The id breaks ties between cases with the same date and name, so pages are stable.
        return cases.order_by(*Case._meta.ordering, "id")

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
        if self.wants_csv() and self.import_columns():
            return self.csv_response(cases, list(IMPORT_FIELDS), export_rows(cases), "cases-import")
        if self.wants_csv():
            return self.csv_response(cases)
        page = self.paginate_queryset(cases)
        return self.get_paginated_response(self.representation().many(page))

    def import_columns(self):
        """Whether `?columns=import` asks for the import-ready columns; another value is a 400."""
        columns = self.request.query_params.get("columns", "")
        if columns not in ("", "import"):
            raise ValidationError({"columns": ["The only value is import."]})
        return columns == "import"

    def csv_response(self, cases, header=CSV_HEADER, rows=None, name="cases"):
        """Every filtered case, streamed: an export of any size starts at once, in bounded memory.

        Invalid filters were answered (in JSON) before this, by filter_queryset().
        """
        if rows is None:
            rows = CaseCsvRows(self.request, format=self.format_kwarg).rows(cases)
        lines = csv_lines(header, rows)
        response = StreamingHttpResponse(
            (line.encode(CSVRenderer.charset) for line in lines),
            content_type=f"{CSVRenderer.media_type}; charset={CSVRenderer.charset}",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response

    def retrieve(self, request, *args, **kwargs):
        self.versioned = self.get_object()
        return Response(self.representation().one(self.versioned))

    def representation(self):
        return CaseRepresentation(self.request, format=self.format_kwarg)

    def wants_csv(self):
        renderer = getattr(self.request, "accepted_renderer", None)
        return isinstance(renderer, CSVRenderer)

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
        cases = Case.objects.visible_to(user)
        # One query for the cases of the whole page instead of one per person.
        people = Person.objects.prefetch_related(
            Prefetch("cases", queryset=cases, to_attr="visible_cases")
        )
        if not user.has_perm("cases.view_case"):
            # Someone known only from draft cases is not public yet.
            people = people.with_cases_in(cases)
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

    # `updated_at` is the outlet's date for the piece; this is the record's own.
    version_field = "modified_at"
    serializer_class = serializers.SourceSerializer
    filterset_class = filters.SourceFilter

    def get_queryset(self):
        citations = in_visible_cases(
            # Each citation links to its case by slug and person name: joined, not a query each.
            Citation.objects.select_related("case__person"),
            self.request.user,
        )
        return Source.objects.prefetch_related(
            Prefetch("citations", queryset=citations, to_attr="visible_citations"),
            Prefetch(
                "links",
                queryset=visible_links(SourceLink.objects.all(), self.request.user),
                to_attr="visible_links",
            ),
        ).order_by(*Source._meta.ordering, "id")


class CitationViewSet(RegistryViewSet):
    serializer_class = serializers.CitationSerializer
    filterset_class = filters.CitationFilter

    def get_queryset(self):
        return in_visible_cases(Citation.objects.all(), self.request.user)
