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

# Measured on the admin as it was before issue 16 (this test's first version).
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
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    researcher = Researcher(page)
    save_and_continue = page.get_by_role("button", name="Save and continue editing").first

    # The source, pasted whole.
    researcher.click(page.locator("tr.model-source a.addlink"))
    researcher.fill(page.get_by_role("textbox", name="Text:"), ARTICLE)
    researcher.click(save_and_continue)
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    # The person.
    researcher.click(page.locator("#nav-sidebar tr.model-person a.addlink"))
    researcher.fill(page.locator("#id_name"), "Ivan Zmyslenny")
    researcher.click(save_and_continue)

    # The case, with its charge and position.
    researcher.click(page.get_by_role("link", name="Add a case for this person"))
    researcher.choose(page.locator("#id_detaining_country"), "BY")
    researcher.fill(page.locator("#id_detained_on"), "2024-01-12")
    researcher.fill(page.locator("#id_charges-0-description"), "Organising mass riots")
    researcher.autocomplete(
        page.locator("#id_positions-0-actor + .select2"), "United States", "United States"
    )
    researcher.choose(page.locator("#id_positions-0-stance"), "calls_for_release")
    researcher.click(save_and_continue)
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    # Three citations, from the source's "Cite a passage" page.
    researcher.click(page.locator("#nav-sidebar tr.model-source a").first)
    researcher.click(page.get_by_role("link", name="Synthetic teacher detained in Minsk"))
    researcher.click(page.get_by_role("link", name="Cite a passage", exact=True))
    # "Supports" offers no case: the source was saved before the case existed.
    researcher.autocomplete(page.locator("#id_case + .select2"), "Zmyslenny", "Ivan Zmyslenny")
    researcher.click(page.get_by_role("button", name="Offer this case"))
    text = page.locator(".registry-source-text")
    supports = page.get_by_label("Supports")
    for passage, claim in [
        (CASE_PASSAGE, "The case record itself"),
        (CHARGE_PASSAGE, "Charge: Organising mass riots"),
        (POSITION_PASSAGE, "Position: "),
    ]:
        researcher.select_passage(text, passage)
        researcher.chord("Control+C")
        researcher.click(page.get_by_label("Quote"))
        researcher.chord("Control+V")
        option = supports.locator("option", has_text=claim).first
        researcher.choose(supports, option.get_attribute("value"))
        researcher.click(page.get_by_role("button", name="Cite this passage"))
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
    print(f"\nA researcher's day: {researcher.actions} actions")
    assert researcher.actions == BASELINE_ACTIONS
