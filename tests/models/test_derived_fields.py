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
