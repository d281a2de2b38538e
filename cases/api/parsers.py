"""Request body parsers that refuse oversized bodies before reading them whole."""

import io

from django.conf import settings
from rest_framework import parsers, status
from rest_framework.exceptions import APIException


class RequestTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


class JSONParser(parsers.JSONParser):
    """JSON, at most `DATA_UPLOAD_MAX_MEMORY_SIZE` bytes.

    Django enforces that limit when a view reads `request.body` or a form, but
    DRF's JSON parser reads the stream itself and would take a body of any
    size (a source's text is unbounded). Reading one byte past the limit
    tells a body that is too large, with or without a Content-Length.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None:
            body = stream.read(limit + 1)
            if len(body) > limit:
                raise RequestTooLarge(
                    f"The request body is larger than the {limit:,} bytes this API accepts."
                )
            stream = io.BytesIO(body)
        return super().parse(stream, media_type, parser_context)
