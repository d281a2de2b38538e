"""The seeded registry, read in a real browser: every status as of its source, never "today"."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def seeded():
    call_command("load_seeds", stdout=StringIO())


def row(page, name):
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=name))


def test_the_index_gives_each_status_as_of_its_source(live_server, page, seeded):
    page.goto(live_server.url + "/")

    expect(row(page, "Trevor Reed")).to_contain_text(
        "Released as of 27 Apr 2022, per The White House"
    )
    expect(row(page, "Paul Whelan")).to_contain_text(
        "Released as of 1 Aug 2024, per The White House"
    )
    expect(row(page, "Alexei Navalny")).to_contain_text(
        "Died in custody as of 22 Feb 2024, per The White House"
    )
    for name in ("Evan Gershkovich", "Alsu Kurmasheva", "Vladimir Kara-Murza"):
        expect(row(page, name)).to_contain_text("Released as of 1 Aug 2024")
    expect(page.get_by_role("table")).not_to_contain_text("today")


def test_navalnys_page_tells_the_reported_death_from_the_confirmed_one(live_server, page, seeded):
    page.goto(live_server.url + "/cases/alexei-navalny-2021/")

    history = page.locator(".status-history li")
    expect(history).to_have_count(3)
    expect(history.nth(0)).to_contain_text("Detained: 17 Jan 2021, confirmed")
    expect(history.nth(1)).to_contain_text(
        "Died in custody: date not given by the sources; source of 16 Feb 2024, reported, not confirmed"
    )
    expect(history.nth(2)).to_contain_text(
        "Died in custody: date not given by the sources; source of 22 Feb 2024, confirmed"
    )
    expect(page.locator(".case-status")).to_contain_text("as of 22 Feb 2024, per The White House")
    expect(page.locator(".timeline")).not_to_contain_text("today")
    expect(page.locator(".timeline-row--detention")).to_contain_text(
        "17 Jan 2021 – died in custody, date not given"
    )

    page.get_by_role("link", name="The White House").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Readout of President Biden’s Meeting with Yulia Navalnaya and Dasha Navalnaya"
    )


def test_reeds_page_dates_his_release_by_the_statement_that_says_today(live_server, page, seeded):
    page.goto(live_server.url + "/cases/trevor-reed/")

    expect(page.locator(".facts").first).to_contain_text("Released on27 Apr 2022")
    history = page.locator(".status-history li")
    expect(history.nth(0)).to_contain_text(
        "Convicted and imprisoned: date not given by the sources; source of 6 Feb 2021"
    )
    expect(history.nth(1)).to_contain_text("Released: 27 Apr 2022, confirmed")
    expect(page.locator(".stale-notice")).to_have_count(0)
