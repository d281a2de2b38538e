"""Export the whole registry to one JSON file, and import it into an empty database.

The file is database-neutral (Django's serialisation of every registry
record with its primary key), so a registry can move between SQLite and
PostgreSQL. Users appear only as the names that history and reviews point
at: no password hashes or e-mail addresses leave the database, and imported
users get unusable passwords. Records are written raw, as stored, so slugs,
digests, citation offsets and timestamps come back unchanged.
"""

import json

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.db import connection, transaction
from django.utils import timezone

FORMAT = "detained-citizens-registry"
VERSION = 1

# Parents before children, so foreign keys resolve as rows are inserted.
REGISTRY_MODELS = [
    "cases.person",
    "cases.actor",
    "cases.source",
    "cases.case",
    "cases.charge",
    "cases.event",
    "cases.position",
    "cases.statuschange",
    "cases.citation",
    "cases.sourcelink",
]
USER_FIELDS = ("reviewed_by", "history_user")


class ImportRefused(Exception):
    pass


def history_model_label(label):
    app_label, model_name = label.split(".")
    return f"{app_label}.historical{model_name}"


def _ordered(model):
    return model._default_manager.order_by("pk")


def export_registry(with_history=False) -> dict:
    labels = list(REGISTRY_MODELS)
    if with_history:
        labels += [history_model_label(label) for label in REGISTRY_MODELS]
    records = {
        label: serializers.serialize("python", _ordered(apps.get_model(label))) for label in labels
    }
    user_ids = {
        entry["fields"][field]
        for entries in records.values()
        for entry in entries
        for field in USER_FIELDS
        if entry["fields"].get(field) is not None
    }
    users = get_user_model().objects.filter(pk__in=user_ids).order_by("pk")
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "users": [{"id": user.pk, "username": user.get_username()} for user in users],
        "records": {
            label: [{"pk": e["pk"], "fields": e["fields"]} for e in entries]
            for label, entries in records.items()
        },
    }


def write_export(path, with_history=False):
    data = export_registry(with_history=with_history)
    with open(path, "w", encoding="utf-8") as file:
        json.dump(data, file, ensure_ascii=False, indent=1, default=str)
    return {label: len(entries) for label, entries in data["records"].items()}


@transaction.atomic
def import_registry(data: dict) -> dict:
    if (
        data.get("format") != FORMAT
        or data.get("version") != VERSION
        or not isinstance(data.get("records"), dict)
    ):
        raise ImportRefused("This is not a registry export this version can read.")
    occupied = [label for label in REGISTRY_MODELS if _ordered(apps.get_model(label)).exists()]
    if occupied:
        raise ImportRefused(
            "The database already holds registry records ("
            + ", ".join(occupied)
            + "); import only into an empty registry."
        )
    user_ids = _match_users(data.get("users", []))
    counts = {}
    for label, entries in data["records"].items():
        objects = []
        for entry in entries:
            fields = dict(entry["fields"])
            for name in USER_FIELDS:
                if fields.get(name) is not None:
                    fields[name] = user_ids[fields[name]]
            objects.append({"model": label, "pk": entry["pk"], "fields": fields})
        try:
            for deserialized in serializers.deserialize("python", objects):
                deserialized.save()
        except (DeserializationError, LookupError) as error:
            raise ImportRefused(f"The export's {label} records cannot be read: {error}") from error
        counts[label] = len(objects)
    _reset_sequences([apps.get_model(label) for label in data["records"]])
    _refuse_broken_citations()
    return counts


# How many broken citations a refused import names; the count covers the rest.
NAMED_BROKEN_CITATIONS = 20


def _refuse_broken_citations():
    """Refuse the import (rolling it back) if a citation does not hold in what was imported.

    Records are written raw, without their model's checks, so a file edited or
    damaged after export could otherwise bring in a quote its source does not contain.
    """
    Citation = apps.get_model("cases.citation")
    citations = Citation.objects.select_related("source", "charge", "event", "position")
    broken = [
        f"citation #{citation.pk} (source #{citation.source_id}): {problem}"
        for citation in citations.order_by("pk").iterator(chunk_size=500)
        if (problem := citation.problem()) is not None
    ]
    if broken:
        named = "; ".join(broken[:NAMED_BROKEN_CITATIONS])
        more = len(broken) - NAMED_BROKEN_CITATIONS
        if more > 0:
            named += f"; and {more} more"
        raise ImportRefused(
            f"Nothing was imported: {len(broken)} citation(s) in the export do not hold: {named}."
        )


def read_import(path):
    try:
        with open(path, encoding="utf-8") as file:
            data = json.load(file)
    except json.JSONDecodeError as error:
        raise ImportRefused(
            f"{path} is not a complete registry export: its JSON stops or breaks at line "
            f"{error.lineno}, column {error.colno} ({error.msg}). Was it truncated or cut "
            "short while copying? Nothing was imported."
        ) from error
    except (OSError, UnicodeDecodeError) as error:
        raise ImportRefused(f"{path} cannot be read: {error}") from error
    if not isinstance(data, dict):
        raise ImportRefused("This is not a registry export this version can read.")
    return import_registry(data)


def _match_users(exported_users):
    """Map exported user ids to users of this database, creating missing ones without passwords."""
    User = get_user_model()
    mapping = {}
    for exported in exported_users:
        user = User.objects.filter(**{User.USERNAME_FIELD: exported["username"]}).first()
        if user is None:
            user = User(**{User.USERNAME_FIELD: exported["username"]})
            user.set_unusable_password()
            user.save()
        mapping[exported["id"]] = user.pk
    return mapping


def _reset_sequences(models):
    """After inserting explicit primary keys, PostgreSQL's sequences must move past them."""
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
