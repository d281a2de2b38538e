"""A researcher records a new case from a new source in the admin, every action counted.

The task (issue 16): paste a new source of five sentences about a person not
yet in the registry, create the person, the case, one charge, one position,
then cite three passages: one for the case, one for the charge, one for the
position. Logging in is not counted.
"""

import pytest
from playwright.sync_api import expect

from cases.models import Case, Citation
from tests.browser.researcher import Researcher
from tests.factories import ActorFactory, UserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Synthetic: a made-up person in a made-up article, for this test only.
ARTICLE = """Synthetic teacher detained in Minsk
By TEST WRITER in Minsk | SYNTHETIC NEWS | Updated: 2024-03-01 10:00

Belarusian police detained the teacher Ivan Zmyslenny in Minsk on 12 January 2024.
He is charged with organising mass riots, which he denies.
The United States called for his immediate release.
His lawyer said the hearing was postponed twice.
Colleagues describe him as a quiet man who taught history for twenty years.
"""
CASE_PASSAGE = "Belarusian police detained the teacher Ivan Zmyslenny in Minsk on 12 January 2024."
CHARGE_PASSAGE = "He is charged with organising mass riots"
POSITION_PASSAGE = "The United States called for his immediate release."

# Measured on the admin as it was before issue 16, by this test's first version
# (commit "Baseline for issue 16"): the case, charge and position were cited from
# the source's "Cite a passage" page, the case offered by name, each passage
# selected, copied (Ctrl+C) and pasted (Ctrl+V), its claim chosen in a list.
BASELINE_ACTIONS = 40


def log_in(page, live_server):
    user = UserFactory(username="researcher", is_staff=True, groups=["editors"])
    user.save()  # UserFactory leaves the password unsaved.
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Username").fill("researcher")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()


def test_recording_a_new_case_from_a_new_source(live_server, page):
    ActorFactory(name="United States", country="US")
    log_in(page, live_server)
    researcher = Researcher(page)
    save_and_continue = page.get_by_role("button", name="Save and continue editing").first

    # The source, pasted whole.
    researcher.click(page.locator("tr.model-source a.addlink"))
    researcher.fill(page.get_by_role("textbox", name="Text:"), ARTICLE)
    researcher.click(save_and_continue)
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    # The person, then straight on to their case.
    researcher.click(page.locator("#nav-sidebar tr.model-person a.addlink"))
    researcher.fill(page.locator("#id_name"), "Ivan Zmyslenny")
    researcher.click(page.get_by_role("button", name="Save and add a case").first)

    # The case, with its charge and position; then on to cite passages for it.
    researcher.choose(page.locator("#id_detaining_country"), "BY")
    researcher.fill(page.locator("#id_detained_on"), "2024-01-12")
    researcher.fill(page.locator("#id_charges-0-description"), "Organising mass riots")
    researcher.autocomplete(
        page.locator("#id_positions-0-actor + .select2"), "United States", "United States"
    )
    researcher.choose(page.locator("#id_positions-0-stance"), "calls_for_release")
    researcher.click(page.get_by_role("button", name="Save and cite a passage").first)

    # The source naming the person is shown: select each passage, then what it supports.
    text = page.locator("#cite-text")
    for passage, claim in [
        (CASE_PASSAGE, "The case record itself"),
        (CHARGE_PASSAGE, "Charge: Organising mass riots"),
        (POSITION_PASSAGE, "Position: United States"),
    ]:
        researcher.select_passage(text, passage)
        researcher.click(page.get_by_role("button", name=claim))
        expect(page.locator(".messagelist")).to_contain_text("Cited")

    case = Case.objects.get(person__name="Ivan Zmyslenny")
    cited = {
        citation.claim_kind: citation.quote
        for citation in Citation.objects.filter(case=case).select_related("source")
    }
    assert cited == {
        Citation.Claim.CASE: CASE_PASSAGE,
        Citation.Claim.CHARGE: CHARGE_PASSAGE,
        Citation.Claim.POSITION: POSITION_PASSAGE,
    }
    for citation in Citation.objects.filter(case=case).select_related("source"):
        assert citation.source.text[citation.start : citation.end] == citation.quote
    print(f"\nA researcher's day: {researcher.actions} actions (before: {BASELINE_ACTIONS})")
    assert researcher.actions <= BASELINE_ACTIONS // 2
