from .actors import Actor, Position
from .base import DatePrecision
from .cases import Case, Charge, Event
from .people import Person
from .sources import Citation, Source, SourceLink
from .status import StatusChange

__all__ = [
    "Actor",
    "Case",
    "Charge",
    "Citation",
    "DatePrecision",
    "Event",
    "Person",
    "Position",
    "Source",
    "SourceLink",
    "StatusChange",
]
