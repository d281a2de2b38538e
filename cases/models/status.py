"""A case's status over time: a sequence of dated, cited status changes.

The case's `status` column is the status of the latest change, stored so that
filters, counts and indexes can use it. It is derived here and only here
(`refresh_statuses`), which every write path calls inside its transaction.

The order of the sequence: a change is placed at its own date when the
sources give one, otherwise at the date of the earliest source citing it
(the day it was first reported, not the day it happened, which the record
leaves unknown). A change with neither comes first, so an unsourced, undated
entry never overrides a sourced one. Changes placed on the same day keep
the order in which they were recorded.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .base import (
    CaseFact,
    Certainty,
    certainty_constraint,
    certainty_field,
    choice_constraint,
    in_case_by_date,
    partial_date_constraint,
    precision_field,
    refuse_moving_a_cited_fact,
)
from .cases import Case, CaseStatus
from .visibility import InCaseQuerySet

# Statuses under which the case is closed: nothing more is expected to happen to the
# person's detention, so an old source is not "stale".
CLOSED_STATUSES = frozenset({CaseStatus.RELEASED, CaseStatus.EXCHANGED, CaseStatus.DIED_IN_CUSTODY})
# Statuses under which the person is in custody: what "currently held" means.
HELD_STATUSES = frozenset({CaseStatus.DETAINED, CaseStatus.IMPRISONED, CaseStatus.HOUSE_ARREST})


class StatusChangeQuerySet(InCaseQuerySet):
    def with_sources(self):
        """With their citations and the citations' sources (not their texts), which place
        an undated change in the sequence."""
        from .sources import Citation

        citations = Citation.objects.select_related("source").defer("source__text")
        return self.prefetch_related(Prefetch("citations", queryset=citations))


class StatusChange(CaseFact):
    """The case's status from some date on, as a source states (or reports) it."""

    Certainty = Certainty
    partial_date_fields = ("changed_on",)

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="status_changes", verbose_name=_("case")
    )
    status = models.CharField(max_length=20, choices=CaseStatus, verbose_name=_("status"))
    changed_on = models.DateField(
        null=True,
        blank=True,
        help_text=_(
            "When the status began, if a source says. A text's “today” is the day it "
            "was published. Leave empty rather than work a date out."
        ),
        verbose_name=_("changed on"),
    )
    changed_on_precision = precision_field(_("changed on"), _("changed on precision"))
    certainty = certainty_field()
    description = models.TextField(blank=True, verbose_name=_("description"))

    objects = StatusChangeQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        # The sequence's own order needs the sources' dates: see `in_sequence()`.
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = in_case_by_date("changed_on")
        constraints = [
            choice_constraint("status_change", "status", CaseStatus),
            certainty_constraint("status_change"),
            partial_date_constraint("status_change", "changed_on"),
        ]
        indexes = [
            # The status-changes feed, newest first (cases.feeds), read backwards.
            models.Index(fields=["created_at", "id"], name="status_change_created_order"),
        ]

    def clean(self):
        super().clean()
        refuse_moving_a_cited_fact(self)
        if self.pk is not None:
            for citation in self.citations.select_related("source").defer("source__text"):
                if error := dated_after_its_source(self, citation.source):
                    raise ValidationError({"changed_on": error})

    def __str__(self):
        when = self.display_date("changed_on") or "date unknown"
        reported = ", reported" if self.certainty == Certainty.REPORTED else ""
        return f"{self.get_status_display()}, {when}{reported}"

    def source_days(self) -> list[datetime.date]:
        """The days of the sources citing the change (reads prefetched citations)."""
        return [day for c in self.citations.all() if (day := c.source.dated_on) is not None]

    @property
    def placed_on(self) -> datetime.date | None:
        """Where the change stands in the sequence: its date, else its earliest source's."""
        return placed_on(self.changed_on, self.source_days())

    @property
    def newest_source(self):
        """The most recent source citing the change, for "as of <date>, per <source>"."""
        dated = [c.source for c in self.citations.all() if c.source.dated_on is not None]
        return max(dated, key=lambda source: source.dated_on, default=None)


def dated_after_its_source(change, source) -> str | None:
    """Why `source` cannot support `change`, if the change is dated after the source's own
    day: a source tells what happened up to its day, not later (a release it announces for
    next week is no release yet). None when it can."""
    if change.changed_on is None or source.dated_on is None:
        return None
    if change.changed_on <= source.dated_on:  # A partial date is stored at its first day.
        return None
    return gettext(
        "Its source, of %(day)s, cannot tell of a change on %(date)s, after its own day."
    ) % {"day": source.dated_on.isoformat(), "date": change.display_date("changed_on")}


