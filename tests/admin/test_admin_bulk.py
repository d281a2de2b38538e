"""Bulk actions on the case list: confirmation page, one transaction per case, refusals, history."""

import datetime

import pytest

from cases.models import Case, Charge, Citation, StatusChange
from cases.versioning import etag
from tests import factories
from tests.admin.test_admin import admin_url

pytestmark = pytest.mark.django_db


def act(client, action, cases, **values):
    """Select `cases`, choose `action`, give `values`: the confirmation page."""
    data = {"action": action, "_selected_action": [case.pk for case in cases]}
    if values:
        data |= {"_values": "1", **values}
    return client.post(admin_url(Case, "changelist"), data)


def confirm(client, page, **changes):
    """Apply what the confirmation page shows (with `changes` to what it posts back)."""
    data = {"_apply": "1", "action": page.context["action"].name}
    data["_selected_action"] = [row["case"].pk for row in page.context["rows"]]
    data |= {f"version-{row['case'].pk}": row["version"] for row in page.context["rows"]}
    form = page.context["form"]
    if form is not None:
        data |= {name: value for name, value in form.data.items() if name in form.fields}
    return client.post(admin_url(Case, "changelist"), data | changes, follow=True)


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def test_publish_lists_what_changes_then_publishes_each_case_with_its_reason(admin_client):
    drafts = factories.CaseFactory.create_batch(2, published=False)
    published = factories.CaseFactory(published=True)
    untouched = factories.CaseFactory(published=False)

    page = act(admin_client, "publish", [*drafts, published])
    assert page.status_code == 200
    assert [row["change"] for row in page.context["rows"]] == [
        "draft → published",
        "draft → published",
        "unchanged: already published",
    ]
    assert not Case.objects.filter(pk__in=[case.pk for case in drafts], published=True).exists()

    done = confirm(admin_client, page)

    assert set(Case.objects.filter(published=True)) == {*drafts, published}
    assert not Case.objects.get(pk=untouched.pk).published
    assert "Bulk action: published: 3 case(s) changed, 0 refused." in messages_of(done)
    entry = drafts[0].history.first()
    assert (entry.published, entry.history_change_reason) == (True, "Bulk action: published")


def test_unpublish_turns_the_selected_cases_back_into_drafts(admin_client):
    cases = factories.CaseFactory.create_batch(2, published=True)

    confirm(admin_client, act(admin_client, "unpublish", cases[:1]))

    assert [case.published for case in Case.objects.order_by("pk")] == [False, True]


def test_a_case_changed_after_the_confirmation_page_opened_is_refused_and_left_alone(
    admin_client, admin_user
):
    cases = factories.CaseFactory.create_batch(2, published=False)
    page = act(admin_client, "publish", cases)
    stale = Case.objects.get(pk=cases[1].pk)
    stale.place = "Lefortovo"
    stale.save()

    done = confirm(admin_client, page)

    assert Case.objects.get(pk=cases[0].pk).published
    assert not Case.objects.get(pk=cases[1].pk).published
    shown = messages_of(done)
    assert "Bulk action: published: 1 case(s) changed, 1 refused." in shown
    assert any(
        text.startswith(f"Refused: {cases[1]} — changed by") and "nothing was changed" in text
        for text in shown
    )


def test_set_status_adds_one_cited_status_change_per_case(admin_client):
    cases = factories.CaseFactory.create_batch(2, status=Case.Status.DETAINED)
    source = factories.SourceFactory(text="The two teachers were released on 3 May 2024.")
    values = {
        "status": "released",
        "changed_on": "2024-05-03",
        "changed_on_precision": "day",
        "certainty": "confirmed",
        "description": "",
        "source": source.pk,
        "quote": "The two teachers were released",
    }

    page = act(admin_client, "set_status", cases, **values)
    assert page.context["rows"][0]["change"] == (
        "Detained → Released from 3 May 2024 (cited: “The two teachers were released”)"
    )
    done = confirm(admin_client, page)

    assert "2 case(s) changed, 0 refused" in messages_of(done)[0]
    for case in cases:
        change = StatusChange.objects.get(case=case)
        assert change.status == "released"
        citation = Citation.objects.get(status_change=change)
        assert (citation.source, citation.case, citation.start) == (source, case, 0)
        assert Case.objects.get(pk=case.pk).status == "released"
        assert change.history.first().history_change_reason == (
            "Bulk action: status set to Released from 3 May 2024"
        )


def test_set_status_asks_for_a_passage_or_the_not_yet_cited_mark(admin_client):
    case = factories.CaseFactory()
    values = {"status": "released", "certainty": "confirmed", "changed_on_precision": ""}

    page = act(admin_client, "set_status", [case], **values)
    assert not page.context["ready"]
    assert "not yet cited" in str(page.context["form"].non_field_errors())

    confirm(admin_client, act(admin_client, "set_status", [case], **values, not_yet_cited="on"))
    change = StatusChange.objects.get(case=case)
    assert not change.citations.exists()


