"""Factories for registry records; each test builds the data it needs."""

import datetime
from importlib import import_module

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from cases.models import Actor, Case, Charge, Citation, Event, Person, Position, Source
from cases.models.cases import refresh_search_text

SOURCE_TEXT = (
    "Lavrov and Blinken spoke on Thursday.\n"
    "Blinken called for the release of Paul Whelan, convicted of espionage.\n"
    "Russia called the criticism an interference in its domestic affairs."
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    # Hashed when the user is built, so the saved row carries it and sessions stay valid.
    password = factory.django.Password("a-long-test-password")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or []:
            self.groups.add(registry_group(name))


# The migrations that make the registry's groups and grant them their permissions.
GROUP_MIGRATIONS = [
    ("0002_editor_and_viewer_groups", "create_groups"),
    ("0010_status_change_permissions", "grant"),
    ("0013_import_permissions", "grant"),
    ("0016_review", "grant"),
]


def registry_group(name):
    """The group the migrations made; made again as they make it when a transactional
    test (run last by pytest-django) has emptied the tables, groups included."""
    if not Group.objects.filter(name=name).exists():
        state = MigrationLoader(connection).project_state()
        for module, function in GROUP_MIGRATIONS:
            getattr(import_module(f"cases.migrations.{module}"), function)(state.apps, None)
    return Group.objects.get(name=name)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Test Person {n}")
    citizenships = ["US"]


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    person = factory.SubFactory(PersonFactory)
    detaining_country = "RU"
    place = "Moscow"
    detained_on = datetime.date(2018, 12, 28)
    detained_on_precision = "day"
    status = Case.Status.IMPRISONED
    summary = "Held on charges the person denies."
    published = True


class ChargeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Charge

    case = factory.SubFactory(CaseFactory)
    description = "Espionage"
    outcome = Charge.Outcome.CONVICTED

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # As every write path does: the charge is part of its case's search text.
        charge = super()._create(model_class, *args, **kwargs)
        refresh_search_text(charge)
        return charge


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    case = factory.SubFactory(CaseFactory)
    kind = Event.Kind.ARREST
    occurred_on = datetime.date(2018, 12, 28)
    occurred_on_precision = "day"


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Actor {n}")
    kind = Actor.Kind.STATE
    country = "US"


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    case = factory.SubFactory(CaseFactory)
    actor = factory.SubFactory(ActorFactory)
    stance = Position.Stance.CALLS_FOR_RELEASE


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Article {n}")
    outlet = "Test Outlet"
    language = "en"
    text = factory.Sequence(lambda n: f"{SOURCE_TEXT}\n(copy {n})")


class CitationFactory(factory.django.DjangoModelFactory):
    """A citation whose quote is located in its source, as every write path does."""

    class Meta:
        model = Citation

    source = factory.SubFactory(SourceFactory)
    case = factory.SubFactory(CaseFactory)
    quote = "Blinken called for the release of Paul Whelan"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        citation = model_class(*args, **kwargs)
        citation.full_clean()
        citation.save()
        return citation


class SourceLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        # By label, so this appended factory needs no change to the imports above.
        model = "cases.SourceLink"

    source = factory.SubFactory(SourceFactory)
    case = factory.SubFactory(CaseFactory)
    matched_names = "Paul Whelan"


def bulk_registry(count):
    """`count` published cases, each with a charge, an event, a position and three citations.

    Built with bulk_create (a handful of queries, not thousands) for tests that
    need a registry of hundreds of cases, such as query-count tests.
    """
    people = Person.objects.bulk_create(
        Person(name=f"Bulk Person {n}", slug=f"bulk-person-{n}", citizenships=["US"])
        for n in range(count)
    )
    cases = Case.objects.bulk_create(
        Case(
            person=person,
            slug=f"bulk-case-{n}",
            detaining_country="RU",
            detained_on=datetime.date(2020, 1, 1),
            detained_on_precision="day",
            status=Case.Status.IMPRISONED,
            published=True,
        )
        for n, person in enumerate(people)
    )
    source = SourceFactory()
    actor = ActorFactory()
    Event.objects.bulk_create(EventFactory.build(case=case) for case in cases)
    charges = Charge.objects.bulk_create(ChargeFactory.build(case=case) for case in cases)
    positions = Position.objects.bulk_create(
        PositionFactory.build(case=case, actor=actor) for case in cases
    )
    quote = "Blinken called for the release"
    start = source.text.index(quote)
    supported = [(charge.case, {"charge": charge}) for charge in charges]
    supported += [(position.case, {"position": position}) for position in positions]
    supported += [(case, {}) for case in cases]  # the case record itself
    Citation.objects.bulk_create(
        Citation(source=source, case=case, quote=quote, start=start, end=start + len(quote), **fact)
        for case, fact in supported
    )
    # bulk_create skips save(), which keeps the derived search keys.
    for person in people:
        person.search_names = person.build_search_names()
    Person.objects.bulk_update(people, ["search_names"])
    Case.objects.filter(pk__in=[case.pk for case in cases]).refresh_search_documents()
    return cases


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "cases.StatusChange"

    case = factory.SubFactory(CaseFactory)
    status = Case.Status.IMPRISONED
    changed_on = None
    changed_on_precision = ""
