"""The issue's journalist, on a generated registry, from the pages alone.

"Who is held in Russia, since when, on what charges, and what has the US
said?": filter, read the answer in the list, download exactly those cases
and check them against the API. Then every public page type is checked with
axe-core in English and in Russian, and the pages are used with JavaScript off.
"""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from cases.demo.generator import DemoDataGenerator
from cases.models import Case, Citation, Position
from tests import factories

from .accessibility import violations
from .conftest import DESKTOP

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 390, "height": 844}
QUESTION = {
    "detaining_country": "RU",
    "status": "held",
    "charge": "espionage",
    "actor_country": "US",
    "stance": "calls_for_release",
}


@pytest.fixture
def registry():
    """A generated registry of 400 synthetic cases, and one draft the public must never see."""
    DemoDataGenerator(cases=400, seed=15, batch_size=400).run()
    draft = factories.CaseFactory(
        person__name="Unpublished Draftperson", detaining_country="RU", published=False
    )
    factories.ChargeFactory(case=draft, description="espionage")
    answer = Case.objects.published().filter(
        detaining_country="RU",
        status__in=["detained", "imprisoned", "house_arrest"],
        charges__description__icontains="espionage",
        positions__actor__country="US",
        positions__stance=Position.Stance.CALLS_FOR_RELEASE,
    )
    assert answer.exists(), "the seed must give the question an answer"
    return {"answer": sorted(set(answer.values_list("slug", flat=True)))}


def ask_the_question(page, phone):
    if phone:
        # Folded behind one button, so the first case is on the first screen.
        first_row = page.locator(".case-table tbody tr").first
        assert first_row.bounding_box()["y"] < PHONE["height"]
        expect(page.get_by_role("button", name="Show cases")).to_be_hidden()
        page.locator(".filter-fold > summary").click()
    form = page.get_by_role("search")
    form.get_by_role("checkbox", name="Currently held").check()
    form.locator("fieldset", has_text="Detained in").get_by_role("checkbox", name="Russia").check()
    form.get_by_label("Charge", exact=True).fill("espionage")
    form.get_by_label("Government").select_option("US")
    form.get_by_label("Position").select_option("calls_for_release")
    form.get_by_role("button", name="Show cases").click()


def api_slugs(client_page, live_server):
    query = "&".join(f"{name}={value}" for name, value in QUESTION.items())
    data = client_page.request.get(f"{live_server.url}/api/v1/cases/?{query}&page_size=200").json()
    assert data["next"] is None
    return sorted(case["slug"] for case in data["results"])


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_journalist_answers_the_question_from_the_pages_alone(
    live_server, browser, registry, viewport
):
    context = browser.new_context(viewport=viewport, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(live_server.url + "/")
        ask_the_question(page, phone=viewport is PHONE)

        for name, value in QUESTION.items():
            expect(page).to_have_url(re.compile(rf"[?&]{name}={value}(&|$)"))
        # Every filter is kept in the form and shown as a chip.
        chips = page.get_by_role("list", name="Active filters")
        for text in ("Russia", "Currently held", "espionage", "United States of America"):
            expect(chips).to_contain_text(text)
        rows = page.locator(".case-table tbody tr")
        expect(rows).to_have_count(min(len(registry["answer"]), 25))
        for row in rows.all():
            expect(row.locator('[data-label="Charges"]')).to_contain_text("espionage")
            expect(row.locator('[data-label="Positions"]')).to_contain_text(
                re.compile(r"US: [^·]*calls for release")
            )
            # Held, and as of when (generated cases cite no status change: "unsourced").
            expect(row.locator('[data-label="Status"] .status')).to_have_text(
                re.compile(r"^(Detained|Convicted and imprisoned|Under house arrest)$")
            )
            expect(row.locator('[data-label="Status"]')).to_contain_text(
                re.compile(r"as of|unsourced")
            )
        if viewport is PHONE:
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"]

        with page.expect_download() as download:
            page.get_by_role("link", name="Download CSV").click()
        rows = list(
            csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig")))
        )

        assert sorted(row["case.slug"] for row in rows) == registry["answer"]
        assert sorted(row["case.slug"] for row in rows) == api_slugs(page, live_server)
        assert all(row["case.detaining_country"] == "RU" for row in rows)
        assert all("espionage" in row["charge.description"].lower() for row in rows)
        assert all(row["url"].startswith(f"{live_server.url}/cases/") for row in rows)
        assert "Draftperson" not in download.value.path().read_text()
    finally:
        context.close()


def public_page_paths(registry):
    case = Case.objects.published().get(slug=registry["answer"][0])
    source = Citation.objects.filter(case=case).first().source
    query = "&".join(f"{name}={value}" for name, value in QUESTION.items())
    return {
        "index with filters": f"/?{query}",
        "index": "/",
        "case": case.get_absolute_url(),
        "source": f"/sources/{source.pk}/",
        "data": "/data/",
        "about": "/about/",
        "not found": "/cases/no-such-case/",
    }


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_public_page_type_is_axe_clean_in_both_languages(
    live_server, browser, registry, language
):
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True, locale=language)
    page = context.new_page()
    try:
        found = {}
        for kind, path in public_page_paths(registry).items():
            page.goto(live_server.url + path)
            assert page.locator("html").get_attribute("lang") == language, kind
            if broken := violations(page):
                found[kind] = broken
        assert found == {}
    finally:
        context.close()


def test_the_pages_work_without_javascript(live_server, browser, registry):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(live_server.url + "/")
        ask_the_question(page, phone=True)
        expect(page.locator(".case-table tbody tr")).to_have_count(min(len(registry["answer"]), 25))
        # The switcher keeps the page and its filters.
        page.get_by_role("link", name="Русский").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Задержанные граждане")
        expect(page).to_have_url(re.compile(r"detaining_country=RU"))
        expect(page.get_by_role("list", name="Активные фильтры")).to_contain_text("Россия")
        # A chart's bar leads to its cases.
        page.locator(".chart-drawing--by-status a").first.click()
        expect(page.locator(".case-table tbody tr").first).to_be_visible()
        with page.expect_download() as download:
            page.get_by_role("link", name="Скачать JSON").click()
        assert '"cases": [' in download.value.path().read_text()
    finally:
        context.close()
