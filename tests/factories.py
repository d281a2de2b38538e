"""Factories for registry records; each test builds the data it needs."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from cases.models import Actor, Case, Charge, Citation, Event, Person, Position, Source

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
    password = factory.PostGenerationMethodCall("set_password", "a-long-test-password")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or []:
            self.groups.add(Group.objects.get(name=name))


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
