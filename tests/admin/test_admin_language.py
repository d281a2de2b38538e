"""The registry's admin speaks the editor's language: Accept-Language chooses Russian or English.

Django translates its own admin; these tests check the registry's vocabulary follows (its models,
fields and help texts, the admin's sections, filters and actions), on the case list and a case's page,
and so do the messages the registry's admin writes itself. What it stores (history reasons, the
admin log, an import's summary) stays in English whoever wrote it.
"""

import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape

from cases.models import Case, Citation, ImportLog, Person, Source, SourceLink, StatusChange
from tests.admin.test_admin import admin_url, case_form_data, inline_rows
from tests.admin.test_admin_bulk import act, confirm, messages_of
from tests.admin.test_admin_imports import IMPORT, ROWS, mapping_data, upload
from tests.admin.test_admin_sources import ARTICLE, BODY, paste
from tests.api.calls import patched
from tests.factories import (
    CaseFactory,
    ChargeFactory,
    CitationFactory,
    PersonFactory,
    SourceFactory,
    SourceLinkFactory,
    UserFactory,
)

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


# Messages and texts the registry's admin writes itself: flash messages after an action, its
# bulk actions' previews and refusals, placeholders and help texts.

LANGUAGES = pytest.mark.parametrize(
    ("headers", "shown", "hidden"), [(RUSSIAN, 0, 1), (ENGLISH, 1, 0)], ids=["ru", "en"]
)


def speaking(client, headers):
    """`client` sending `headers` with every request, redirects and other modules' helpers too."""
    client.defaults.update(headers)
    return client


@LANGUAGES
def test_a_bulk_action_previews_and_reports_in_the_editors_language(
    admin_client, headers, shown, hidden
):
    client = speaking(admin_client, headers)
    cases = CaseFactory.create_batch(2, published=False)
    page = act(client, "publish", cases)
    preview = ("черновик → опубликовано", "draft → published")
    assert [str(row["change"]) for row in page.context["rows"]] == [preview[shown]] * 2
    assert preview[hidden] not in page.content.decode()
    stale = Case.objects.get(pk=cases[1].pk)
    stale.place = "Lefortovo"
    stale.save()

    shown_messages = messages_of(confirm(client, page))

    summary = (
        "Массовое действие: опубликовано: изменено 1 дело, отклонено 1.",
        "Bulk action: published: 1 case(s) changed, 1 refused.",
    )
    assert shown_messages[0] == summary[shown]
    refusal = (
        (
            f"Отклонено: {cases[1]} — ",
            "после открытия страницы подтверждения; ничего не изменено",
        ),
        (f"Refused: {cases[1]} — ", "after the confirmation page was opened; nothing was changed"),
    )
    start, end = refusal[shown]
    assert shown_messages[1].startswith(start) and shown_messages[1].endswith(end)
    # What is stored reads the same whoever applied it: the history's reason and the admin log.
    assert cases[0].history.first().history_change_reason == "Bulk action: published"
    assert LogEntry.objects.get().change_message == "Bulk action: published"


@LANGUAGES
def test_bulk_assigning_and_setting_a_status_speak_the_editors_language(
    admin_client, admin_user, headers, shown, hidden
):
    client = speaking(admin_client, headers)
    case = CaseFactory(status=Case.Status.DETAINED)

    page = act(client, "assign", [case], editor=admin_user.pk)
    nobody = ("никто", "nobody")
    assert [row["change"] for row in page.context["rows"]] == [f"{nobody[shown]} → admin"]
    summary = (
        "Массовое действие: назначено редактору admin: изменено 1 дело, отклонено 0.",
        "Bulk action: assigned to admin: 1 case(s) changed, 0 refused.",
    )
    assert messages_of(confirm(client, page)) == [summary[shown]]
    assert case.history.first().history_change_reason == "Bulk action: assigned to admin"

    status = {"status": "released", "certainty": "confirmed", "changed_on_precision": ""}
    page = act(client, "set_status", [case], **status)
    asked = (
        "Процитируйте отрывок (источник и цитату из него) или поставьте изменению отметку "
        "«Пока без цитаты».",
        "Cite a passage (a source and its quote), or mark the change “not yet cited”.",
    )
    assert page.context["form"].non_field_errors() == [asked[shown]]
    page = act(client, "set_status", [case], **status, not_yet_cited="on")
    marked = ("с отметкой «Пока без цитаты»", "marked not yet cited")
    assert page.context["rows"][0]["change"].endswith(f"({marked[shown]})")
    assert marked[hidden] not in page.content.decode()
    confirm(client, page)
    # The status is named in English in the history, as every other reason there.
    change = StatusChange.objects.get(case=case)
    assert change.history.first().history_change_reason == "Bulk action: status set to Released"


