"""Screenshots of the public pages at phone and desktop widths, for reviewing the design."""

import threading
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application
from django.db.models import Count

from cases.models import Case, Source

CHROMIUM = "/usr/bin/chromium"
# The flags the browser tests use too: no sandbox as root in CI, nothing reaching the network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 900)}


class ScreenshotError(Exception):
    pass


def take_screenshots(browser, base_url, pages, output):
    """Full-page PNGs of each `{name: path}` at each viewport; yields (file, path) as it goes."""
    for width_name, (width, height) in VIEWPORTS.items():
        page = browser.new_page(viewport={"width": width, "height": height})
        try:
            for name, path in pages.items():
                response = page.goto(base_url + path)
                if response is None or not response.ok:
                    status = response.status if response else "no response"
                    raise ScreenshotError(f"{path} answered {status}")
                target = Path(output) / f"{name}-{width_name}.png"
                page.screenshot(path=str(target), full_page=True)
                yield target, path
        finally:
            page.close()


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class Command(BaseCommand):
    help = (
        "Save full-page screenshots of the index, a case and a source at phone and "
        "desktop widths, from the current database (run `make seed` first)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", default=str(settings.BASE_DIR / "screenshots"), help="Folder to write to."
        )
        parser.add_argument("--chromium", default=CHROMIUM, help="Chromium executable.")

    def handle(self, *args, output, chromium, **options):
        try:
            from playwright.sync_api import sync_playwright
        except ImportError:
            raise CommandError(
                "Playwright is not installed: pip install -r requirements-dev.txt"
            ) from None
        if not Path(chromium).exists():
            raise CommandError(f"No Chromium at {chromium}: apt-get install chromium")

        pages = pages_to_shoot()
        if pages is None:
            raise CommandError("No published case to show: load some data first (make seed).")
        output = Path(output)
        output.mkdir(parents=True, exist_ok=True)

        # Django's own threaded server on a free port; WhiteNoise serves the CSS.
        server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler)
        server.set_app(get_wsgi_application())
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base_url = f"http://127.0.0.1:{server.server_port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                try:
                    for target, path in take_screenshots(browser, base_url, pages, output):
                        self.stdout.write(f"{target}  ({path})")
                finally:
                    browser.close()
        except ScreenshotError as error:
            raise CommandError(str(error)) from None
        finally:
            server.shutdown()
            server.server_close()


def pages_to_shoot():
    """The index, the published case with most events, and the source it cites most.

    None when there is no published case to show.
    """
    case = (
        Case.objects.published()
        .annotate(events_count=Count("events"))
        .order_by("-events_count", "id")
        .first()
    )
    if case is None:
        return None
    pages = {"index": "/", "case": case.get_absolute_url()}
    source = (
        Source.objects.filter(citations__case=case)
        .annotate(cited=Count("citations"))
        .order_by("-cited", "id")
        .first()
    )
    if source is not None:
        pages["source"] = f"/sources/{source.pk}/"
    return pages
