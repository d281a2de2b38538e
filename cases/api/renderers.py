"""CSV output for spreadsheet users, written with the standard library's csv module."""

import csv
import io

from rest_framework import renderers

# Spreadsheets run a cell starting with one of these as a formula; text taken
# from news sources must not be able to do that on a reader's machine.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class CSVRenderer(renderers.BaseRenderer):
    """One row per object, with a header row.

    The columns come from `renderer_context["csv_header"]` when the view gives
    them, so an empty result still has its header; otherwise from the first row.
    """

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        rows = data if isinstance(data, list) else [data]
        header = (renderer_context or {}).get("csv_header") or list(rows[0] if rows else [])
        output = io.StringIO()
        writer = csv.DictWriter(output, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        for row in rows:
            writer.writerow({name: cell(value) for name, value in row.items()})
        return output.getvalue().encode(self.charset)


def cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    value = str(value)
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value
