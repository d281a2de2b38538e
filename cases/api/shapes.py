"""The fields of each JSON (and CSV) shape of a case and its nested records, listed once.

The serializers take their `Meta.fields` from here (for input and the
schema), and the fast read path (cases.api.representations) reads the
columns these name; its parity tests check it gives exactly these keys, as
the serializers do.
"""

from cases.models import Case

CASE_CITATION = ["id", "source", "quote", "start", "end", "note"]
SOURCE_SUMMARY = ["id", "kind", "title", "outlet", "url", "published_at"]
PERSON_SUMMARY = ["id", "slug", "name", "native_name", "aliases", "citizenships"]
POSITION_ACTOR = ["id", "name", "kind", "country", "role"]

# The case record's own facts, in both the JSON and the CSV.
CASE_RECORD = [*Case.place_and_dates, "status"]

CHARGE = [
    "id",
    "case",
    "description",
    "statute",
    "outcome",
    "sentence",
    "sentence_months",
    "charged_on",
    "charged_on_precision",
    "decided_on",
    "decided_on_precision",
    "certainty",
    "citations",
    "created_at",
    "updated_at",
]
EVENT = [
    "id",
    "case",
    "kind",
    "occurred_on",
    "occurred_on_precision",
    "place",
    "description",
    "certainty",
    "citations",
    "created_at",
    "updated_at",
]
STATUS_CHANGE = [
    "id",
    "case",
    "status",
    "changed_on",
    "changed_on_precision",
    "certainty",
    "description",
    "citations",
    "created_at",
    "updated_at",
]
POSITION = [
    "id",
    "case",
    "actor",
    "actor_id",  # write-only
    "stance",
    "stated_on",
    "stated_on_precision",
    "summary",
    "citations",
    "created_at",
    "updated_at",
]
CASE = [
    "id",
    "slug",
    "url",
    "person",
    "person_id",  # write-only
    *CASE_RECORD,
    "status_since",
    "status_since_precision",
    "status_history",
    "last_sourced_on",
    "summary",
    "published",
    "review_state",
    "charges",
    "events",
    "positions",
    "citations",
    "sources",
    "list_entries",
    "needs_citation",
    "created_at",
    "updated_at",
]
# One flat row per case, for spreadsheets.
CASE_CSV = [
    "id",
    "slug",
    "url",
    "person",
    "native_name",
    "aliases",
    "citizenships",
    *CASE_RECORD,
    "charges",
    "summary",
    "published",
    "created_at",
    "updated_at",
]

# Keys of a shape that are not columns of the record's own row.
NESTED = {"citations", "actor", "actor_id"}


def columns(shape, prefix=""):
    """The row columns a shape reads: foreign keys by their column (`case` -> `case_id`)."""
    return [
        f"{prefix}{name}_id" if name in ("case", "source") else f"{prefix}{name}"
        for name in shape
        if name not in NESTED
    ]


# What the read path takes from a case's row and its person's (a `values()` list):
# it leaves out what no response shows, such as the search columns.
CASE_ROW = [
    "id",
    "slug",
    *CASE_RECORD,
    "summary",
    "published",
    # A draft's review state: whether it was submitted (cases.models.review.review_state).
    "submitted_at",
    "created_at",
    "updated_at",
    *columns(PERSON_SUMMARY, prefix="person__"),
]
