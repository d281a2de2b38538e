"""Where a case-detail request spends its time: a profile for the bench report.

    DJANGO_SETTINGS_MODULE=tests.bench.settings DATABASE_URL=... \\
        python -m tests.bench.profile SLUG [SLUG ...]

Runs in a process of its own with the server's environment (run.py passes
it), requests each slug's detail page through Django's test client (every
middleware, DRF, the view, the renderer; no HTTP server), first unprofiled
to time it, then under cProfile, and prints Markdown: the mean time per
request, its share in the database (Server-Timing, see timing.py), and the
functions with the most cumulative time per request. cProfile slows Python
code more than the database, so the shares are indicative, the first figure
exact.
"""

import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parents[2]
HEADERS = {"HTTP_ACCEPT": "application/json", "HTTP_X_FORWARDED_PROTO": "https"}
# Functions worth naming: the registry's own, and the frameworks' request path.
SHOWN = ("/cases/", "/registry/", "rest_framework/", "django/core/handlers", "django/db/models/")
ROWS = 25


def main(slugs):
    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST=os.environ.get("ALLOWED_HOSTS", "127.0.0.1"), **HEADERS)
    paths = [f"/api/v1/cases/{slug}/" for slug in slugs]
    for path in paths:  # Warm: compiled queries, templates, connections.
        assert client.get(path).status_code == 200, path
    started, database_ms = time.perf_counter(), 0.0
    for path in paths:
        timing = client.get(path)["Server-Timing"]
        database_ms += float(timing.split("dur=")[1].split(";")[0])
    request_ms = (time.perf_counter() - started) * 1000 / len(paths)
    profile = cProfile.Profile()
    profile.enable()
    for path in paths:
        client.get(path)
    profile.disable()
    print(report(pstats.Stats(profile), len(paths), request_ms, database_ms / len(paths)))


def report(stats, requests, request_ms, database_ms) -> str:
    lines = [
        f"A case-detail request through Django's test client, {requests} requests: "
        f"{request_ms:.2f} ms each, {database_ms:.2f} ms of it in the database "
        f"({database_ms / request_ms:.0%}). Under cProfile, the functions with the most "
        "time per request (cumulative, their callees included):",
        "",
        "| function | calls per request | ms per request (profiled) |",
        "|---|---|---|",
    ]
    rows = []
    for (path, line, name), (_, calls, _, cumulative, _) in stats.stats.items():
        if any(part in path for part in SHOWN):
            where = path.split("site-packages/")[-1].removeprefix(f"{ROOT}/")
            rows.append((cumulative, f"`{name}` ({where}:{line})", calls))
    for cumulative, where, calls in sorted(rows, reverse=True)[:ROWS]:
        lines.append(f"| {where} | {calls / requests:g} | {cumulative * 1000 / requests:.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main(sys.argv[1:])
