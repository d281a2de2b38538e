from .actors import Actor, Position
from .base import DatePrecision
from .cases import Case, Charge, Event
from .people import Person
from .sources import Citation, Source, SourceLink
from .status import StatusChange
from .visibility import can_see_drafts

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
    "can_see_drafts",
    "StatusChange",
]
