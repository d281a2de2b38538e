"""Trust in the admin: each record's history, restoring a version, no lost updates, atomic saves."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from cases.models import Actor, Case, Charge, Citation, Event
from cases.versioning import etag
from tests import factories
from tests.admin.test_admin import admin_url, case_form_data, inline_rows

pytestmark = pytest.mark.django_db


def editor_client(username):
    """A browser logged in to the admin as its own editor, so two can work at once."""
    client = Client()
    client.force_login(factories.UserFactory(username=username, is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def alice():
    return editor_client("alice")


@pytest.fixture
def bob():
    return editor_client("bob")


def charge_rows(charges, changes=None):
    """The charge inline's rows as posted, each with the version its page showed."""
    rows = [
        {
            "id": charge.pk,
            "version": etag(charge),
            "description": charge.description,
            "statute": charge.statute,
            "outcome": charge.outcome,
            "sentence": charge.sentence,
            "sentence_months": charge.sentence_months or "",
            "charged_on": "",
            "charged_on_precision": "",
            "decided_on": "",
            "decided_on_precision": "",
            **(changes or {}).get(charge.pk, {}),
        }
        for charge in charges
    ]
    return inline_rows("charges", rows, initial=len(rows))


def page_opened_before(alice, case, charge, alices_change):
    """The case page with `charge` as Bob opened it, before Alice saved `alices_change` to it."""
    bobs_page = case_form_data(case, **charge_rows([charge]))
    alice.post(
        admin_url(Case, "change", case.pk),
        case_form_data(case, **charge_rows([charge], {charge.pk: alices_change})),
    )
    return bobs_page


def test_an_admin_change_is_recorded_with_the_user_who_made_it(alice):
    case = factories.CaseFactory(summary="Before.")

    alice.post(admin_url(Case, "change", case.pk), case_form_data(case, summary="After."))

    latest = case.history.first()
    assert (latest.summary, latest.history_user.username) == ("After.", "alice")


def test_the_history_page_lists_a_change_with_its_old_and_new_values(alice):
    case = factories.CaseFactory(summary="Before.")
    alice.post(admin_url(Case, "change", case.pk), case_form_data(case, summary="After."))

    response = alice.get(admin_url(Case, "history", case.pk))

    newest = response.context["page_obj"][0]
    changes = [(c["field"], c["old"], c["new"]) for c in newest.history_delta_changes]
    assert changes == [("Summary", "Before.", "After.")]
    assert newest.history_user.username == "alice"
    assert "<strong>Summary:</strong>" in response.text
    assert "After." in response.text


def test_reverting_to_an_earlier_version_restores_it(alice):
    case = factories.CaseFactory(summary="The first account.", status=Case.Status.DETAINED)
    first = case.history.get()
    alice.post(
        admin_url(Case, "change", case.pk),
        case_form_data(case, summary="A mistaken edit.", status=Case.Status.RELEASED),
    )
    revert_url = reverse("admin:cases_case_simple_history", args=[case.pk, first.history_id])

    # The revert page shows the earlier version's values, to save as they are.
    form = alice.get(revert_url).context["adminform"].form
    assert form.initial["summary"] == "The first account."
    response = alice.post(revert_url, case_form_data(first.instance))

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.summary, case.status) == ("The first account.", Case.Status.DETAINED)
    assert case.history.count() == 3
    assert case.history.first().history_user.username == "alice"


def test_every_registry_record_has_a_history_page(alice):
    citation = factories.CitationFactory()
    records = [
        citation,
        citation.source,
        citation.case,
        citation.case.person,
        factories.ActorFactory(),
    ]

    for record in records:
        response = alice.get(admin_url(type(record), "history", record.pk))
        assert response.status_code == 200, type(record)
        assert "Change history" in response.text


def test_saving_a_case_someone_changed_since_it_was_opened_is_refused_naming_them(alice, bob):
    case = factories.CaseFactory(summary="Before.", place="Moscow")
    url = admin_url(Case, "change", case.pk)
    bobs_page = case_form_data(case)  # Bob opens the case ...

    alice.post(url, case_form_data(case, summary="Alice's account."))  # ... Alice saves ...
    response = bob.post(url, {**bobs_page, "place": "Lefortovo"})  # ... then Bob does.

    assert response.status_code == 200
    error = response.context["adminform"].form.non_field_errors()[0]
    changed = case.history.first()
    assert error.startswith("This case was changed by alice on ")
    assert f"{changed.history_date:%Y}" in error
    assert "Nothing was saved, so their change is kept" in error
    case.refresh_from_db()
    assert (case.summary, case.place) == ("Alice's account.", "Moscow")


def test_saving_a_case_opened_after_the_last_change_succeeds(alice, bob):
    case = factories.CaseFactory(summary="Before.")
    url = admin_url(Case, "change", case.pk)
    alice.post(url, case_form_data(case, summary="Alice's account."))
    case.refresh_from_db()

    response = bob.post(url, case_form_data(case, place="Lefortovo"))

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.summary, case.place) == ("Alice's account.", "Lefortovo")


