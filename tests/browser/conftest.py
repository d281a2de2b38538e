"""Headless Chromium for the browser tests, driven by Playwright against pytest-django's live server.

Debian's `chromium` package is used, not a browser Playwright downloads
itself: the machines running these tests cannot fetch one.
"""

from pathlib import Path

import pytest

# The same flags as `manage.py screenshots`: no sandbox because CI runs as root,
# and nothing that lets Chromium reach the network on its own.
from cases.management.commands.screenshots import CHROMIUM_ARGS

CHROMIUM = Path("/usr/bin/chromium")
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            f"No Chromium at {CHROMIUM}: install Debian's chromium package "
            "(apt-get install chromium) to run the browser tests."
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio event loop running in the main thread
    # from here on, and Django then refuses ORM calls there (factories, assertions,
    # the database flush after each live-server test) unless told they are safe.
    # They are: nothing runs concurrently with them. Set for as long as the loop runs.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