@LANGUAGES
def test_reviewing_links_from_their_list_reports_in_the_editors_language(
    admin_client, headers, shown, hidden
):
    client = speaking(admin_client, headers)
    first, second = SourceLinkFactory.create_batch(2)
    url = admin_url(SourceLink, "changelist")

    accepted = client.post(url, {"action": "accept", "_selected_action": [first.pk]}, follow=True)
    rejected = client.post(url, {"action": "reject", "_selected_action": [second.pk]}, follow=True)

    assert messages_of(accepted) == [("Принята 1 связь.", "1 link(s) accepted.")[shown]]
    assert messages_of(rejected) == [("Отклонена 1 связь.", "1 link(s) rejected.")[shown]]
    # The admin log keeps the reviews as stored, in English.
    logged = {entry.object_id: entry.change_message for entry in LogEntry.objects.all()}
    assert logged == {str(first.pk): "Accepted.", str(second.pk): "Rejected."}


@pytest.mark.parametrize(
    ("count", "told"),
    [
        (1, "Принята 1 связь."),
        (3, "Приняты 3 связи."),
        (5, "Принято 5 связей."),
        (11, "Принято 11 связей."),
        (21, "Принята 21 связь."),
    ],
)
def test_counts_take_the_russian_plural_form_they_need(admin_client, count, told):
    links = SourceLinkFactory.create_batch(count)
    response = admin_client.post(
        admin_url(SourceLink, "changelist"),
        {"action": "accept", "_selected_action": [link.pk for link in links]},
        follow=True,
        **RUSSIAN,
    )
    assert messages_of(response) == [told]


@LANGUAGES
def test_finding_the_cases_a_source_mentions_reports_in_the_editors_language(
    admin_client, headers, shown, hidden
):
    client = speaking(admin_client, headers)
    whelan = CaseFactory(person=PersonFactory(name="Paul Whelan"))
    reed = CaseFactory(person=PersonFactory(name="Trevor Reed"))

    pasted = paste(client, ARTICLE, language="en")
    suggested = (
        "В тексте упоминаются люди из реестра; предложены связи с 2 делами: ",
        "The text mentions registered people; suggested links to 2 case(s): ",
    )
    # With Django's own "added successfully".
    assert f"{suggested[shown]}{whelan}, {reed}." in messages_of(pasted)

    source = Source.objects.get()
    again = client.post(reverse("admin:cases_source_find_mentioned_cases", args=[source.pk]))
    nothing_new = (
        "Нет новых дел для связи: в тексте не упоминаются другие люди из реестра.",
        "No new case to link: the text mentions no other registered person.",
    )
    assert messages_of(client.get(again.url)) == [nothing_new[shown]]

    # Both people in one, Paul Whelan alone in the other.
    sources = [SourceFactory(text=f"{BODY}\nA second report."), SourceFactory()]
    listed = client.post(
        admin_url(Source, "changelist"),
        {"action": "find_mentioned_cases", "_selected_action": [s.pk for s in sources]},
        follow=True,
    )
    found = (
        "3 новые предложенные связи; просмотрено источников: 2.",
        "3 new link suggestion(s) in 2 source(s).",
    )
    assert messages_of(listed) == [found[shown]]


@LANGUAGES
def test_citing_a_passage_reports_in_the_editors_language(admin_client, headers, shown, hidden):
    client = speaking(admin_client, headers)
    source = SourceFactory()
    case = SourceLinkFactory(source=source).case
    charge = ChargeFactory(case=case, description="Espionage")
    url = reverse("admin:cases_source_cite", args=[source.pk])

    response = client.post(
        url, {"claim": f"charge:{charge.pk}", "quote": "release of Paul Whelan"}, follow=True
    )

    citation = Citation.objects.get()
    where = f"{citation.start}–{citation.end}"
    cited = (
        f"Отрывок «release of Paul Whelan» процитирован для утверждения: обвинение Espionage "
        f"(символы {where}).",
        f"Cited “release of Paul Whelan” for the charge Espionage (characters {where}).",
    )
    assert messages_of(response) == [cited[shown]]
    back = ("Назад к источнику", "Back to the source")
    assert back[shown] in response.content.decode()
    assert back[hidden] not in response.content.decode()
    location = client.get(admin_url(Citation, "change", citation.pk)).content.decode()
    assert (f"символы {where}", f"characters {where}")[shown] in location


