"""Which recorded versions of a record a user may read, and what each of them changed.

Editors and viewers (`can_see_drafts`) read every version as simple-history
recorded it. Everyone else reads a record's history as the public saw the
record, by the rule of `visibility` applied to each moment of the past:

- A version is shown only if the record was public while it stood (from its
  date until the next version's). A case is public while it is published, so
  its shown versions are those with `published` true. A charge, event,
  position, status change, citation or source link is public while its case
  (the one that version names) is published; a person while a published case
  names them; a source while a citation of it stood in a published case; an
  actor while a position of it, or of an actor then below it, stood in a
  published case. When these moments were is read from the histories of the
  case, citations, positions and actors: a version that stood only while
  the record was a draft (or used only by drafts) is never shown, and the
  version that stood when the record became public is (its values are what
  the public then saw).
- Each shown version is compared with the shown version before it, so what
  was changed while the record was hidden appears folded into the next shown
  version, and a hidden value never appears as "old". The first shown version
  lists every field, as a creation does, and is given as one.
- A reference to a record the user may not see now (a draft case, an actor or
  source only drafts use) is given as null, and so is every reference to a
  user (`assigned_to`, `submitted_by`, `reviewed_by`), as the author of a
  version is: editors' names are for colleagues, not the public. A change that
  is then null (or equal) on both sides is left out.

Which versions are shown is decided in the database query, so that the count
and the pages of a history are those of what is shown.
"""

import datetime
from collections import defaultdict

from django.db.models import Q
from django_countries.fields import Country, MultipleCountriesDescriptor

from .visibility import can_see_drafts, published_q

TYPES = {"+": "created", "~": "changed", "-": "deleted"}
# A span of time [start, end): None for a start long ago, or for an end still to come.
ALWAYS = [(None, None)]


def readable_history(record, user):
    """The versions of `record` that `user` may read, newest first: a queryset, counted and paged
    as it is shown."""
    # The author of each version is joined rather than fetched once per version.
    versions = record.history.select_related("history_user").order_by(
        "-history_date", "-history_id"
    )
    if can_see_drafts(user):
        return versions
    return versions.filter(public_versions(record))


def public_versions(record):
    """A condition on the history of `record`: the versions that stood while it was public."""
    from .actors import Actor
    from .cases import Case
    from .people import Person
    from .sources import Source

    if isinstance(record, Case):
        # The case's own state says whether it was public.
        return published_q()
    if isinstance(record, Person):
        spans = _person_public_spans(record.pk)
    elif isinstance(record, Source):
        spans = _source_public_spans(record.pk)
    elif isinstance(record, Actor):
        spans = _actor_public_spans(record.pk)
    elif any(field.name == "case" for field in record._meta.concrete_fields):
        return Q(history_id__in=_versions_in_published_cases(record))
    else:
        # A model no rule has been written for: nothing is shown until one is.
        return Q(pk__in=[])
    rows = _versions(type(record), [record.pk])[record.pk]
    return Q(
        history_id__in=[row["history_id"] for row, *span in _standing(rows) if _meets(span, spans)]
    )


def compare_versions(page, versions, user):
    """Set on each version of `page` (newest first, cut from `versions`) what `user` reads of it:
    `shown_type` and `shown_changes`, the changes against the version before it in `versions`."""
    oldest = page[-1]
    # One query for the predecessor of the oldest on the page; the others are on it.
    before = versions.filter(
        Q(history_date__lt=oldest.history_date)
        | Q(history_date=oldest.history_date, history_id__lt=oldest.history_id)
    ).first()
    previous_versions = [*page[1:], before]
    hidden = _hidden_references([*page, before], user)
    for version, previous in zip(page, previous_versions, strict=True):
        kind = TYPES[version.history_type]
        # The first version the user may read is where the record begins for them.
        version.shown_type = "created" if previous is None and kind == "changed" else kind
        version.shown_changes = _changes(version, previous, hidden)


def author(version, user):
    """Who saved `version`: for editors and viewers only, as every reference to a user is.

    The registry's editors may be at risk from the states whose detentions
    they document: their names are for colleagues, not the public.
    """
    if version.history_user is None or not can_see_drafts(user):
        return None
    return version.history_user.get_username()


def _changes(version, previous, hidden):
    """The editable fields `version` changed since `previous` (all of them, from None, if none).

    The automatic timestamps (every save changes them; the entry's date says
    when) and values derived from others (a source's digest, a quote's
    offsets) are not editable, and left out. References are raw ids: no query
    per change.
    """
    fields = {
        field.name: field
        for field in version.tracked_fields
        if field.editable and not field.primary_key
    }

    def shown(field, value):
        if field is not None and field.is_relation and (field.related_model, value) in hidden:
            return None
        return _plain(value)

    if previous is None:
        return [
            {"field": name, "old": None, "new": shown(field, field.value_from_object(version))}
            for name, field in sorted(fields.items())
        ]
    changes = []
    for change in version.diff_against(previous).changes:
        field = fields.get(change.field)
        old, new = shown(field, change.old), shown(field, change.new)
        if old != new:  # Not a change once hidden values are null.
            changes.append({"field": change.field, "old": old, "new": new})
    return changes


