"""A write and its history are one transaction, on every write path.

simple-history writes the history row after the record (post_save). These
tests make that second step fail, in autocommit mode as a server runs
(`transactional_db`), and check that the record was not kept without it.
"""

import pytest
from django.core.management import call_command
from django.urls import reverse
from simple_history.signals import pre_create_historical_record

from cases.models import Actor, Case, Charge, Person
from tests.factories import CaseFactory, ChargeFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


class HistoryFailed(Exception):
    pass


def fail(**kwargs):
    raise HistoryFailed


@pytest.fixture
def break_history():
    """Call it and history rows can no longer be written: as if the process died between the writes."""
    yield lambda: pre_create_historical_record.connect(fail, dispatch_uid="test-failing-history")
    pre_create_historical_record.disconnect(dispatch_uid="test-failing-history")


@pytest.fixture
def failing_history(break_history):
    break_history()


def test_a_record_whose_history_fails_is_not_kept(failing_history):
    with pytest.raises(HistoryFailed):
        Person.objects.create(name="Ivan Petrov")
    assert not Person.objects.exists()


def test_a_change_whose_history_fails_is_rolled_back(break_history):
    charge = ChargeFactory(description="espionage")
    break_history()
    charge.description = "treason"
    with pytest.raises(HistoryFailed):
        charge.save()
    charge.refresh_from_db()
    assert charge.description == "espionage"
    # What the save derives for the case rolls back with it.
    assert "treason" not in Case.objects.get(pk=charge.case_id).search_document


def test_a_deletion_whose_history_fails_is_rolled_back(break_history):
    charge = ChargeFactory()
    break_history()
    with pytest.raises(HistoryFailed):
        charge.delete()
    assert Charge.objects.filter(pk=charge.pk).exists()


def test_an_api_creation_whose_history_fails_is_not_kept(api_client, failing_history):
    # A superuser: the editors group is made by a migration, which transactional tests empty.
    api_client.force_authenticate(UserFactory(is_superuser=True))
    api_client.raise_request_exception = False
    response = api_client.post(
        reverse("actor-list"), {"name": "Council", "kind": "government_body"}, format="json"
    )
    assert response.status_code == 500
    assert not Actor.objects.exists()


def test_an_admin_action_publishes_no_case_without_its_history(admin_client, break_history):
    drafts = CaseFactory.create_batch(2, published=False)
    break_history()
    admin_client.raise_request_exception = False
    admin_client.post(
        reverse("admin:cases_case_changelist"),
        {"action": "publish", "_selected_action": [case.pk for case in drafts]},
    )
    assert not Case.objects.filter(published=True).exists()


def test_seeding_writes_every_record_with_its_history():
    call_command("load_seeds", verbosity=0)
    for model in (Person, Case, Charge):
        for record in model.objects.all():
            assert record.history.filter(history_type="+").exists(), record
