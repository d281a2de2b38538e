"""Placing partial dates on a case's timeline.

A date known to the day is a point; one known only to the month or year is
drawn as the whole stretch it may stand for, so the picture never claims more
precision than the source. Positions are percentages of an axis running from
the earliest to the latest day any date on the case may mean. No Django
imports: date arithmetic only.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from cases.text.partial_dates import earliest_and_latest


@dataclass(frozen=True)
class Span:
    left: float  # percent of the axis
    width: float  # percent of the axis; 0 for a day on a long axis

    @property
    def style(self) -> str:
        """CSS custom properties for the template; plain numbers, nothing user-supplied."""
        return f"--left: {self.left:.3f}; --width: {self.width:.3f}"


@dataclass(frozen=True)
class Tick:
    year: int
    left: float

    @property
    def style(self) -> str:
        return f"--left: {self.left:.3f}"


class Axis:
    def __init__(self, first: datetime.date, last: datetime.date):
        self.first, self.last = first, max(first, last)
        # Days are counted inclusively, so a one-day axis still has a width.
        self.days = (self.last - self.first).days + 1

    @classmethod
    def covering(
        cls,
        dates: Iterable[tuple[datetime.date | None, str]],
        until: datetime.date | None = None,
    ) -> "Axis | None":
        """An axis spanning every known `(date, precision)` and `until`; None if none is known."""
        bounds = [earliest_and_latest(value, precision) for value, precision in dates if value]
        if until is not None:
            bounds.append((until, until))
        if not bounds:
            return None
        return cls(min(start for start, _ in bounds), max(end for _, end in bounds))

    def _percent(self, day: datetime.date, end_of_day=False) -> float:
        offset = (day - self.first).days + (1 if end_of_day else 0)
        return max(0.0, min(100.0, 100 * offset / self.days))

    def span(self, value: datetime.date, precision: str) -> Span:
        return self.between(value, precision, value, precision)

    def between(
        self,
        start: datetime.date,
        start_precision: str,
        end: datetime.date,
        end_precision: str,
    ) -> Span:
        """From the first day `start` may mean to the last day `end` may mean."""
        left = self._percent(earliest_and_latest(start, start_precision)[0])
        right = self._percent(earliest_and_latest(end, end_precision)[1], end_of_day=True)
        return Span(left, max(0.0, right - left))

    def ticks(self, most=8) -> list[Tick]:
        """New Year's Days on the axis, thinned so at most `most` are labelled."""
        years = list(range(self.first.year + 1, self.last.year + 1))
        if self.first.month == 1 and self.first.day == 1:
            years.insert(0, self.first.year)
        step = max(1, -(-len(years) // most))
        return [
            Tick(year, self._percent(datetime.date(year, 1, 1)))
            for year in years
            if (year - years[0]) % step == 0
        ]
