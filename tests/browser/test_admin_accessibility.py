"""axe-core finds no critical or serious accessibility violations on the pages editors use most.

axe-core (tests/browser/vendor/, see tests/browser/accessibility.py) is
injected into each page; the admin keeps Django's own markup, so here only
the critical and serious violations fail a page. The case change page is
also checked to fit a 1366 px wide screen without scrolling sideways.
"""

import pytest

from tests import factories
from tests.browser.accessibility import AXE
from tests.browser.conftest import DESKTOP
from tests.browser.test_a_researchers_day import log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SERIOUS = {"critical", "serious"}


@pytest.fixture
def page(browser):
    # The admin's Content-Security-Policy allows no injected script; axe is one.
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def serious_violations(page):
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document)")
    return [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]])
        for violation in results["violations"]
        if violation["impact"] in SERIOUS
    ]


@pytest.fixture
def registry(live_server, page):
    case = factories.CaseFactory(person__name="Paul Whelan", summary="Held in Moscow.")
    factories.ChargeFactory(case=case, description="Espionage")
    factories.EventFactory(case=case)
    position = factories.PositionFactory(case=case, actor__name="United States")
    factories.StatusChangeFactory(case=case)
    source = factories.SourceFactory(title="Moscow open to better Washington ties")
    factories.CitationFactory(source=source, case=case)
    factories.CitationFactory(
        source=source, case=case, position=position, quote="Russia called the criticism"
    )
    factories.SourceLinkFactory(source=source, case=factories.CaseFactory())
    log_in(page, live_server)
    return case, source


@pytest.mark.parametrize(
    "path",
    [
        "/admin/cases/case/{case}/change/",
        "/admin/cases/case/add/",
        "/admin/cases/case/",
        "/admin/cases/source/{source}/change/",
        "/admin/cases/source/{source}/cite/",
        "/admin/cases/case/{case}/cite/?source={source}",
    ],
)
def test_no_critical_or_serious_violations(registry, live_server, page, path):
    case, source = registry
    response = page.goto(live_server.url + path.format(case=case.pk, source=source.pk))

    assert response.ok
    assert serious_violations(page) == []


def test_the_case_page_fits_a_1366_pixel_screen(registry, live_server, page):
    case, _ = registry
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/admin/cases/case/{case.pk}/change/")

    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 1366
    # Every inline table sits inside its module: no row runs past the headers' edge.
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('.inline-group')]
            .filter(group => group.scrollWidth > group.clientWidth + 1)
            .map(group => group.id)"""
    )
    assert overflowing == []
