"""English and Russian: chosen by Accept-Language or the switcher, which keeps the page and filters."""

import datetime
import gettext
import re

import pytest
from django.urls import reverse

from cases.models import Case
from registry import settings as registry_settings
from tests import factories

pytestmark = pytest.mark.django_db

INDEX = reverse("cases:case-list")
RUSSIAN = {"HTTP_ACCEPT_LANGUAGE": "ru-RU,ru;q=0.9,en;q=0.5"}


@pytest.fixture
def whelan():
    return factories.CaseFactory(
        person__name="Paul Whelan",
        person__native_name="Пол Уилан",
        person__citizenships=["US"],
        detaining_country="RU",
        status=Case.Status.IMPRISONED,
        detained_on=datetime.date(2018, 12, 28),
        detained_on_precision="day",
        summary="Detained in Moscow.",
    )


def test_accept_language_chooses_russian_pages_with_russian_country_names_and_dates(client, whelan):
    page = client.get(INDEX, **RUSSIAN).content.decode()

    assert '<html lang="ru">' in page
    assert "<h1>Задержанные граждане</h1>" in page
    assert "Осуждён(а), в заключении" in page
    assert "Россия" in page
    assert '<time datetime="2018-12-28">28 декабря 2018</time>' in page


def test_english_is_the_default(client, whelan):
    page = client.get(INDEX).content.decode()

    assert '<html lang="en">' in page
    assert '<time datetime="2018-12-28">28 Dec 2018</time>' in page


def test_case_data_stays_in_the_language_it_was_recorded_in(client, whelan):
    page = client.get(whelan.get_absolute_url(), **RUSSIAN).content.decode()

    assert "Detained in Moscow." in page
    assert '<h2 id="charges-heading">Обвинения</h2>' in page


def test_the_switcher_links_keep_the_page_and_its_filters(client, whelan):
    page = client.get(INDEX, {"detaining_country": "RU", "status": "held"}).content.decode()

    link = re.search(r'<a href="([^"]+)" lang="ru" hreflang="ru" rel="nofollow">Русский</a>', page)
    assert link.group(1) == (
        "/language/?language=ru&amp;next=/%3Fdetaining_country%3DRU%26status%3Dheld"
    )


def test_switching_remembers_the_language_and_returns_to_the_page(client, whelan):
    response = client.get(
        reverse("cases:language"), {"language": "ru", "next": "/?detaining_country=RU"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/?detaining_country=RU"
    page = client.get(response["Location"]).content.decode()
    assert '<html lang="ru">' in page
    assert '<span aria-current="true" lang="ru">Русский</span>' in page


def test_the_switcher_never_leads_off_the_site_or_sets_an_unknown_language(client):
    response = client.get(
        reverse("cases:language"), {"language": "xx", "next": "https://evil.example/"}
    )

    assert response["Location"] == INDEX
    assert "django_language" not in response.cookies


def test_native_script_names_carry_their_language(client, whelan):
    whelan.person.citizenships = ["US", "RU"]
    whelan.person.save()

    page = client.get(INDEX).content.decode()

    assert '<span class="native-name" lang="ru">Пол Уилан</span>' in page


def test_a_third_language_is_only_a_new_locale_directory(tmp_path, monkeypatch):
    (tmp_path / "uk" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "uk" / "LC_MESSAGES" / "django.po").write_text("")
    (tmp_path / "ru" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "ru" / "LC_MESSAGES" / "django.po").write_text("")
    monkeypatch.setattr(registry_settings, "LOCALE_PATHS", [tmp_path])

    assert registry_settings._languages() == [
        ("en", "English"),
        ("ru", "Русский"),
        ("uk", "Українська"),
    ]


def test_every_message_has_a_russian_translation_and_the_compiled_catalogue_is_current():
    locale = registry_settings.BASE_DIR / "locale/ru/LC_MESSAGES"
    po = (locale / "django.po").read_text()
    # An empty msgstr not continued on the next line (the header's is continued).
    assert not re.findall(r'^msgstr(?:\[\d\])? ""\n(?!")', po, flags=re.M)
    with open(locale / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    # Every one-line message translates, once compiled, as the catalogue says.
    single = re.findall(r'^(?:msgctxt "(.*)"\n)?msgid "(.+)"\nmsgstr "(.+)"$', po, flags=re.M)
    assert len(single) > 200
    for context, message, translation in single:
        message, translation = (text.replace('\\"', '"') for text in (message, translation))
        found = compiled.pgettext(context, message) if context else compiled.gettext(message)
        assert found == translation, message
