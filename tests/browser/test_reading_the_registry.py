"""A reader's and an editor's path through the registry, in a real headless Chromium."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from cases.management.commands.screenshots import pages_to_shoot, take_screenshots
from cases.models import Case, Charge
from tests import factories

# Live-server tests commit their data; serialized_rollback brings back what the
# migrations created (the editors and viewers groups) for the tests after them.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def registry():
    whelan = factories.CaseFactory(
        person=factories.PersonFactory(
            name="Paul Whelan", native_name="Пол Уилан", citizenships=["US"]
        ),
        status=Case.Status.IMPRISONED,
        detained_on=datetime.date(2018, 12, 1),
        detained_on_precision="month",
    )
    charge = factories.ChargeFactory(case=whelan, description="Espionage", sentence="16 years")
    citation = factories.CitationFactory(
        case=whelan,
        charge=charge,
        source=factories.SourceFactory(title="Moscow open to better Washington ties"),
        quote="convicted of espionage",
    )
    factories.CaseFactory(person__name="Trevor Reed", status=Case.Status.EXCHANGED)
    return {"case": whelan, "citation": citation}


def test_a_reader_filters_the_index_by_status_and_opens_a_case(live_server, page, registry):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Detained citizens")
    cases = page.get_by_role("table")
    expect(cases).to_contain_text("Paul Whelan")
    expect(cases).to_contain_text("Trevor Reed")

    page.get_by_role("checkbox", name="Released in an exchange").check()
    page.get_by_role("button", name="Show cases").click()

    expect(page).to_have_url(re.compile(r"\?.*status=exchanged"))
    expect(cases).to_contain_text("Trevor Reed")
    expect(cases).not_to_contain_text("Paul Whelan")

    page.get_by_role("link", name="Clear filters").click()
    page.get_by_role("link", name="Paul Whelan").click()

    expect(page).to_have_url(live_server.url + registry["case"].get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Paul Whelan")
    expect(page.get_by_text("Пол Уилан")).to_be_visible()
    expect(page.get_by_text("Dec 2018").first).to_be_visible()


def test_a_reader_follows_a_footnote_to_the_highlighted_passage_and_back(
    live_server, page, registry
):
    citation = registry["citation"]
    page.goto(live_server.url + registry["case"].get_absolute_url())

    page.locator(f"#cite-ref-{citation.pk}").click()

    expect(page).to_have_url(re.compile(rf"/sources/{citation.source_id}/#citation-{citation.pk}$"))
    passage = page.locator(f"mark#citation-{citation.pk}")
    expect(passage).to_have_text("convicted of espionage")
    expect(passage).to_be_in_viewport()
    # The passage is the page's target, which the stylesheet outlines.
    assert passage.evaluate("element => element.matches(':target')")

    page.get_by_role("link", name="Back to the claim: the charge Espionage").click()

    expect(page).to_have_url(
        re.compile(rf"/cases/{registry['case'].slug}/#cite-ref-{citation.pk}$")
    )


def test_the_pages_read_well_on_a_phone(live_server, browser, registry):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        for path in ("/", registry["case"].get_absolute_url()):
            page.goto(live_server.url + path)
            # Nothing wider than the screen: no sideways scrolling.
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, path
    finally:
        context.close()


def test_an_editor_logs_in_and_creates_a_case_with_a_charge(live_server, page):
    person = factories.PersonFactory(name="Evan Gershkovich", citizenships=["US"])
    user = factories.UserFactory(username="editor", is_staff=True, is_superuser=True)
    user.save()  # factories.UserFactory leaves the password unsaved.

    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()

    page.goto(live_server.url + "/admin/cases/case/add/")
    # The person field is the admin's autocomplete: open it, search, pick.
    page.locator(".field-person .select2-selection").click()
    page.locator(".select2-search__field").fill("Gersh")
    page.locator(".select2-results__option", has_text="Evan Gershkovich").click()
    page.locator("#id_status").select_option("detained")
    page.locator("#id_detaining_country").select_option("RU")
    page.locator("#id_detained_on").fill("2023-03-29")
    page.locator("#id_detained_on_precision").select_option("day")
    page.locator("#id_published").check()
    page.locator("#id_charges-0-description").fill("Espionage")
    page.locator("#id_charges-0-outcome").select_option("convicted")
    page.locator("#id_charges-0-sentence").fill("16 years")
    # The admin shows its save buttons above and below the form; either will do.
    page.locator("input[name='_save']").first.click()

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    case = Case.objects.get(person=person)
    assert case.published
    assert case.detained_on == datetime.date(2023, 3, 29)
    assert list(Charge.objects.filter(case=case).values_list("description", "sentence")) == [
        ("Espionage", "16 years")
    ]

    # The new case is on the public index at once.
    page.goto(live_server.url + "/")
    expect(page.get_by_role("link", name="Evan Gershkovich")).to_be_visible()


def test_screenshots_cover_each_page_at_phone_and_desktop_widths(
    live_server, browser, registry, tmp_path
):
    pages = pages_to_shoot()

    taken = list(take_screenshots(browser, live_server.url, pages, tmp_path))

    assert sorted(pages) == ["case", "index", "source"]
    assert sorted(path.name for path, _ in taken) == [
        f"{name}-{width}.png"
        for name in ("case", "index", "source")
        for width in ("desktop", "phone")
    ]
    assert all(path.stat().st_size > 0 for path, _ in taken)
