from .actors import Actor, Position
from .base import DatePrecision
from .cases import Case, Charge, Event
from .imports import CaseList, ColumnMapping, ImportLog, ListEntry
from .people import Person
from .sources import Citation, Source, SourceLink
from .status import StatusChange
from .visibility import can_see_drafts

__all__ = [
    "Actor",
    "Case",
    "CaseList",
    "Charge",
    "Citation",
    "ColumnMapping",
    "DatePrecision",
    "Event",
    "ImportLog",
    "ListEntry",
    "Person",
    "Position",
    "Source",
    "SourceLink",
    "can_see_drafts",
    "StatusChange",
]