def test_a_status_quote_not_in_the_source_refuses_every_case_and_writes_nothing(admin_client):
    cases = factories.CaseFactory.create_batch(2)
    source = factories.SourceFactory()
    values = {
        "status": "released",
        "certainty": "confirmed",
        "changed_on_precision": "",
        "source": source.pk,
        "quote": "They were released",
    }

    done = confirm(admin_client, act(admin_client, "set_status", cases, **values))

    # Never half-applied: the status change written before the citation failed is gone too.
    assert not StatusChange.objects.exists()
    assert "0 case(s) changed, 2 refused" in messages_of(done)[0]
    assert "does not occur in the text" in messages_of(done)[1]


CHARGE = {
    "description": "Organising mass riots",
    "statute": "Article 293",
    "outcome": "pending",
    "charged_on": "2024-01-20",
    "charged_on_precision": "day",
    "certainty": "confirmed",
}
# The actor is added by the test: an actor's id is only known once it is saved.
POSITION = {
    "stance": "calls_for_release",
    "stated_on": "",
    "stated_on_precision": "",
    "summary": "",
}


@pytest.mark.parametrize(
    ("action", "values", "added", "shown", "reason"),
    [
        (
            "add_charge",
            CHARGE,
            {"charges__description": "Organising mass riots"},
            "adds the charge “Organising mass riots”",
            "Bulk action: charge “Organising mass riots” added",
        ),
        (
            "add_position",
            POSITION,
            {"positions__actor__name": "United States", "positions__stance": "calls_for_release"},
            "adds “United States: Calls for release”",
            "Bulk action: position of United States added",
        ),
    ],
)
def test_adding_a_fact_adds_the_same_one_to_each_case_with_the_reason_in_its_history(
    admin_client, action, values, added, shown, reason
):
    cases = factories.CaseFactory.create_batch(2)
    if action == "add_position":
        values = values | {"actor": factories.ActorFactory(name="United States").pk}

    page = act(admin_client, action, cases, **values)
    assert [row["change"] for row in page.context["rows"]] == [shown, shown]
    confirm(admin_client, page)

    assert set(Case.objects.filter(**added)) == set(cases)
    for case in cases:
        fact = (case.charges if action == "add_charge" else case.positions).get()
        assert fact.history.first().history_change_reason == reason


def test_add_charge_refuses_a_case_whose_charge_would_break_a_rule(admin_client):
    case = factories.CaseFactory()

    # Decided before it was charged: the dates' order is a rule, so the case is refused.
    page = act(
        admin_client,
        "add_charge",
        [case],
        **CHARGE | {"decided_on": "2023-01-01", "decided_on_precision": "day"},
    )
    done = confirm(admin_client, page)

    assert not Charge.objects.filter(case=case).exists()
    assert "0 case(s) changed, 1 refused" in messages_of(done)[0]


def test_an_editor_without_the_change_permission_is_offered_no_bulk_action(client):
    viewer = factories.UserFactory(is_staff=True, groups=["viewers"])
    client.force_login(viewer)
    factories.CaseFactory()

    response = client.get(admin_url(Case, "changelist"))

    offered = response.context["cl"].model_admin.get_actions(response.wsgi_request)
    assert not {"publish", "set_status", "add_charge"} & set(offered)


def test_the_confirmation_page_carries_each_cases_version(admin_client):
    case = factories.CaseFactory(detained_on=datetime.date(2020, 1, 1))

    page = act(admin_client, "publish", [case])

    assert page.context["rows"][0]["version"] == etag(case)


@pytest.mark.parametrize(
    ("action", "values"),
    [
        ("unpublish", {}),
        ("submit_for_review", {}),
        ("set_status", {"status": "released", "certainty": "confirmed", "not_yet_cited": "on"}),
        ("add_charge", {"description": "Fraud", "outcome": "pending", "certainty": "confirmed"}),
        ("add_position", {"stance": "calls_for_release"}),
        ("assign", {"editor": ""}),
    ],
)
def test_every_action_refuses_a_case_changed_meanwhile_and_writes_nothing_to_it(
    admin_client, action, values
):
    case = factories.CaseFactory(published=True)
    if action == "add_position":
        values = values | {"actor": factories.ActorFactory().pk}
    page = act(admin_client, action, [case], **values)
    assert page.context["ready"], page.context["form"] and page.context["form"].errors
    Case.objects.filter(pk=case.pk).update(place="Changed meanwhile")
    changed = Case.objects.get(pk=case.pk)
    changed.save()  # A save by someone else: a new version.
    history = changed.history.count()

    done = confirm(admin_client, page)

    assert "0 case(s) changed, 1 refused" in messages_of(done)[0]
    case = Case.objects.get(pk=case.pk)
    assert (case.published, case.submitted_at, case.assigned_to) == (True, None, None)
    assert not (case.charges.exists() or case.positions.exists() or case.status_changes.exists())
    assert case.history.count() == history
