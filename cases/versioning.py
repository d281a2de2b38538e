"""Versions of registry records, for writes that must not overwrite someone else's change.

A record's version is its primary key and the time of its last save (the
column `auto_now` stamps on every save(), which every write path uses: API,
admin, imports, history restores), given to clients as a strong ETag. The API
sends it in `ETag` and checks `If-Match`; the admin keeps it in a hidden form
field and checks it on save. Both lock the record's row before checking, so
the check and the write are one step: two writers saving at the same moment
cannot both pass, the second waits and then sees the first one's version.
(SQLite serialises writing transactions from their start, transaction_mode
IMMEDIATE, so there the lock is the transaction itself.)
"""

import datetime
import hashlib
import re

from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

# Every record's version column but a source's, whose `updated_at` is the outlet's date for the piece.
VERSION_FIELD = "updated_at"
STRONG_ETAG = re.compile(r'^"[^"]*"$')
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


class StaleVersion(Exception):
    """The record changed after the writer read it; the message says so and what to do."""


def version_field(model) -> str:
    return getattr(model, "version_field", VERSION_FIELD)


def etag(instance) -> str:
    """A strong ETag for the record's current version: its primary key and last save.

    The ETag versions the record's own fields: a case's charges are records
    of their own, with versions of their own.
    """
    saved = getattr(instance, version_field(type(instance)))
    stamp = (saved - EPOCH) // datetime.timedelta(microseconds=1)
    digest = hashlib.sha256(f"{instance._meta.label}:{instance.pk}:{stamp}".encode())
    return f'"{digest.hexdigest()[:32]}"'


def check_if_match(header: str | None, instance):
    """Refuse a write whose `If-Match` names another version of the record.

    No header is an unconditional write, as before ETags; `*` matches any
    version. Raises ValueError for a header that is not a list of strong
    ETags, StaleVersion when the record is at none of them.
    """
    if header is None:
        return
    tags = [tag.strip() for tag in header.split(",")]
    if "*" in tags:
        return
    if not all(STRONG_ETAG.match(tag) for tag in tags):
        raise ValueError(gettext('Send the ETag of the record as read, e.g. "3f2a…", or *.'))
    current = etag(instance)
    if current not in tags:
        raise StaleVersion(
            gettext(
                "This %(record)s was changed after you read it (its ETag is now %(etag)s). "
                "Read it again and reapply your change; nothing was written."
            )
            % {"record": instance._meta.verbose_name, "etag": current}
        )


def describe_last_change(model, pk) -> str:
    """ "changed by alice on Feb. 6, 2021, 9:12 a.m.", from the record's newest history entry.

    In the active language, its date and time in that language's format: the phrase is
    part of messages shown to the editor (a refused save, a refused bulk change).
    """
    record = (
        model.history.filter(**{model._meta.pk.attname: pk}).select_related("history_user").first()
    )
    if record is None:
        return gettext("changed by someone else")
    who = (
        record.history_user.get_username()
        if record.history_user
        else gettext("someone (unrecorded)")
    )
    when = date_format(timezone.localtime(record.history_date), "DATETIME_FORMAT")
    if record.history_type == "-":
        return gettext("deleted by %(who)s on %(when)s") % {"who": who, "when": when}
    return gettext("changed by %(who)s on %(when)s") % {"who": who, "when": when}


def in_transaction(model) -> bool:
    return transaction.get_connection(router.db_for_write(model)).in_atomic_block


def for_update(queryset):
    """`queryset` with its rows locked when read, until the transaction ends.

    Only the model's own rows: rows joined in (a case's person) stay unlocked.
    """
    return queryset.select_for_update(of=("self",))


def lock_row(model, object_id, field_name=None):
    """Lock the row `object_id` names (by primary key or `field_name`) before it is loaded.

    For a save that loads the record itself afterwards (the admin's change
    view); does nothing outside a transaction, or for a value that is no id.
    """
    if not in_transaction(model):
        return
    field = model._meta.pk if field_name is None else model._meta.get_field(field_name)
    try:
        value = field.to_python(object_id)
    except ValidationError:
        return  # Not an id: the caller answers that the record does not exist.
    rows = model._default_manager.select_for_update().filter(**{field.name: value}).order_by()
    list(rows.values_list("pk", flat=True))
