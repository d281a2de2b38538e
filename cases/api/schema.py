"""What drf-spectacular cannot see in the views: error responses, ETags and If-Match.

Added by a postprocessing hook (SPECTACULAR_SETTINGS), so that the schema
describes every answer a client may get, and schema-driven clients and tests
(tests/test_api_fuzz.py) can tell a documented refusal from a broken response.
"""

from drf_spectacular.views import SpectacularSwaggerSplitView

ERROR = {
    "type": "object",
    "description": '`{"detail": "…"}`, or a list of messages per field or parameter.',
    "additionalProperties": True,
}
ETAG_HEADER = {
    "ETag": {
        "description": "The record's version; send it back in If-Match when changing it.",
        "schema": {"type": "string"},
    }
}
IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "description": "The ETag of the record as you read it (or `*`): the write is "
    "refused with 412 if the record has changed since. Send it to avoid overwriting "
    "another editor's change.",
    "schema": {"type": "string"},
}

# Besides 400 (invalid parameters or body), 401 (a bad token) and 429 (throttled) everywhere.
ERRORS_BY_METHOD = {
    "get": {404: "Not found, or not visible to you; or a page past the last."},
    "post": {
        404: "Unknown `format`.",
        403: "Not allowed to add this kind of record.",
        409: "A write made at the same moment took what this one needed (the same "
        "source text, say); nothing was written. Read again and retry.",
        413: "Request body too large.",
        415: "Unsupported content type.",
    },
    "put": {
        403: "Not allowed to change this kind of record.",
        404: "Not found, or not visible to you.",
        409: "A write made at the same moment conflicts with this one; nothing was written.",
        412: "The record changed since the ETag in If-Match.",
        413: "Request body too large.",
        415: "Unsupported content type.",
    },
    "delete": {
        403: "Not allowed to delete this kind of record.",
        404: "Not found, or not visible to you.",
        409: "Other records still refer to this one; the message names them.",
        412: "The record changed since the ETag in If-Match.",
    },
}
ERRORS_BY_METHOD["patch"] = ERRORS_BY_METHOD["put"]
# Deliberate differences between this schema and what the API accepts, stated on each
# operation they concern, so that schema-driven clients and tests know of them.
WRITE_RULES = (
    "\n\nA body valid by this schema may still be refused with 400: the registry's rules "
    "span fields and records (a quote must occur in its source's text, ids must name "
    "records you can see, dates must be in order and not in the future, a cited charge, "
    "event or position stays in its case), which a schema cannot state. With If-Match, "
    "the version is checked before the body, so a stale ETag is a 412 whatever the body."
)
# Reading is open to anyone: anonymous clients see published cases and what they cite.
ANONYMOUS_READ = {}
COMMON_ERRORS = {
    400: "Invalid parameters or body; the message names each field.",
    401: "Invalid or missing credentials.",
    429: "Too many requests; retry after the seconds in Retry-After.",
}


def document_errors_and_versions(result, generator, request, public):
    for path, operations in result.get("paths", {}).items():
        if not path.startswith("/api/v1/"):
            continue
        is_detail = path.endswith(("{id}/", "{slug}/"))
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for code, description in {**COMMON_ERRORS, **ERRORS_BY_METHOD[method]}.items():
                responses.setdefault(
                    str(code),
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR}},
                    },
                )
            if is_detail and method in ("put", "patch", "delete"):
                operation.setdefault("parameters", []).append(IF_MATCH)
            if method in ("post", "put", "patch"):
                operation["description"] = operation.get("description", "") + WRITE_RULES
            if method == "get" and ANONYMOUS_READ not in operation.get("security", []):
                operation.setdefault("security", []).append(ANONYMOUS_READ)
            if (is_detail and method in ("get", "put", "patch")) or (
                method == "post" and not is_detail
            ):
                for code in ("200", "201"):
                    if code in responses:
                        responses[code].setdefault("headers", {}).update(ETAG_HEADER)
    return result


class SwaggerDocsView(SpectacularSwaggerSplitView):
    """The interactive documentation: a page to GET, nothing else.

    Its HTML renderer has no template for DRF's OPTIONS description (a 500);
    OPTIONS is answered 405 like any other method the page does not take.
    """

    http_method_names = ["get", "head"]
