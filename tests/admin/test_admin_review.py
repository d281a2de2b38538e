"""Work assignment and review (REQUIRE_REVIEW): admin, API and spreadsheet import alike."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError
from django.urls import reverse

from cases.models import Case
from cases.models.review import ReviewState
from tests import factories
from tests.admin.test_admin import admin_url, case_form_data
from tests.admin.test_admin_bulk import act, confirm, messages_of
from tests.ingest.test_import_cases import PARTNER_MAP, import_cases, partner_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(settings):
    settings.REQUIRE_REVIEW = True


def signed_in(client, *groups):
    user = factories.UserFactory(is_staff=True, groups=list(groups))
    client.force_login(user)
    return user


def test_the_migration_gives_reviewers_the_permission_to_publish():
    reviewers = Group.objects.get(name="reviewers")
    assert reviewers.permissions.filter(codename="publish_case").exists()
    assert (
        not Group.objects.get(name="editors").permissions.filter(codename="publish_case").exists()
    )


def test_without_review_an_editor_publishes_as_before(client):
    signed_in(client, "editors")
    case = factories.CaseFactory(published=False)

    response = client.post(admin_url(Case, "change", case.pk), case_form_data(case, published="on"))

    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).review_state == ReviewState.PUBLISHED


def test_with_review_an_editor_cannot_publish_on_the_case_page(client, review):
    signed_in(client, "editors")
    case = factories.CaseFactory(published=False)

    response = client.post(admin_url(Case, "change", case.pk), case_form_data(case, published="on"))

    assert response.status_code == 200
    assert "submit the case for review" in str(response.context["adminform"].form.errors)
    assert not Case.objects.get(pk=case.pk).published


def test_a_case_goes_from_draft_to_review_to_published_by_another_reviewer(client, review):
    author = signed_in(client, "editors", "reviewers")
    case = factories.CaseFactory(published=False)
    assert case.review_state == ReviewState.DRAFT

    confirm(client, act(client, "submit_for_review", [case]))
    case.refresh_from_db()
    assert (case.review_state, case.submitted_by) == (ReviewState.NEEDS_REVIEW, author)
    entry = case.history.first()
    assert entry.history_change_reason == "Bulk action: submitted for review"

    # The author, although a reviewer, may not publish their own submission.
    done = confirm(client, act(client, "publish", [case]))
    assert "submitted this case for review: another reviewer publishes it" in messages_of(done)[1]
    assert not Case.objects.get(pk=case.pk).published

    # The author's list of cases to review leaves it out; another reviewer's holds it.
    listed = client.get(admin_url(Case, "changelist"), {"work": "review"})
    assert list(listed.context["cl"].result_list) == []
    signed_in(client, "editors", "reviewers")
    listed = client.get(admin_url(Case, "changelist"), {"work": "review"})
    assert list(listed.context["cl"].result_list) == [case]

    confirm(client, act(client, "publish", [case]))
    case.refresh_from_db()
    assert case.review_state == ReviewState.PUBLISHED
    assert case.submitted_at is None  # The review is over; the history keeps who submitted it.


def test_with_review_the_bulk_publish_refuses_an_editor_case_by_case(client, review):
    signed_in(client, "editors")
    cases = factories.CaseFactory.create_batch(2, published=False)

    done = confirm(client, act(client, "publish", cases))

    assert "0 case(s) changed, 2 refused" in messages_of(done)[0]
    assert not Case.objects.filter(published=True).exists()


def test_cases_are_assigned_to_an_editor_and_listed_as_theirs(client):
    me = signed_in(client, "editors")
    mine, other = factories.CaseFactory.create_batch(2)

    page = act(client, "assign", [mine], editor=me.pk)
    assert page.context["rows"][0]["change"] == f"nobody → {me.username}"
    confirm(client, page)

    assert Case.objects.get(pk=mine.pk).assigned_to == me
    listed = client.get(admin_url(Case, "changelist"), {"work": "mine"})
    assert list(listed.context["cl"].result_list) == [mine]
    entry = Case.objects.get(pk=mine.pk).history.first()
    assert entry.history_change_reason == f"Bulk action: assigned to {me.username}"


def test_my_stale_cases_are_the_open_ones_assigned_to_me_with_no_recent_source(client):
    me = signed_in(client, "editors")
    stale = factories.CaseFactory(assigned_to=me, status=Case.Status.DETAINED)
    factories.CaseFactory(assigned_to=me, status=Case.Status.RELEASED)
    factories.CaseFactory(status=Case.Status.DETAINED)

    listed = client.get(admin_url(Case, "changelist"), {"work": "stale"})

    assert list(listed.context["cl"].result_list) == [stale]


def test_a_source_is_assigned_on_its_page_and_listed_as_mine(client):
    me = signed_in(client, "editors")
    source = factories.SourceFactory(assigned_to=me)
    factories.SourceFactory()

    listed = client.get(admin_url(type(source), "changelist"), {"work": "mine"})

    assert list(listed.context["cl"].result_list) == [source]


def test_the_api_gives_the_review_state_and_filters_on_it(viewer_client):
    draft = factories.CaseFactory(published=False)
    waiting = factories.CaseFactory(published=False)
    waiting.submitted_at = waiting.created_at
    waiting.save()
    factories.CaseFactory(published=True)

    response = viewer_client.get(reverse("case-list"), {"review_state": "needs_review"})
    assert [row["slug"] for row in response.json()["results"]] == [waiting.slug]
    record = viewer_client.get(reverse("case-detail", args=[draft.slug])).json()
    assert (record["review_state"], record["published"]) == ("draft", False)


def test_with_review_the_api_refuses_publication_by_an_editor_with_403(editor_client, review):
    case = factories.CaseFactory(published=False)

    response = editor_client.patch(
        reverse("case-detail", args=[case.slug]), {"published": True}, format="json"
    )

    assert response.status_code == 403
    assert "submit the case for review" in response.json()["detail"]
    assert not Case.objects.get(pk=case.pk).published


def test_with_review_the_api_lets_another_reviewer_publish_a_submitted_case(api_client, review):
    author = factories.UserFactory(groups=["editors"])
    case = factories.CaseFactory(published=False, submitted_by=author)
    case.submitted_at = case.created_at
    case.save()
    api_client.force_authenticate(factories.UserFactory(groups=["editors", "reviewers"]))

    response = api_client.patch(
        reverse("case-detail", args=[case.slug]), {"published": True}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["review_state"] == "published"


def test_with_review_import_cases_refuses_to_publish(tmp_path, review):
    path = partner_list(tmp_path, [["1", "Ivan Testov", "", "", "CN", "", "detained", ""]])

    with pytest.raises(CommandError, match="REQUIRE_REVIEW is on"):
        import_cases(path, *PARTNER_MAP, "--publish")

    assert not Case.objects.exists()
    import_cases(path, *PARTNER_MAP)
    assert Case.objects.get().review_state == ReviewState.DRAFT


def test_an_editor_submits_a_case_for_review_from_its_page(client, review):
    editor = signed_in(client, "editors")
    case = factories.CaseFactory(published=False)
    url = admin_url(Case, "change", case.pk)
    assert 'name="_submit"' in client.get(url).text

    client.post(url, case_form_data(case, _submit="1"))

    case.refresh_from_db()
    assert (case.review_state, case.submitted_by) == (ReviewState.NEEDS_REVIEW, editor)
    assert 'name="_submit"' not in client.get(url).text


def test_without_review_the_case_page_offers_no_submission(client):
    signed_in(client, "editors")
    case = factories.CaseFactory(published=False)

    assert 'name="_submit"' not in client.get(admin_url(Case, "change", case.pk)).text