@LANGUAGES
def test_the_case_cite_page_leads_back_in_the_editors_language(
    admin_client, case, headers, shown, hidden
):
    SourceLinkFactory(case=case)
    html = page(admin_client, reverse("admin:cases_case_cite", args=[case.pk]), headers)
    back = ("Назад к делу", "Back to the case")
    assert back[shown] in html
    assert back[hidden] not in html


@LANGUAGES
def test_importing_a_spreadsheet_reports_in_the_editors_language(
    admin_client, headers, shown, hidden
):
    client = speaking(admin_client, headers)
    rows = [["No.", "", *ROWS[0][2:]], *ROWS[1:]]

    uploaded = upload(client, rows).content.decode()
    for label in [("— пропустить —", "— ignore —"), ("(столбец 2)", "(column 2)")]:
        assert label[shown] in uploaded
        assert label[hidden] not in uploaded
    imported = client.post(IMPORT, mapping_data(upload(client), action="confirm"), follow=True)

    told = (
        "Файл partner.csv импортирован: создано — 2, обновлено — 0, без изменений — 0, "
        "отклонено — 1.",
        "Imported partner.csv: 2 created, 0 updated, 0 unchanged, 1 rejected.",
    )
    assert messages_of(imported) == [told[shown]]
    # The import's own record stays in English.
    assert ImportLog.objects.get().summary.endswith("2 created, 0 updated, 0 unchanged, 1 rejected")

    gone = client.post(IMPORT, {"upload": f"{'0' * 64}.csv", "file_name": "partner.csv"})
    again = ("Загрузите файл снова.", "Upload the file again.")
    assert again[shown] in gone.content.decode()


@LANGUAGES
def test_an_import_keeps_its_rejections_in_the_sites_language_and_previews_them_in_the_editors(
    admin_client, headers, shown, hidden
):
    client = speaking(admin_client, headers)
    rows = [["No.", "Name", "Detained", "Released"], ["20", "Anna Testova", "2021-05-01", "2020"]]
    mapping = {"column_2": "case.detained_on", "column_3": "case.released_on", "column_4": ""}
    reason = (
        "Дата освобождения не может быть раньше даты задержания.",
        "The release date cannot be before the detention date.",
    )

    preview = client.post(IMPORT, mapping_data(upload(client, rows), **mapping))
    assert reason[shown] in preview.content.decode()
    client.post(IMPORT, mapping_data(upload(client, rows), action="confirm", **mapping))
    log = ImportLog.objects.get()
    assert reason[1] in log.summary
    rejects = client.get(admin_url(ImportLog, "rejects", log.pk)).content.decode()
    assert reason[1] in rejects and reason[0] not in rejects


@LANGUAGES
def test_placeholders_help_texts_and_headings_follow_the_editors_language(
    admin_client, headers, shown, hidden
):
    source = SourceFactory()
    SourceLinkFactory(source=source)
    citation = CitationFactory()
    labels = [
        (
            admin_url(Source, "add"),
            ("Вставьте статью в том виде, в каком она сохранена", "Paste the article as it is"),
        ),
        (admin_url(Source, "changelist"), ("Слова из заголовка или текста", "Words of the title")),
        (
            admin_url(Source, "change", source.pk),
            ("Предложенные связи, ещё не проверенные", "Link suggestions, not reviewed yet"),
        ),
        (admin_url(Source, "change", source.pk), ("Позже", "Later")),
        (admin_url(Source, "change", source.pk), ("Отклонить", "Reject")),
        (
            admin_url(Citation, "add"),
            ("Определяется в тексте источника при сохранении.", "Located in the source"),
        ),
        (admin_url(Citation, "change", citation.pk), ("символы ", "characters ")),
        (admin_url(Citation, "changelist"), ("Цитата, примечание", "The quote, the note")),
        (admin_url(Case, "changelist"), ("Имена в любой письменности", "Names in any script")),
        (
            admin_url(Person, "add"),
            ("Сначала сохраните человека", "Save the person first"),
        ),
        (admin_url(Person, "changelist"), ("идентификаторы в Викиданных", "Wikidata ids")),
    ]
    for url, label in labels:
        html = page(admin_client, url, headers)
        assert label[shown] in html, (url, label[shown])
        assert label[hidden] not in html, (url, label[hidden])


