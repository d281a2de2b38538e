"""Derived fields (slugs, a source's digest, search keys) are set by the model for every write path."""

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError

from cases.models import Case, Person, Source
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_validation_derives_a_sources_digest_before_checking_it():
    source = Source(title="A statement", text="Whelan was released.")

    source.full_clean()

    assert source.sha256 == hashlib.sha256(b"Whelan was released.").hexdigest()


def test_validation_derives_the_slugs_so_only_the_real_error_is_reported():
    person = Person(name="Алексей Навальный")
    person.full_clean()
    assert person.slug == "aleksei-navalnyi"
    person.save()

    case = Case(person=person, detained_on=datetime.date.today() + datetime.timedelta(days=9))
    with pytest.raises(ValidationError) as error:
        case.full_clean()
    assert set(error.value.message_dict) == {"detained_on"}
    assert case.slug.startswith("aleksei-navalnyi-")


def test_saving_derives_the_same_values_without_validation():
    person = PersonFactory.build(name="Trevor Reed", aliases="Trevor Reid")
    person.save()
    source = Source.objects.create(title="A statement", text="Reed was exchanged.")

    assert person.slug == "trevor-reed"
    assert " reid " in person.search_names
    assert source.sha256 == hashlib.sha256(b"Reed was exchanged.").hexdigest()


def test_a_sources_day_keeps_the_offset_it_was_published_in_through_later_saves():
    washington = datetime.timezone(datetime.timedelta(hours=-5))
    source = Source.objects.create(
        title="An evening statement",
        published_at=datetime.datetime(2023, 3, 10, 21, 45, tzinfo=washington),
    )
    assert (source.dated_on, source.utc_offset) == (datetime.date(2023, 3, 10), -300)

    source = Source.objects.get(pk=source.pk)  # Its time read back in UTC.
    source.title = "An evening statement, corrected"
    source.save()
    assert (source.dated_on, source.utc_offset) == (datetime.date(2023, 3, 10), -300)

    # An editor moves the time (typed in UTC): the day follows, still in Washington.
    source.published_at = datetime.datetime(2023, 3, 12, 4, 0, tzinfo=datetime.UTC)
    source.save()
    assert source.dated_on == datetime.date(2023, 3, 11)


def test_a_source_without_an_offset_is_dated_in_the_registrys_time_zone():
    source = Source.objects.create(
        title="Dated by its update only",
        updated_at=datetime.datetime(2024, 8, 1, 23, 30, tzinfo=datetime.UTC),
    )
    assert (source.dated_on, source.utc_offset) == (datetime.date(2024, 8, 1), None)
    assert Source.objects.create(title="Undated").dated_on is None
