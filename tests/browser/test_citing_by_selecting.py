"""Citing a passage by selecting it in the source's text, in real Chromium.

The offsets the page sends are counted in the shown text and mapped onto the
source's own text: characters outside the Basic Multilingual Plane (two
UTF-16 units in the browser, one code point in Python), line breaks written
"\r\n" (one "\n" once parsed as HTML) and the "↩" links after cited passages
must not shift them.
"""

import pytest
from playwright.sync_api import expect

from cases.models import Citation
from tests import factories
from tests.browser.researcher import Researcher
from tests.browser.test_a_researchers_day import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Synthetic text: a flag (two code points, four UTF-16 units), Cyrillic, CRLF line breaks,
# and a passage found twice.
TEXT = (
    "Заявление 🇷🇺 МИД от 18 января.\r\n"
    "Алексей Навальный задержан в аэропорту.\r\n"
    "По словам адвоката, Навальный задержан незаконно.\r\n"
    "Суд назначен на 2 февраля."
)
ACROSS_A_LINE_BREAK = "в аэропорту.\r\nПо словам адвоката"
SECOND_OCCURRENCE = "Навальный задержан"


@pytest.fixture
def citing(live_server, page):
    source = factories.SourceFactory(title="Заявление МИД", language="ru", text=TEXT)
    case = factories.CaseFactory(person__name="Alexei Navalny")
    charge = factories.ChargeFactory(case=case, description="Fraud")
    factories.SourceLinkFactory(source=source, case=case)
    # An earlier citation puts a mark and a "↩" link before the passages selected below.
    factories.CitationFactory(source=source, case=case, quote="МИД от 18 января")
    log_in(page, live_server)
    page.goto(f"{live_server.url}/admin/cases/source/{source.pk}/cite/")
    return source, case, charge


def test_a_selected_passage_is_cited_at_its_offsets(citing, page):
    source, case, charge = citing
    researcher = Researcher(page)
    text = page.locator("#cite-text")

    researcher.select_passage(text, ACROSS_A_LINE_BREAK.replace("\r\n", "\n"))
    researcher.click(page.get_by_role("button", name="Charge: Fraud"))
    expect(page.locator(".messagelist")).to_contain_text("Cited")

    citation = Citation.objects.get(charge=charge)
    start = TEXT.index(ACROSS_A_LINE_BREAK)
    assert (citation.start, citation.end) == (start, start + len(ACROSS_A_LINE_BREAK))
    assert citation.quote == ACROSS_A_LINE_BREAK
    # The claim stays chosen for the next passage.
    expect(page.get_by_role("button", name="Charge: Fraud")).to_have_class(
        "button default registry-chosen"
    )

    # The second "Навальный задержан", not the first.
    researcher.select_passage(text, SECOND_OCCURRENCE, occurrence=1)
    researcher.click(page.get_by_role("button", name="The case record itself"))
    expect(page.locator(".messagelist")).to_contain_text("Cited")
    second = Citation.objects.get(quote=SECOND_OCCURRENCE)
    start = TEXT.index(SECOND_OCCURRENCE, TEXT.index(SECOND_OCCURRENCE) + 1)
    assert (second.start, second.end) == (start, start + len(SECOND_OCCURRENCE))
    assert second.charge is None and second.case == case


def test_a_passage_is_selected_and_cited_with_the_keyboard_alone(citing, page):
    source, case, _ = citing
    text = page.locator("#cite-text")
    text.focus()
    page.keyboard.press("Control+Home")
    # The second line, whole: down a line, then to its end with Shift held.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Home")
    page.keyboard.press("Shift+End")
    expect(page.locator("#id_quote")).to_have_value("Алексей Навальный задержан в аэропорту.")
    # On to the buttons: the quote, the note, then the first claim.
    for _ in range(3):
        page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="The case record itself")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(".messagelist")).to_contain_text("Cited")

    citation = Citation.objects.get(quote="Алексей Навальный задержан в аэропорту.")
    start = TEXT.index(citation.quote)
    assert (citation.start, citation.end) == (start, start + len(citation.quote))
    assert source.text == TEXT  # The text took a caret, never an edit.
    source.refresh_from_db()
    assert source.text == TEXT
