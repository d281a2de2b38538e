"""Who may read and write through the API: anonymous clients, tokens, sessions and groups."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cases.models import Case, Person
from tests.api.calls import assert_deletion_refused
from tests.factories import CaseFactory, CitationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

CASES = reverse("case-list")
PEOPLE = reverse("person-list")


def new_person(name="Nika Novak"):
    return {"name": name, "citizenships": ["RU"]}


def saved(user):
    # UserFactory skips the save after set_password, and a session is bound to the
    # stored password hash, so force_login needs the user saved.
    user.save()
    return user


def token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_anonymous_clients_read_published_cases(api_client):
    CaseFactory()
    assert api_client.get(CASES).json()["count"] == 1


def test_anonymous_clients_cannot_write_and_are_told_to_send_a_token(api_client):
    response = api_client.post(PEOPLE, new_person(), format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert not Person.objects.exists()


def test_an_editors_token_creates_and_changes_records():
    client = token_client(UserFactory(groups=["editors"]))
    response = client.post(PEOPLE, new_person(), format="json")
    assert response.status_code == 201, response.content
    url = reverse("person-detail", args=[response.json()["slug"]])
    assert client.patch(url, {"birth_year": 1990}, format="json").status_code == 200
    assert Person.objects.get().birth_year == 1990


def test_an_unknown_token_is_refused():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get(CASES).status_code == 401


def test_a_token_of_a_viewer_reads_drafts_but_cannot_write():
    CaseFactory(published=False)
    client = token_client(UserFactory(groups=["viewers"]))
    assert client.get(CASES).json()["count"] == 1
    assert client.post(PEOPLE, new_person(), format="json").status_code == 403


def test_a_user_in_no_group_reads_like_the_public_and_cannot_write():
    CaseFactory(published=False)
    client = token_client(UserFactory())
    assert client.get(CASES).json()["count"] == 0
    assert client.post(PEOPLE, new_person(), format="json").status_code == 403


def test_editors_cannot_delete(api_client):
    person = PersonFactory()
    api_client.force_authenticate(UserFactory(groups=["editors"]))
    assert api_client.delete(reverse("person-detail", args=[person.slug])).status_code == 403
    assert Person.objects.filter(pk=person.pk).exists()


def test_a_user_allowed_to_delete_deletes(api_client):
    case = CaseFactory()
    api_client.force_authenticate(UserFactory(is_superuser=True))
    assert api_client.delete(reverse("case-detail", args=[case.slug])).status_code == 204
    assert not Case.objects.exists()


def test_deleting_a_record_still_referred_to_is_a_409_and_deletes_nothing(api_client):
    citation = CitationFactory()
    api_client.force_authenticate(UserFactory(is_superuser=True))
    assert_deletion_refused(
        api_client,
        "source-detail",
        citation.source,
        f"This source is still referred to by 1 citation (#{citation.id} "
        f"“Blinken called for the release of Paul Whelan” in case {citation.case.slug}); "
        "remove those first.",
    )


def test_a_browser_session_must_send_the_csrf_token():
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(saved(UserFactory(groups=["editors"])))
    assert client.post(PEOPLE, new_person(), format="json").status_code == 403
    # The browsable API page sets the CSRF cookie, as it would in a browser.
    client.get(PEOPLE, HTTP_ACCEPT="text/html")
    csrf_token = client.cookies["csrftoken"].value
    response = client.post(PEOPLE, new_person(), format="json", HTTP_X_CSRFTOKEN=csrf_token)
    assert response.status_code == 201, response.content


def test_the_browsable_api_stays_on(api_client):
    CaseFactory()
    response = api_client.get(CASES, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert b"Case List" in response.content


def test_issue_token_prints_a_new_token_for_the_user():
    user = UserFactory(username="reporter")
    stdout = StringIO()
    call_command("issue_token", "reporter", stdout=stdout, stderr=StringIO())
    assert stdout.getvalue().strip() == Token.objects.get(user=user).key


def test_issue_token_prints_the_same_token_again():
    user = UserFactory(username="reporter")
    existing = Token.objects.create(user=user)
    stdout = StringIO()
    call_command("issue_token", "reporter", stdout=stdout, stderr=StringIO())
    assert stdout.getvalue().strip() == existing.key


def test_issue_token_rotate_replaces_the_token():
    user = UserFactory(username="reporter")
    old = Token.objects.create(user=user).key
    stdout = StringIO()
    call_command("issue_token", "reporter", "--rotate", stdout=stdout)
    assert stdout.getvalue().strip() == Token.objects.get(user=user).key != old


def test_issue_token_refuses_an_unknown_user():
    with pytest.raises(CommandError, match="No user is named 'nobody'"):
        call_command("issue_token", "nobody", stdout=StringIO())


def test_tokens_are_listed_in_the_admin(client):
    user = UserFactory(username="reporter")
    Token.objects.create(user=user)
    client.force_login(saved(UserFactory(is_staff=True, is_superuser=True)))
    response = client.get(reverse("admin:authtoken_tokenproxy_changelist"))
    assert response.status_code == 200
    assert b"reporter" in response.content
