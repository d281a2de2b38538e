"""An editor imports a spreadsheet in the admin: upload, map, preview, confirm, in real Chromium."""

import pytest
from playwright.sync_api import expect

from cases.models import Case, ImportLog
from tests.factories import UserFactory
from tests.ingest.spreadsheets import csv_bytes

# Live-server tests commit their data; serialized_rollback brings back what the
# migrations created (the editors and viewers groups) for the tests after them.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_editor_previews_and_confirms_an_import(live_server, page, tmp_path):
    user = UserFactory(username="importer", is_staff=True, groups=["editors"])
    user.save()  # UserFactory leaves the password unsaved.
    path = tmp_path / "partner.csv"
    path.write_bytes(
        csv_bytes(
            [
                ["No.", "Name", "Имя", "Status"],
                ["17", "Ivan Testov", "", "detained"],
                ["18", "", "Мария Фиктивная", "released"],
                ["19", "Petr Vydumanny", "", "vanished"],
            ],
            encoding="utf-8-bom",
            delimiter=";",
        )
    )
    page.goto(live_server.url + "/admin/cases/importlog/")
    page.get_by_label("Username").fill("importer")
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Import a spreadsheet").click()

    page.get_by_label("File").set_input_files(str(path))
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_text("partner.csv: 3 rows")).to_be_visible()
    page.get_by_label("No.").select_option("case.external_id")
    page.get_by_label("Name", exact=True).select_option("person.name")
    page.get_by_label("Имя").select_option("person.native_name")
    page.get_by_label("Status").select_option("case.status")
    page.get_by_label("Constants").fill("case.detaining_country=CN")
    page.get_by_role("button", name="Preview").click()

    preview = page.locator("#import-preview")
    expect(preview).to_contain_text("2 created, 0 updated, 0 unchanged, 1 rejected")
    expect(preview.locator(".import-rejected")).to_contain_text("unknown status")
    expect(preview.locator(".import-created").nth(1)).to_contain_text("Mariya Fiktivnaya")
    assert not Case.objects.exists()

    page.get_by_role("button", name="Confirm the import").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "Imported partner.csv: 2 created, 0 updated, 0 unchanged, 1 rejected."
    )
    log = ImportLog.objects.get()
    assert log.user == user
    assert Case.objects.filter(published=False, detaining_country="CN").count() == 2
    expect(page.get_by_role("link", name=f"rejects-{log.pk}.csv")).to_be_visible()