def test_the_case_page_carries_the_version_of_the_case_and_of_each_inline_row(alice):
    case = factories.CaseFactory()
    charge = factories.ChargeFactory(case=case)

    page = alice.get(admin_url(Case, "change", case.pk))

    assert page.context["adminform"].form["version"].value() == etag(case)
    charge_form = page.context["inline_admin_formsets"][0].formset.forms[0]
    assert charge_form["version"].value() == etag(charge)
    assert f'name="charges-0-version" value="{escape(etag(charge))}"' in page.text


def test_a_charge_someone_changed_since_the_case_was_opened_is_not_overwritten(alice, bob):
    case = factories.CaseFactory()
    charge = factories.ChargeFactory(case=case, description="Espionage", statute="")
    bobs_page = page_opened_before(alice, case, charge, {"statute": "Art. 276"})

    # Bob edits only the summary; his page still shows the charge without its statute.
    response = bob.post(
        admin_url(Case, "change", case.pk), {**bobs_page, "summary": "Bob's summary."}
    )

    assert response.status_code == 200
    charge_form = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert charge_form.non_field_errors()[0].startswith("This charge was changed by alice on ")
    charge.refresh_from_db()
    case.refresh_from_db()
    assert charge.statute == "Art. 276"
    assert case.summary != "Bob's summary."


def test_a_charge_someone_deleted_since_the_case_was_opened_is_reported_as_deleted(alice, bob):
    case = factories.CaseFactory(summary="Before.")
    charge = factories.ChargeFactory(case=case)
    bobs_page = page_opened_before(alice, case, charge, {"DELETE": "on"})

    assert not Charge.objects.exists()
    response = bob.post(
        admin_url(Case, "change", case.pk), {**bobs_page, "summary": "Bob's summary."}
    )

    assert response.status_code == 200
    charge_form = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert charge_form.non_field_errors()[0].startswith("This charge was deleted by alice on ")
    assert "Hidden field id" not in response.text
    assert not Charge.objects.exists()
    case.refresh_from_db()
    assert case.summary == "Before."


def test_deleting_a_charge_someone_changed_since_the_case_was_opened_is_refused(alice, bob):
    case = factories.CaseFactory()
    charge = factories.ChargeFactory(case=case, statute="")
    bobs_page = page_opened_before(alice, case, charge, {"statute": "Art. 276"})

    response = bob.post(admin_url(Case, "change", case.pk), {**bobs_page, "charges-0-DELETE": "on"})

    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.non_form_errors()
    assert errors[0].startswith("This charge was changed by alice on ")
    assert Charge.objects.get().statute == "Art. 276"


def test_other_registry_admins_refuse_a_stale_save_too(alice, bob):
    actor = factories.ActorFactory(name="US Department of State", kind="government_body")
    url = admin_url(Actor, "change", actor.pk)
    form = {"version": etag(actor), "name": actor.name, "kind": actor.kind}

    alice.post(url, {**form, "role": "Foreign ministry"})
    response = bob.post(url, {**form, "country": "US"})

    assert "This actor was changed by alice on " in response.text
    actor.refresh_from_db()
    assert actor.role == "Foreign ministry"
    assert not actor.country


def test_a_case_saves_with_its_inlines_completely_or_not_at_all(alice, monkeypatch):
    case = factories.CaseFactory(summary="Before.")
    source = factories.SourceFactory()
    citation = {"source": source.pk, "quote": "Lavrov and Blinken spoke", "claim": ""}
    data = case_form_data(
        case,
        summary="After.",
        **inline_rows("charges", [{"description": "Espionage", "outcome": "convicted"}]),
        **inline_rows("events", [{"kind": "arrest"}]),
        **inline_rows("citations", [citation]),
    )

    # Every form is valid; the database fails while the event, after the case and its
    # charge, is being written.
    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Event, "save", fail)
    with pytest.raises(RuntimeError):
        alice.post(admin_url(Case, "change", case.pk), data)

    case.refresh_from_db()
    assert case.summary == "Before."
    assert not Charge.objects.exists()
    assert not Citation.objects.exists()
    assert case.history.count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writing transactions instead"
)
def test_a_save_locks_the_case_and_its_rows_before_checking_their_versions(alice):
    case = factories.CaseFactory()
    charge = factories.ChargeFactory(case=case)
    url = admin_url(Case, "change", case.pk)
    with CaptureQueriesContext(connection) as queries:
        response = alice.post(url, case_form_data(case, summary="New.", **charge_rows([charge])))
    assert response.status_code == 302
    statements = [query["sql"] for query in queries.captured_queries]
    first_write = next(i for i, sql in enumerate(statements) if sql.startswith("UPDATE "))
    locks = [sql for sql in statements[:first_write] if " FOR UPDATE" in sql]
    assert any('FROM "cases_case"' in sql for sql in locks), statements[:first_write]
    assert any('FROM "cases_charge"' in sql for sql in locks), statements[:first_write]
