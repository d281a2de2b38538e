"""The public contract: the JSON (and CSV) of every API endpoint on the seeded registry, kept as files.

Each response is compared with its file under tests/api/responses/, so any
change to what the API answers shows up in review. Ids, timestamps of record
keeping (created_at, modified_at, a record's own updated_at, history dates)
and ETags differ between runs and databases; they are replaced by
placeholders before comparing, so the files hold on SQLite and PostgreSQL.

After an intended change, write the files again and review the diff:

    REGISTRY_WRITE_RESPONSES=1 .venv/bin/python -m pytest tests/api/test_api_responses.py
"""

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

RESPONSES = Path(__file__).parent / "responses"
WRITE = os.environ.get("REGISTRY_WRITE_RESPONSES") == "1"
RESOURCES = ["case", "person", "charge", "event", "actor", "position", "source", "citation"]
# Keys whose integers are database ids: they depend on the sequence, not on the data.
ID_KEYS = {
    "id",
    "history_id",
    "case",
    "charge",
    "event",
    "position",
    "status_change",
    "source",
    "actor",
    "parent",
    "person",
    "person_id",
}
# "date" is a history entry's.
KEEPING_TIMES = {"created_at", "modified_at", "date", "reviewed_at"}
URL_ID = re.compile(r"/(\d+)/")


def normalised(value, key=None, record=None):
    if isinstance(value, dict) and {"field", "old", "new"} <= value.keys():
        # A change in a history entry: its values are those of the field it names.
        field = value["field"]
        return {
            **value,
            "old": normalised(value["old"], field),
            "new": normalised(value["new"], field),
        }
    if isinstance(value, dict):
        return {k: normalised(v, k, value) for k, v in value.items()}
    if isinstance(value, list):
        return [normalised(item, key, record) for item in value]
    if isinstance(value, int) and not isinstance(value, bool) and key in ID_KEYS:
        return "<id>"
    if isinstance(value, str) and value:
        # A source's `updated_at` is the outlet's date for the piece (data); elsewhere
        # it is the record's last save.
        own_save = key == "updated_at" and "modified_at" not in (record or {})
        if key in KEEPING_TIMES or own_save:
            return "<timestamp>"
        if value.startswith("http://testserver/"):
            return URL_ID.sub("/<id>/", value)
    return value


@pytest.fixture
def seeded():
    call_command("load_seeds", stdout=io.StringIO())


def compare(name, body):
    path = RESPONSES / name
    if WRITE:
        path.write_text(body, encoding="utf-8")
    assert path.exists(), f"No {path}; write it with REGISTRY_WRITE_RESPONSES=1."
    assert body == path.read_text(encoding="utf-8"), f"{name} differs from the API's answer"


def compare_json(name, response):
    assert response.status_code == 200, response.content
    assert response.get("ETag", '""').startswith('"')
    text = json.dumps(normalised(response.json()), indent=2, ensure_ascii=False) + "\n"
    compare(f"{name}.json", text)


def first_record(api_client, resource):
    results = api_client.get(reverse(f"{resource}-list")).json()["results"]
    record = results[0]
    return record.get("slug") or record["id"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_resource_list_answers_as_recorded(api_client, seeded, resource):
    compare_json(f"{resource}-list", api_client.get(reverse(f"{resource}-list")))


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_resource_record_answers_as_recorded(api_client, seeded, resource):
    key = first_record(api_client, resource)
    compare_json(f"{resource}-detail", api_client.get(reverse(f"{resource}-detail", args=[key])))


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_resource_history_answers_as_recorded(api_client, seeded, resource):
    key = first_record(api_client, resource)
    compare_json(f"{resource}-history", api_client.get(reverse(f"{resource}-history", args=[key])))


def test_a_filtered_case_list_answers_as_recorded(api_client, seeded):
    response = api_client.get(reverse("case-list"), {"status": "released,exchanged"})
    compare_json("case-list-released", response)


def test_the_csv_export_answers_as_recorded(api_client, seeded):
    response = api_client.get(reverse("case-list"), {"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(
        {name: normalised(int(v) if name == "id" else v, name, row) for name, v in row.items()}
        for row in rows
    )
    compare("case-list.csv", out.getvalue())