# The registry's own rules, refusals and states, as the editor reads them: model validation
# (on the case page and in the API's 400s), a refused stale save, review states and the texts
# of the admin's own forms.


def charge_row(**fields):
    return {"description": "Espionage", "outcome": "convicted", **fields}


@LANGUAGES
def test_a_case_page_refuses_dates_out_of_order_in_the_editors_language(
    admin_client, headers, shown, hidden
):
    case = CaseFactory(summary="Before.")
    data = case_form_data(
        case,
        released_on="2018-01-01",
        released_on_precision="day",
        **inline_rows(
            "charges",
            [
                charge_row(
                    charged_on="2020-03-01",
                    charged_on_precision="day",
                    decided_on="2020-02-01",
                    decided_on_precision="day",
                )
            ],
        ),
    )

    response = admin_client.post(admin_url(Case, "change", case.pk), data, **headers)

    assert response.status_code == 200
    decision = (
        "Дата решения не может быть раньше даты предъявления обвинения.",
        "The decision cannot be before the charge.",
    )
    release = (
        "Дата освобождения не может быть раньше даты задержания.",
        "The release date cannot be before the detention date.",
    )
    charge_form = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert charge_form.errors["decided_on"] == [decision[shown]]
    assert response.context["adminform"].form.errors["released_on"] == [release[shown]]
    html = response.content.decode()
    for text in (decision, release):
        assert text[shown] in html
        assert text[hidden] not in html
    assert Case.objects.get(pk=case.pk).summary == "Before."


@LANGUAGES
def test_a_stale_save_is_refused_in_the_editors_language(admin_client, headers, shown, hidden):
    alice = Client()
    alice.force_login(UserFactory(username="alice", is_staff=True, is_superuser=True))
    case = CaseFactory(summary="Before.")
    url = admin_url(Case, "change", case.pk)
    opened = case_form_data(case)  # The editor opens the case ...
    alice.post(url, case_form_data(case, summary="Alice's account."))  # ... Alice saves ...

    response = admin_client.post(url, {**opened, "place": "Lefortovo"}, **headers)

    assert response.status_code == 200
    changed = timezone.localtime(case.history.first().history_date)
    told = (
        "Эту запись (дело) изменил(а) alice {} после того, как вы открыли эту страницу. "
        "Ничего не сохранено, и изменение другого редактора осталось в силе: обновите страницу, "
        "чтобы увидеть его, затем внесите свои изменения заново.",
        "This case was changed by alice on {} after you opened this page. Nothing was saved, "
        "so their change is kept: reload the page to see it, then make your changes again.",
    )
    # The date as the editor's language writes it.
    with translation.override(("ru", "en")[shown]):
        when = date_format(changed, "DATETIME_FORMAT")
    assert response.context["adminform"].form.non_field_errors() == [told[shown].format(when)]
    assert Case.objects.get(pk=case.pk).place != "Lefortovo"


@LANGUAGES
def test_the_review_state_of_a_case_reads_in_the_editors_language(
    admin_client, headers, shown, hidden
):
    submitted = CaseFactory(
        published=False,
        submitted_at=datetime.datetime(2021, 2, 6, 9, 12, tzinfo=datetime.UTC),
        submitted_by=UserFactory(username="alice"),
    )
    draft = CaseFactory(published=False)

    states = [
        (
            submitted,
            (
                "Ждёт проверки: alice отправил(а) на проверку 6 февраля 2021 г., 09:12",
                "Needs review: submitted by alice on 06 Feb 2021, 09:12",
            ),
        ),
        (draft, ("Черновик", "Draft")),
        (CaseFactory(), ("Опубликовано", "Published")),
    ]
    for case, state in states:
        html = page(admin_client, admin_url(Case, "change", case.pk), headers)
        assert f'<div class="readonly">{state[shown]}</div>' in html
        assert f'<div class="readonly">{state[hidden]}</div>' not in html


