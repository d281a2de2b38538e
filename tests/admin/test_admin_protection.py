"""Hard edges of the admin: password guessing is locked out, evidence cannot be deleted from under citations."""

import pytest
from django.urls import reverse

from cases.models import Actor, Source
from tests.admin.test_admin import admin_url
from tests.factories import ActorFactory, CitationFactory, PositionFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"  # UserFactory's


def log_in(client, username, password, **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        **headers,
    )


def test_the_admin_login_works_with_the_right_password(client):
    editor = UserFactory(is_staff=True)

    response = log_in(client, editor.username, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(editor.pk)


def test_after_five_failed_logins_even_the_right_password_is_refused(client):
    editor = UserFactory(is_staff=True)

    for _ in range(5):
        log_in(client, editor.username, "a-guess")
    response = log_in(client, editor.username, PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_forged_forwarded_for_header_does_not_escape_the_lockout(client):
    editor = UserFactory(is_staff=True)

    for n in range(5):
        log_in(client, editor.username, "a-guess", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}")
    response = log_in(client, editor.username, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99")

    assert response.status_code == 429


def test_behind_a_proxy_the_lockout_is_per_client_address(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    editor = UserFactory(is_staff=True)

    for _ in range(5):
        log_in(client, editor.username, "a-guess", HTTP_X_FORWARDED_FOR="198.51.100.7")
    locked = log_in(client, editor.username, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7")
    elsewhere = log_in(client, editor.username, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.8")

    assert locked.status_code == 429
    assert elsewhere.status_code == 302


def test_deleting_a_source_that_backs_citations_is_refused_naming_them(admin_client):
    citation = CitationFactory(quote="convicted of espionage")
    url = admin_url(Source, "delete", citation.source.pk)

    page = admin_client.get(url)
    response = admin_client.post(url, {"post": "yes"})

    assert "would require deleting the following protected related objects" in page.text
    assert "“convicted of espionage”" in page.text
    assert admin_url(type(citation), "change", citation.pk) in page.text
    assert response.status_code == 200
    assert Source.objects.filter(pk=citation.source.pk).exists()


def test_deleting_an_actor_with_positions_is_refused_naming_them(admin_client):
    position = PositionFactory(actor__name="Antony Blinken")
    url = admin_url(Actor, "delete", position.actor.pk)

    page = admin_client.get(url)
    admin_client.post(url, {"post": "yes"})

    assert "protected related objects" in page.text
    assert "Antony Blinken: calls for release" in page.text
    assert Actor.objects.filter(pk=position.actor.pk).exists()


def test_deleting_protected_sources_from_the_list_is_refused_too(admin_client):
    citation = CitationFactory()

    response = admin_client.post(
        admin_url(Source, "changelist"),
        {"action": "delete_selected", "_selected_action": [citation.source.pk], "post": "yes"},
    )

    assert "protected related objects" in response.text
    assert Source.objects.exists()
    # An actor that is part of another is protected the same way.
    member = ActorFactory(parent=ActorFactory(name="Government of the United States"))
    page = admin_client.get(admin_url(Actor, "delete", member.parent.pk)).text
    assert str(member) in page
