"""The behaviour every API resource shares, one concern a mixin (`views.RegistryViewSet` joins them)."""

import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext
from django_filters.rest_framework import CharFilter
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, MethodNotAllowed, ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response
from rest_framework.settings import api_settings

from cases import versioning
from cases.models import Case, Citation, Position
from cases.models.cases import refresh_search_text
from cases.models.history import compare_versions, readable_history

from . import serializers

SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
# Writes that replace or remove a record, and so may be made conditional with If-Match.
CONDITIONAL_METHODS = ("PUT", "PATCH", "DELETE")
# How many dependents a 409 names of each kind; the count covers the rest.
NAMED_DEPENDENTS = 5


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


class StrictParametersMixin:
    """A misspelt filter (`?stauts=detained`) or an empty one is a 400, not a silently
    unfiltered list; a method the URL does not take is a 405."""

    # Parameters of the list other than its filters and paging.
    list_parameters = []

    def initial(self, request, *args, **kwargs):
        if self.action is None:
            # A method this URL does not take (PUT on a list) is a 405 whoever asks, before
            # permissions, which would judge the method, or parameters are looked at.
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
        self.refuse_unknown_parameters(request)
        self.refuse_empty_filters(request)

    def refuse_unknown_parameters(self, request):
        known = {api_settings.URL_FORMAT_OVERRIDE}
        if self.action in ("list", "history"):
            known |= {self.paginator.page_query_param, self.paginator.page_size_query_param}
        if self.action == "list" and getattr(self, "filterset_class", None):
            known |= set(self.filterset_class.base_filters) | set(self.list_parameters)
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            listed = ", ".join(sorted(name for name in known if name)) or gettext("none")
            message = gettext("Unknown parameter. This endpoint takes: %(names)s.") % {
                "names": listed
            }
            raise ValidationError({name: [message] for name in unknown})

    def refuse_empty_filters(self, request):
        """`?detained_after=` is a 400, as the schema's `format: date` says, not "no filter".

        Only free-text filters (`search`) may be empty; an empty date, choice or
        id, or an empty `format`, would otherwise pass silently for one that was applied.
        """
        filterset_class = getattr(self, "filterset_class", None)
        strict = {api_settings.URL_FORMAT_OVERRIDE}
        if self.action == "list" and filterset_class is not None:
            strict |= {
                name
                for name, list_filter in filterset_class.base_filters.items()
                if not isinstance(list_filter, CharFilter)
            }
        empty = [
            name
            for name in sorted(strict & set(request.query_params))
            if not any(value.strip() for value in request.query_params.getlist(name))
        ]
        if empty:
            raise ValidationError(
                {name: [gettext("Give a value, or leave the parameter out.")] for name in empty}
            )


class BodyLimitMixin:
    """A body past DATA_UPLOAD_MAX_MEMORY_SIZE is a 413 in the API's error format."""

    def handle_exception(self, exc):
        if isinstance(exc, RequestDataTooBig):
            # Django refuses the body when DRF reads it; uncaught, that would be
            # a bare 400 page rather than an API error.
            exc = RequestTooLarge(
                gettext("The request body is larger than the %(limit)s bytes this API accepts.")
                % {"limit": f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,}"}
            )
        return super().handle_exception(exc)


