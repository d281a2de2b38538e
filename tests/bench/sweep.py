"""Every kind of page and list at the bench's scale, for what the scenarios do not cover.

    DJANGO_SETTINGS_MODULE=tests.bench.settings DATABASE_URL=postgres://.../registry_bench \\
        SECRET_KEY=... ALLOWED_HOSTS=127.0.0.1 BEHIND_TLS_PROXY=1 python -m tests.bench.sweep

Requests each API resource's list and a record, the public pages, feeds and
downloads, and the admin's change lists and forms, through Django's test
client (no HTTP server), as the public and as a superuser (one named
`bench-sweep`, made if missing), each three times, and prints the fastest
with its database time and query count (Server-Timing, see timing.py),
slowest first. Run after `make bench` has built a registry; it writes only
the superuser and sessions.
"""

import time

import django

HOST = {"HTTP_HOST": "127.0.0.1", "HTTP_X_FORWARDED_PROTO": "https"}
JSON = {"HTTP_ACCEPT": "application/json"}
TRIES = 3


def addresses():
    """(kind, path) of what to request: "api" and "page" for both users, "admin" for the superuser."""
    from cases.models import Case, Citation, Position

    case = Case.objects.filter(published=True).order_by("-id").first()
    source = Citation.objects.filter(case__published=True).order_by("-id").first().source_id
    actor = Position.objects.filter(case__published=True).order_by("-id").first().actor_id
    api = [
        "/api/v1/cases/?page=200",
        # Drafts, for the superuser: each one's review state is read from the page's row.
        "/api/v1/cases/?published=false&page_size=200",
        "/api/v1/cases/?ordering=person__name",
        f"/api/v1/cases/?actor={actor}",
        f"/api/v1/cases/{case.slug}/history/",
        "/api/v1/people/",
        f"/api/v1/people/{case.person.slug}/",
        "/api/v1/people/?search=sokolov",
        "/api/v1/charges/",
        "/api/v1/events/",
        "/api/v1/actors/",
        f"/api/v1/actors/{actor}/",
        "/api/v1/positions/",
        f"/api/v1/positions/?actor={actor}",
        "/api/v1/status-changes/",
        "/api/v1/sources/",
        "/api/v1/sources/?page=100",
        f"/api/v1/sources/{source}/",
        "/api/v1/citations/",
        f"/api/v1/citations/?source={source}",
    ]
    pages = [
        "/",
        "/?page=100",
        "/?q=sokolov",
        "/?detaining_country=RU",
        case.get_absolute_url(),
        f"/sources/{source}/",
        "/data/",
        "/cases.csv?detaining_country=BY",
        "/cases.json?detaining_country=BY",
        *(f"/feeds/{kind}/" for kind in ("cases", "status-changes", "positions")),
        "/feeds/cases/?detaining_country=RU",
        f"{case.get_absolute_url()}feeds/status-changes/",
    ]
    admin = [
        "/admin/",
        *(f"/admin/cases/{model}/" for model in ADMIN_MODELS),
        "/admin/cases/case/?q=sokolov",
        f"/admin/cases/case/{case.pk}/change/",
        f"/admin/cases/source/{source}/change/",
        f"/admin/cases/actor/{actor}/change/",
    ]
    return (
        [("api", path) for path in api]
        + [("page", path) for path in pages]
        + [("admin", path) for path in admin]
    )


ADMIN_MODELS = ["case", "person", "source", "actor", "citation", "position", "charge", "event"]


def fastest(client, path, headers):
    best = None
    for _ in range(TRIES):
        started = time.perf_counter()
        response = client.get(path, **headers)
        if response.streaming:
            b"".join(response.streaming_content)
        milliseconds = (time.perf_counter() - started) * 1000
        if best is None or milliseconds < best[0]:
            best = (milliseconds, response.status_code, response.get("Server-Timing", ""))
    return best


def main():
    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    public, superuser = Client(**HOST), Client(**HOST)
    user, _ = get_user_model().objects.get_or_create(
        username="bench-sweep", defaults={"is_staff": True, "is_superuser": True}
    )
    superuser.force_login(user)
    rows = []
    for kind, path in addresses():
        headers = JSON if kind == "api" else {}
        clients = (
            [("superuser", superuser)]
            if kind == "admin"
            else [
                ("public", public),
                ("superuser", superuser),
            ]
        )
        for who, client in clients:
            rows.append((*fastest(client, path, headers), who, path))
    print("| ms | status | as | address | Server-Timing |")
    print("|---|---|---|---|---|")
    for milliseconds, status, timing, who, path in sorted(rows, reverse=True):
        print(f"| {milliseconds:.1f} | {status} | {who} | `{path}` | {timing} |")


if __name__ == "__main__":
    main()