def _hidden_references(versions, user):
    """The (model, id) of each record the `versions` refer to that `user` may not see.

    One query per kind of record referred to, whatever the number of versions.
    A model without `visible_to` (the users) is hidden from all but editors and viewers.
    """
    if can_see_drafts(user):
        return set()
    referred = defaultdict(set)
    for version in versions:
        if version is None:
            continue
        for field in version.tracked_fields:
            value = getattr(version, field.attname) if field.is_relation else None
            if value is not None:
                referred[field.related_model].add(value)
    hidden = set()
    for model, ids in referred.items():
        visible = set()
        if hasattr(model._default_manager, "visible_to"):
            records = model._default_manager.visible_to(user).filter(pk__in=ids)
            visible = set(records.values_list("pk", flat=True))
        hidden |= {(model, pk) for pk in ids - visible}
    return hidden


def _plain(value):
    """A JSON value: ISO dates, country codes, lists of those."""
    if isinstance(value, list | tuple | MultipleCountriesDescriptor):
        return [_plain(item) for item in value]
    if isinstance(value, datetime.date):  # datetimes too
        return value.isoformat()
    if isinstance(value, Country):
        return value.code
    return value


# When records were public, from their histories.


def _versions(model, ids, *fields):
    """The recorded versions of the records of `model` with `ids` (a list or a subquery), as
    dicts with `fields`: per record, oldest first."""
    rows = (
        model.history.filter(id__in=ids)
        .order_by("id", "history_date", "history_id")
        .values("id", "history_id", "history_date", "history_type", *fields)
    )
    by_record = defaultdict(list)
    for row in rows:
        by_record[row["id"]].append(row)
    return by_record


def _standing(rows):
    """(row, start, end) for each of one record's versions (oldest first): a version stands from
    its date until the next one's, the newest until now; a deletion stands for nothing."""
    for row, following in zip(rows, [*rows[1:], None], strict=True):
        if row["history_type"] != "-":
            yield row, row["history_date"], following["history_date"] if following else None


def _within(span, spans):
    """The parts of `span` that lie in `spans`."""
    start, end = span
    for other_start, other_end in spans:
        starts = [moment for moment in (start, other_start) if moment is not None]
        ends = [moment for moment in (end, other_end) if moment is not None]
        low, high = max(starts, default=None), min(ends, default=None)
        if low is None or high is None or low < high:
            yield low, high


def _meets(span, spans):
    return next(_within(span, spans), None) is not None


def _published_spans(case_ids):
    """For each of `case_ids`, the spans over which the case was published."""
    from .cases import Case

    return {
        case_id: [(start, end) for row, start, end in _standing(rows) if row["published"]]
        for case_id, rows in _versions(Case, list(case_ids), "published").items()
    }


def _versions_in_published_cases(record):
    """The history ids of the versions of `record` (a charge, a citation…) that stood while the
    case they name was published."""
    rows = _versions(type(record), [record.pk], "case_id")[record.pk]
    published = _published_spans({row["case_id"] for row in rows})
    return [
        row["history_id"]
        for row, *span in _standing(rows)
        if _meets(span, published.get(row["case_id"], []))
    ]


def _person_public_spans(person_id):
    """When a published case named the person."""
    from .cases import Case

    cases = _versions(
        Case, Case.history.filter(person_id=person_id).values("id"), "person_id", "published"
    )
    return [
        (start, end)
        for rows in cases.values()
        for row, start, end in _standing(rows)
        if row["person_id"] == person_id and row["published"]
    ]


def _source_public_spans(source_id):
    """When a citation of the source stood in a published case. A link alone, even accepted,
    never made a source public (visibility)."""
    from .sources import Citation

    return _in_published_cases(Citation, "source_id", {source_id: ALWAYS})


def _actor_public_spans(actor_id):
    """When a position of the actor, or of an actor then below it, stood in a published case."""
    from .actors import Position

    return _in_published_cases(Position, "actor_id", _spans_below(actor_id))


def _in_published_cases(model, field, spans_by_id):
    """When a record of `model` (a citation, a position) stood in a published case with its
    `field` naming one of `spans_by_id`, during that one's spans."""
    ids = model.history.filter(**{f"{field}__in": list(spans_by_id)}).values("id")
    records = _versions(model, ids, field, "case_id")
    published = _published_spans({row["case_id"] for rows in records.values() for row in rows})
    spans = []
    for rows in records.values():
        for row, *span in _standing(rows):
            if row[field] in spans_by_id:
                for in_case in _within(span, published.get(row["case_id"], [])):
                    spans.extend(_within(in_case, spans_by_id[row[field]]))
    return spans


def _spans_below(actor_id):
    """The actor (always) and every actor ever below it, with the spans it was: its parent,
    or its parent's parent and so on, was the actor. One query per level, one for their history."""
    from .actors import Actor

    below, level = {actor_id}, {actor_id}
    while level:
        children = Actor.history.filter(parent_id__in=level).values_list("id", flat=True)
        level = set(children) - below
        below |= level
    parents = _versions(Actor, list(below - {actor_id}), "parent_id")
    spans_by_id = {actor_id: ALWAYS}

    def spans_of(member, path):
        if member not in spans_by_id:
            spans_by_id[member] = [
                part
                for row, *span in _standing(parents.get(member, []))
                # A parent already on the path would be a cycle, which an edit may have left.
                if row["parent_id"] in below and row["parent_id"] not in path
                for part in _within(span, spans_of(row["parent_id"], path | {member}))
            ]
        return spans_by_id[member]

    for member in below:
        spans_of(member, frozenset())
    return spans_by_id
