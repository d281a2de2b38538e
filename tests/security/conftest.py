"""A registry with one draft in it, and the four kinds of reader who ask for it.

The draft case has a person, a charge, an event, a status change, a position by an actor only
it uses (itself part of a body nothing public uses), a source only it cites,
and a citation of a public source. Every text of the draft carries a marker
word found nowhere else, and every draft record an id from a range nothing
else uses, so a leak shows as a marker or an id anywhere in a response.

`GHOST` holds values of the same kinds that name nothing at all: to someone
who may not see drafts, asking for the draft must look exactly like asking
for a ghost.
"""

import datetime
import re

import pytest
from django.test import Client
from django_countries import countries

from cases.api.throttling import ClientRateThrottle
from cases.models import Case, Event, Position, SourceLink
from tests import factories

# Words that occur only in the draft's records.
MARKERS = [
    "Zorbulak",
    "Quendrith",
    "Vexholm",
    "Glimmerfrost",
    "Nixthorpe",
    "Thraxwell",
    "Quillmarsh",
    "Korvantine",
    "Ombrelith",
    "Pellucida",
    "Marrowby",
]
# Ids of draft records are 7000001 to 7000099; ids of ghosts 7000901 and up.
DRAFT_ID = re.compile(r"(?<![\w.])70000[0-9][0-9](?![\w])")
DRAFT_TEXT = (
    "Zorbulak Quendrith was detained in Vexholm on Glimmerfrost charges.\n"
    "The Thraxwell Directorate disputes the charges, the Ombrelith Gazette reports."
)
PUBLIC_QUOTE = "Blinken called for the release of Paul Whelan"

DRAFT = {
    "case_id": "7000001",
    "case_slug": "zorbulak-quendrith-2020",
    "person_slug": "zorbulak-quendrith",
    "charge_id": "7000003",
    "event_id": "7000004",
    "actor_id": "7000005",
    "parent_actor_id": "7000006",
    "position_id": "7000007",
    "source_id": "7000008",
    "status_change_id": "7000009",
    "citation_id": "7000011",
    "name_word": "Quendrith",
    "source_word": "Korvantine",
    "charge_word": "Glimmerfrost",
    "outlet": "Ombrelith Gazette",
    "country": "NR",
}
GHOST = {
    "case_id": "7000901",
    "case_slug": "pemberwick-halvard-2020",
    "person_slug": "pemberwick-halvard",
    "charge_id": "7000903",
    "event_id": "7000904",
    "actor_id": "7000905",
    "parent_actor_id": "7000906",
    "position_id": "7000907",
    "source_id": "7000908",
    "status_change_id": "7000909",
    "citation_id": "7000911",
    "name_word": "Pemberwick",
    "source_word": "Halvardine",
    "charge_word": "Brackenfell",
    "outlet": "Thimbleton Courier",
    "country": "KI",
}
ROLES = ["anonymous", "no group", "viewer", "editor"]
# Who may see drafts; the others must not learn anything of them.
SEES_DRAFTS = {"anonymous": False, "no group": False, "viewer": True, "editor": True}


def country_name(code):
    return countries.name(code)


@pytest.fixture(autouse=True)
def no_throttling(monkeypatch):
    """The suite sends hundreds of requests as one anonymous client."""
    monkeypatch.setattr(ClientRateThrottle, "allow_request", lambda self, request, view: True)


@pytest.fixture
def registry(db):
    """One published case with its facts and sources, and the draft (see the module's docstring).

    Returns the values naming public records, which are the same for every world.
    """
    public_state = factories.ActorFactory(name="Public State", kind="state", country="US")
    public_actor = factories.ActorFactory(
        name="Public Ministry", kind="government_body", parent=public_state
    )
    public_case = factories.CaseFactory(person=factories.PersonFactory(name="Paul Whelan"))
    factories.ChargeFactory(case=public_case)
    factories.EventFactory(case=public_case)
    factories.PositionFactory(case=public_case, actor=public_actor)
    public_source = factories.CitationFactory(case=public_case).source

    person = factories.PersonFactory(
        id=7000002,
        name="Zorbulak Quendrith",
        native_name="Зорбулак Квендрит Zorbulak",
        aliases="Z. Quendrith",
        citizenships=["NR"],
        description="A Vexholm teacher.",
    )
    case = factories.CaseFactory(
        id=7000001,
        person=person,
        published=False,
        detaining_country="NR",
        place="Vexholm",
        detained_on=datetime.date(2020, 3, 1),
        status=Case.Status.HOUSE_ARREST,
        summary="Held in Vexholm over Glimmerfrost leaflets.",
    )
    charge = factories.ChargeFactory(
        id=7000003,
        case=case,
        description="Glimmerfrost sedition",
        statute="Vexholm code",
        outcome="dropped",
    )
    event = factories.EventFactory(
        id=7000004,
        case=case,
        kind=Event.Kind.TRANSFER,
        place="Nixthorpe",
        description="Moved to the Nixthorpe colony.",
    )
    parent = factories.ActorFactory(
        id=7000006, name="Quillmarsh Council", kind="government_body", country="NR"
    )
    actor = factories.ActorFactory(
        id=7000005, name="Thraxwell Directorate", kind="court", country="NR", parent=parent
    )
    position = factories.PositionFactory(
        id=7000007,
        case=case,
        actor=actor,
        stance=Position.Stance.DISPUTES_CHARGES,
        summary="Thraxwell disputes the Glimmerfrost charges.",
    )
    source = factories.SourceFactory(
        id=7000008,
        title="Korvantine dispatch on Zorbulak Quendrith",
        outlet="Ombrelith Gazette",
        author="Pellucida Marrowby",
        dateline="Vexholm",
        text=DRAFT_TEXT,
        published_at=datetime.datetime(2020, 3, 2, tzinfo=datetime.UTC),
    )
    quote = "Zorbulak Quendrith was detained in Vexholm"
    factories.CitationFactory(id=7000011, source=source, case=case, quote=quote, note="Korvantine")
    factories.CitationFactory(
        id=7000012, source=source, case=case, charge=charge, quote="Glimmerfrost"
    )
    factories.CitationFactory(id=7000013, source=source, case=case, event=event, quote="Vexholm")
    factories.CitationFactory(
        id=7000014, source=source, case=case, position=position, quote="Thraxwell Directorate"
    )
    status_change = factories.StatusChangeFactory(
        id=7000009,
        case=case,
        status=Case.Status.HOUSE_ARREST,
        changed_on=datetime.date(2020, 3, 1),
        changed_on_precision="day",
        description="Under house arrest in Nixthorpe.",
    )
    factories.CitationFactory(
        id=7000016, source=source, case=case, status_change=status_change, quote="detained"
    )
    # The draft cites a public source too: that citation must not show with it.
    factories.CitationFactory(
        id=7000015, source=public_source, case=case, quote=PUBLIC_QUOTE, note="Nixthorpe note"
    )
    # A link does not make a source public; nor may a public source show a draft's link.
    SourceLink.objects.create(
        id=7000021, source=source, case=public_case, status=SourceLink.Status.ACCEPTED
    )
    SourceLink.objects.create(
        id=7000022, source=public_source, case=case, matched_names="Zorbulak Quendrith"
    )
    return {"public_case_slug": public_case.slug, "public_source_id": str(public_source.id)}


@pytest.fixture
def reader(request):
    """A test client for `request.param`, one of ROLES, signed in (sessions) unless anonymous."""
    client = Client()
    groups = {"no group": [], "viewer": ["viewers"], "editor": ["editors"]}
    if request.param != "anonymous":
        client.force_login(factories.UserFactory(groups=groups[request.param]))
    return client