@LANGUAGES
def test_publishing_without_a_review_is_refused_in_the_editors_language(
    client, settings, headers, shown, hidden
):
    settings.REQUIRE_REVIEW = True
    client.force_login(UserFactory(is_staff=True, groups=["editors"]))
    case = CaseFactory(published=False)

    response = client.post(
        admin_url(Case, "change", case.pk), case_form_data(case, published="on"), **headers
    )

    assert response.status_code == 200
    refused = (
        "Для публикации нужна проверка: отправьте дело на проверку, и его опубликует член "
        "группы «reviewers».",
        "Publishing needs a review: submit the case for review, and a member of “reviewers” "
        "publishes it.",
    )
    assert response.context["adminform"].form.errors["published"] == [refused[shown]]
    assert not Case.objects.get(pk=case.pk).published


@LANGUAGES
def test_the_claims_a_passage_may_support_are_named_in_the_editors_language(
    admin_client, case, headers, shown, hidden
):
    SourceLinkFactory(case=case)
    html = page(admin_client, reverse("admin:cases_case_cite", args=[case.pk]), headers)
    for label in [
        (
            "Сама запись о деле (даты, статус, место)",
            "The case record itself (dates, status, place)",
        ),
        ("Обвинение: Espionage", "Charge: Espionage"),
        ("Заполняется, когда вы выделяете отрывок в тексте", "Filled in when you select a passage"),
    ]:
        assert label[shown] in html
        assert label[hidden] not in html

    html = page(admin_client, admin_url(Case, "change", case.pk), headers)
    slug = (
        "Оставьте пустым, чтобы адрес был получен из имени человека и года задержания",
        "Leave empty to derive it from the person's name and the detention year",
    )
    assert slug[shown] in html
    assert slug[hidden] not in html


@LANGUAGES
def test_a_pasted_source_is_refused_in_the_editors_language(admin_client, headers, shown, hidden):
    client = speaking(admin_client, headers)
    upload = SimpleUploadedFile("article.md", ARTICLE.encode(), content_type="text/markdown")

    both = paste(client, ARTICLE, upload=upload).content.decode()
    not_both = (
        "Вставьте статью или загрузите её, но не то и другое сразу.",
        "Paste the article or upload it, not both.",
    )
    assert not_both[shown] in both
    assert not_both[hidden] not in both

    paste(client, ARTICLE)
    again = paste(client, ARTICLE).content.decode()
    source = Source.objects.get()
    registered = (
        'Этот текст уже есть в реестре: <a href="{}">{}</a>.',
        'This text is already registered as <a href="{}">{}</a>.',
    )
    link = (admin_url(Source, "change", source.pk), escape(str(source)))
    assert registered[shown].format(*link) in again
    assert registered[hidden].format(*link) not in again


@LANGUAGES
def test_why_a_pasted_article_cannot_be_read_is_said_in_the_editors_language(
    admin_client, headers, shown, hidden
):
    client = speaking(admin_client, headers)
    reasons = [
        (
            "Only a title\n",
            "Не удалось прочитать вставленную статью: после заголовка и подписи нет текста.",
            "Could not read the pasted article: there is no body text after the title and byline.",
        ),
        (
            "---\nsource_url: https://example.org/a\n---\nThe body.\n",
            "Не удалось прочитать вставленную статью: в заголовочном блоке нет заголовка (title).",
            "Could not read the pasted article: the front matter has no title.",
        ),
        (
            "---\ntitle: A statement\npublished_time: yesterday\n---\nThe body.\n",
            "Не удалось прочитать вставленную статью: published_time «yesterday» — не дата и не "
            "дата со временем.",
            "Could not read the pasted article: published_time “yesterday” is not a date or date "
            "and time.",
        ),
    ]
    for text, *said in reasons:
        page = paste(client, text).content.decode()
        assert escape(said[shown]) in page
        assert escape(said[hidden]) not in page
    assert not Source.objects.exists()


@LANGUAGES
def test_the_api_refuses_a_write_in_the_clients_language(editor_client, headers, shown, hidden):
    client = speaking(editor_client, headers)
    charge = ChargeFactory(charged_on=datetime.date(2020, 3, 1), charged_on_precision="day")

    response = patched(client, "charge", charge.id, {"decided_on": "2020-02-01"})

    assert response.status_code == 400
    decision = (
        "Дата решения не может быть раньше даты предъявления обвинения.",
        "The decision cannot be before the charge.",
    )
    assert response.json() == {"decided_on": [decision[shown]]}

    response = client.post(reverse("person-list"), {"name": "\u200b"}, format="json")

    assert response.status_code == 400
    no_letter = (
        "В имени должна быть хотя бы одна видимая буква.",
        "A name needs at least one visible letter.",
    )
    assert response.json()["name"] == [no_letter[shown]]
