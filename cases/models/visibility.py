"""Who may see what: one rule for every record of the registry.

A case is public once published. Every other record is public only through a
published case:

- a person, charge, event, position, status change or citation when its case is published;
- a source when a published case cites it. A link alone (a source suggested
  for a case by the names it mentions, even once accepted) does not make a
  source public: until a citation quotes it, it is material under review, and
  its public page answers 404;
- a source link when its case is published and its source is public;
- an actor when it has a position on a published case, and so are the bodies
  it is part of (its parent, and theirs): an actor's record names its parent,
  and a public record never points at a hidden one.

Editors and viewers (`can_see_drafts`) see everything, drafts included. Each
model's queryset applies this rule in `visible_to(user)`; pages, the API, its
filters, feeds and exports ask it and nothing else.
"""

from django.db import models
from django.db.models import Exists, Q, Value


def published_q(prefix=""):
    """`published = true`, written as a comparison.

    For `published=True` Django writes a bare `WHERE "published"`, which SQLite
    reads as a test of each row rather than as an equality on the index column:
    it cannot then walk `case_country_published_date` (country, published, date)
    in the list's date order, and sorts every match instead (40,000 rows for a
    broad country at 100,000 cases: 198 ms instead of 4). PostgreSQL plans both
    forms alike.
    """
    return Q(**{f"{prefix}published": Value(True)})


def can_see_drafts(user) -> bool:
    """Whether `user` (None for nobody signed in) sees draft cases and everything in them."""
    return user is not None and user.is_authenticated and user.has_perm("cases.view_case")


class InCaseQuerySet(models.QuerySet):
    """Records that belong to one case: charges, events, positions, status changes, citations."""

    def visible_to(self, user):
        """Those in cases `user` may see: published ones, or every one for editors and viewers."""
        if can_see_drafts(user):
            return self
        # A join on the case's primary key: the case row is one index lookup away.
        return self.filter(published_q("case__"))


class ExistsProbe(Exists):
    """EXISTS asked of each record (a case, a person) in turn as a list walks its order index,
    until a page is full.

    PostgreSQL turns a plain EXISTS into a semi-join: it finds every matching
    case first (for `actor_country=US&stance=calls_for_release`, some 7,000 of
    100,000), then sorts them for the first page (30 ms). A filter that a good
    share of cases pass is answered sooner by probing cases in the list's order:
    the first page needs a few hundred probes of one index each (4 ms).
    `OFFSET 0` is what keeps the planner from rewriting the subquery as a join;
    SQLite probes either way. A rare match (a named actor, a source) is better
    found from the related rows, and those filters are `id IN (...)` instead.
    """

    template = "EXISTS(%(subquery)s OFFSET 0)"