def placed_on(changed_on, source_days) -> datetime.date | None:
    return changed_on or min(source_days, default=None)


def sequence_key(changed_on, source_days, pk):
    """Sort key of a change: undated and unsourced first, then by day, then as recorded.

    On one day, a change placed there by its source's day comes before a change
    dated that day: what a source reports without a date happened on or before
    the day it speaks for ("X, who was imprisoned, came home today").
    """
    when = placed_on(changed_on, source_days)
    return (when is not None, when or datetime.date.min, changed_on is not None, pk)


def in_sequence(changes):
    """Status changes (with `with_sources()` prefetched) in the order they happened."""
    return sorted(changes, key=lambda c: sequence_key(c.changed_on, c.source_days(), c.pk))


def status_since(steps) -> tuple[datetime.date | None, str]:
    """(date, precision) from which the latest status holds.

    `steps` are (status, changed_on, changed_on_precision) in sequence. The
    status holds since the first change of the trailing run with that status
    (a confirmation does not restart it); unknown when that change is undated.
    """
    if not steps:
        return None, ""
    first = len(steps) - _run_length(steps)
    return steps[first][1], steps[first][2]


def is_stale(status, last_sourced_on, today, stale_after_days) -> bool:
    """An open case whose newest source is more than `stale_after_days` old (or which has none)."""
    if status in CLOSED_STATUSES:
        return False
    return last_sourced_on is None or (today - last_sourced_on).days > stale_after_days


def refresh_statuses(case_ids):
    """Set each case's `status` to the status of the latest of its changes.

    Called by every write path that adds, changes or removes a status change
    or its citations (or a source's dates), inside the same transaction. A case
    with no status change keeps the status it was given, shown as unsourced.
    Written with update(): `updated_at` moves (so an ETag read before is stale)
    but the case gets no history entry, since its status changes have theirs.
    """
    changes = defaultdict(list)
    for change in StatusChange.objects.filter(case_id__in=list(case_ids)).with_sources():
        changes[change.case_id].append(change)
    for case_id, of_case in changes.items():
        latest = in_sequence(of_case)[-1]
        Case.objects.filter(pk=case_id).exclude(status=latest.status).update(
            status=latest.status, updated_at=timezone.now()
        )


@dataclass(frozen=True)
class StatusReport:
    """What a page says about a case's status: its history, as of when and per which source.

    Never "today": every date here is one a source gives or the date of a source.
    """

    history: list  # the StatusChanges, in sequence
    since: tuple  # (date or None, precision)
    as_of: datetime.date | None  # the day of `per`
    per: object | None  # the newest Source citing the current status; None when unsourced
    certainty: str  # of the current status (see status_report); "" when there is none
    last_sourced_on: datetime.date | None  # the newest source cited anywhere in the case
    stale: bool

    @property
    def unsourced(self) -> bool:
        return self.per is None

    @property
    def reported(self) -> bool:
        return self.certainty == Certainty.REPORTED


def status_report(case, today, stale_after_days) -> StatusReport:
    """The report for `case`, read from its prefetched status changes and citations
    (`with_details()`, or `status_report_lookups()` on a page of a list)."""
    history = in_sequence(case.status_changes.all())
    steps = [(c.status, c.changed_on, c.changed_on_precision) for c in history]
    since = status_since(steps)
    # The sources of the trailing run: a confirmation makes the status current as of its day.
    run = history[len(history) - _run_length(steps) :] if history else []
    newest = [source for change in run if (source := change.newest_source) is not None]
    per = max(newest, key=lambda source: source.dated_on, default=None)
    days = [day for c in case.citations.all() if (day := c.source.dated_on) is not None]
    last_sourced_on = max(days, default=None)
    return StatusReport(
        history=history,
        since=since,
        as_of=per.dated_on if per else None,
        per=per,
        # Confirmed once any change of the run confirms it, whichever of them sorts last.
        certainty=(
            ""
            if not run
            else Certainty.CONFIRMED
            if any(change.certainty == Certainty.CONFIRMED for change in run)
            else Certainty.REPORTED
        ),
        last_sourced_on=last_sourced_on,
        stale=is_stale(case.status, last_sourced_on, today, stale_after_days),
    )


def _run_length(steps) -> int:
    length = 0
    for status, *_rest in reversed(steps):
        if status != steps[-1][0]:
            break
        length += 1
    return length