class RacingWritesMixin:
    """A create is one transaction with its history; a write that a concurrent one beat
    to a unique value (the same source text, say) is a 409, not a 500."""

    def create(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().create(request, *args, **kwargs)

    def handle_exception(self, exc):
        if isinstance(exc, IntegrityError):
            # Validation passed, then a concurrent write took what this one needed
            # before it committed; nothing was written.
            exc = Conflict(
                gettext(
                    "Another change made at the same moment conflicts with this one; "
                    "nothing was written. Read the records again and retry."
                )
            )
        return super().handle_exception(exc)


class ConditionalWritesMixin:
    """Every detail response carries the record's `ETag`; a write sent with `If-Match` is
    carried out only if the record is still at that version (cases.versioning)."""

    def get_object(self):
        """The record, locked until the end of the transaction when it is about to be written.

        The lock makes the If-Match check and the write one step: no other
        write can slip in between (`update`/`destroy` hold the transaction).
        It also means a PATCH starts from the stored values of the fields it
        leaves alone, since save() writes every field.
        """
        # Not filter_queryset(): a URL names its record, and list filters are
        # refused on it (StrictParametersMixin), so building the FilterSet would be wasted work.
        queryset = self.get_queryset()
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        if self.lookup_field == "slug" and not SLUG.match(value):
            # Not a slug (a NUL byte, say, which PostgreSQL refuses in a query): no such record.
            raise Http404
        writing = self.request.method in CONDITIONAL_METHODS
        if writing:
            queryset = versioning.for_update(queryset)
        instance = get_object_or_404(queryset, **{self.lookup_field: value})
        self.check_object_permissions(self.request, instance)
        if writing:
            self.check_if_match(instance)
        return instance

    def check_if_match(self, instance):
        try:
            versioning.check_if_match(self.request.headers.get("If-Match"), instance)
        except ValueError as error:
            raise ValidationError({"If-Match": [str(error)]}) from error
        except versioning.StaleVersion as error:
            raise PreconditionFailed(str(error)) from error

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
            response["ETag"] = versioning.etag(written)
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


class SearchTextMixin:
    """Writes rebuild the search text of the cases they touch, in the same transaction."""

    def perform_create(self, serializer):
        with transaction.atomic():
            super().perform_create(serializer)
            self.refresh_search_text(serializer.instance)

    def perform_update(self, serializer):
        super().perform_update(serializer)
        self.refresh_search_text(serializer.instance)

    def refresh_search_text(self, record):
        # A case's own save() has just built its search text from what is stored.
        if not isinstance(record, Case):
            refresh_search_text(record)

    def perform_destroy(self, instance):
        super().perform_destroy(instance)
        refresh_search_text(instance)


class ProtectedDeleteMixin:
    """Deleting a record others still refer to is a 409 naming them, not a 500."""

    def perform_destroy(self, instance):
        # People, actors and sources still referred to are protected by the
        # database (on_delete=PROTECT).
        try:
            # A savepoint, so the transaction can still read what refers to the record.
            with transaction.atomic():
                instance.delete()
        except ProtectedError as error:
            raise Conflict(dependents_message(instance, error.protected_objects)) from error
        except RestrictedError as error:
            raise Conflict(dependents_message(instance, error.restricted_objects)) from error


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
            named += gettext("; and %(count)s more") % {"count": more}
        noun = meta.verbose_name if len(objects) == 1 else meta.verbose_name_plural
        parts.append(
            gettext("%(count)s %(noun)s (%(named)s)")
            % {"count": len(objects), "noun": noun, "named": named}
        )
    return gettext(
        "This %(record)s is still referred to by %(dependents)s; remove those first."
    ) % {
        "record": instance._meta.verbose_name,
        "dependents": gettext(" and ").join(parts),
    }


def describe_dependent(obj):
    # A query or two each for the case and actor, for at most NAMED_DEPENDENTS records per kind.
    text = f"“{obj.quote[:60]}”" if isinstance(obj, Citation) else str(obj)
    if isinstance(obj, Citation | Position):
        text += gettext(" in case %(slug)s") % {"slug": obj.case.slug}
    return f"#{obj.pk} {text}"


class HistoryMixin:
    """`<record>/history/`: the recorded versions the user may read, newest first, each compared
    with the one before it that they may read."""

    @extend_schema(
        summary="History of the record",
        description="The recorded versions of the record, newest first: when, by whom, "
        "and each field it changed with its old and new value. Editors and viewers read "
        "every version; everyone else, those that stood while the record was public, "
        "each compared with the one before it that they read, with references to "
        "records they may not see and to users given as null.",
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
        # Which versions, and which of their values, the user may read: cases.models.history.
        versions = readable_history(instance, request.user)
        page = self.paginate_queryset(versions)
        if page:
            compare_versions(page, versions, request.user)
        # Not get_serializer(): a viewset may choose its serializer without regard to the action.
        entries = serializers.HistoryEntrySerializer(
            page, many=True, context=self.get_serializer_context()
        )
        return self.get_paginated_response(entries.data)
