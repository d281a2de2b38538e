"""The registry's admin speaks the editor's language: Accept-Language chooses Russian or English.

Django translates its own admin; these tests check the registry's vocabulary follows (its models,
fields and help texts, the admin's sections, filters and actions), on the case list and a case's page.
"""

import pytest
from django.urls import reverse

from tests.factories import CaseFactory, ChargeFactory

pytestmark = pytest.mark.django_db

RUSSIAN = {"HTTP_ACCEPT_LANGUAGE": "ru-RU,ru;q=0.9,en;q=0.5"}
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}

# The same labels in each language: (Russian, English).
CASE_PAGE_LABELS = [
    ("Дата задержания", "Detained on"),
    ("Задержавшая страна", "Detaining country"),
    ("Точность даты задержания", "Detained on precision"),
    ("Обвинения", "Charges"),
    ("Статья закона", "Statute"),
    ("Государство, удерживающее человека.", "The state holding the person."),
    ("Задержание", "Detention"),
    ("Сохранить и процитировать отрывок", "Save and cite a passage"),
]
CASE_LIST_LABELS = [
    ("Задержавшая страна", "Detaining country"),
    ("Выберите дело для изменения", "Select case to change"),
    ("Опубликовать выбранные дела", "Publish the selected cases"),
    ("гражданство человека", "citizenship of the person"),
    ("Не из списка", "Not from a list"),
]


@pytest.fixture
def case():
    case = CaseFactory()
    ChargeFactory(case=case, description="Espionage")
    return case


def page(admin_client, url, headers):
    response = admin_client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("headers", "shown", "hidden"), [(RUSSIAN, 0, 1), (ENGLISH, 1, 0)], ids=["ru", "en"]
)
def test_the_case_page_names_its_fields_in_the_editors_language(
    admin_client, case, headers, shown, hidden
):
    html = page(admin_client, reverse("admin:cases_case_change", args=[case.pk]), headers)
    for labels in CASE_PAGE_LABELS:
        assert labels[shown] in html
        assert labels[hidden] not in html
    # The case's data stays as it was recorded.
    assert "Espionage" in html


@pytest.mark.parametrize(
    ("headers", "shown", "hidden"), [(RUSSIAN, 0, 1), (ENGLISH, 1, 0)], ids=["ru", "en"]
)
def test_the_case_list_names_its_columns_in_the_editors_language(
    admin_client, case, headers, shown, hidden
):
    html = page(admin_client, reverse("admin:cases_case_changelist"), headers)
    for labels in CASE_LIST_LABELS:
        assert labels[shown] in html
        assert labels[hidden] not in html


@pytest.mark.parametrize(
    ("headers", "shown", "hidden"), [(RUSSIAN, 0, 1), (ENGLISH, 1, 0)], ids=["ru", "en"]
)
def test_the_import_and_cite_pages_speak_the_editors_language(
    admin_client, case, headers, shown, hidden
):
    labels = [
        (
            reverse("admin:cases_importlog_import"),
            ("Импортировать таблицу", "Import a spreadsheet"),
        ),
        (reverse("admin:cases_importlog_import"), ("1. Файл", "1. The file")),
        (reverse("admin:cases_case_cite", args=[case.pk]), ("Источник", "The source")),
    ]
    for url, label in labels:
        html = page(admin_client, url, headers)
        assert label[shown] in html
        assert label[hidden] not in html
