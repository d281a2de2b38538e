"""Bar-chart geometry for server-drawn SVG: pure arithmetic, no Django.

Coordinates are in the SVG's own units (its viewBox); the page scales the
drawing to its width. A bar's length is proportional to its value, with the
largest value filling the track; a value of 0 draws no bar but keeps its row
or column, so the gaps in a series of years show.
"""

from dataclasses import dataclass

ROW_HEIGHT = 28
BAR_HEIGHT = 18
LABEL_WIDTH = 210
VALUE_WIDTH = 50
COLUMN_AREA_HEIGHT = 120
AXIS_HEIGHT = 22


@dataclass(frozen=True)
class Bar:
    key: str  # what the bar stands for (a country code, a status, a year), for its link
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float = 0
    show_label: bool = True
    # The whole row (or column) as the link's target, not only the painted bar.
    target: tuple[float, float, float, float] = (0, 0, 0, 0)  # x, y, width, height


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)


def scaled(rows: list[tuple[str, str, int]], track: float):
    """(index, row, length) for each (key, label, value) row: the largest value fills `track`."""
    largest = max((value for _, _, value in rows), default=0) or 1
    for index, row in enumerate(rows):
        yield index, row, track * row[2] / largest


def horizontal_bars(rows: list[tuple[str, str, int]], width: int = 460) -> Chart:
    """One row per (key, label, value): the label on the left, the bar, then the value."""
    bars = []
    for index, row, length in scaled(rows, width - LABEL_WIDTH - VALUE_WIDTH):
        top = index * ROW_HEIGHT
        bars.append(
            Bar(
                *row,
                x=LABEL_WIDTH,
                y=top + (ROW_HEIGHT - BAR_HEIGHT) / 2,
                width=round(length, 2),
                height=BAR_HEIGHT,
                label_x=LABEL_WIDTH - 6,
                label_y=top + ROW_HEIGHT / 2,
                value_x=round(LABEL_WIDTH + length + 6, 2),
                target=(0, top, width, ROW_HEIGHT),
            )
        )
    return Chart(width=width, height=max(len(rows), 1) * ROW_HEIGHT, bars=bars)


def columns(rows: list[tuple[str, str, int]], width: int = 400, label_every: int = 0) -> Chart:
    """One column per (key, label, value), left to right, labels under every `label_every`th.

    With `label_every` 0, as many labels as fit without overlapping (about 40 units each).
    """
    count = max(len(rows), 1)
    step = width / count
    every = label_every or max(1, -(-40 // max(int(step), 1)))
    bars = []
    for index, row, height in scaled(rows, COLUMN_AREA_HEIGHT):
        bars.append(
            Bar(
                *row,
                x=round(index * step + step * 0.1, 2),
                y=round(COLUMN_AREA_HEIGHT - height, 2),
                width=round(step * 0.8, 2),
                height=round(height, 2),
                label_x=round(index * step + step / 2, 2),
                label_y=COLUMN_AREA_HEIGHT + AXIS_HEIGHT - 6,
                show_label=index % every == 0,
                target=(
                    round(index * step, 2),
                    0,
                    round(step, 2),
                    COLUMN_AREA_HEIGHT + AXIS_HEIGHT,
                ),
            )
        )
    return Chart(width=width, height=COLUMN_AREA_HEIGHT + AXIS_HEIGHT, bars=bars)


def every_year(counts: dict[int, int]) -> list[tuple[int, int]]:
    """(year, count) for each year from the first to the last with a count, 0 where none."""
    if not counts:
        return []
    return [(year, counts.get(year, 0)) for year in range(min(counts), max(counts) + 1)]
