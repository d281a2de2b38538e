"""Reading request bodies."""

from django.utils.translation import gettext
from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with a body nested too deeply for Python to read refused as malformed.

    Python's json module gives up past about a thousand levels of nesting with
    a RecursionError, which DRF does not catch (a 500); no record of the
    registry nests more than a few levels.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError as error:
            raise ParseError(
                gettext("JSON parse error - the body is nested too deeply.")
            ) from error
