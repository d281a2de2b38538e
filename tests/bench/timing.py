"""Per-request server time, database time and query count, as a `Server-Timing` header.

    Server-Timing: db;dur=4.21;desc="6 queries", app;dur=11.80

`app` is the whole request inside Django (every middleware, the view, the
rendering); `db` is the part spent executing SQL statements *and fetching
their rows*. Django's `execute_wrapper` sees only the execute call, but on
SQLite (and for server-side cursors on PostgreSQL) the database does much of
its work while rows are fetched, so the cursor's fetch methods are timed too. That also counts the driver's
conversion of rows to Python values as database time, which errs on the side
of a smaller "time above the database".

Only tests/bench/settings.py installs this. gunicorn's sync workers serve one
request at a time per process, so one module-level `RequestStats` is enough.

A streaming response (the CSV export) produces its body, and runs most of its
queries, after the view has returned. To measure that work, this middleware
reads the whole stream itself and answers with the buffered body: the
bench's figures then cover producing the export, though not the way
streaming spreads it over the transfer.
"""

import time

from django.db import connections
from django.db.backends import utils
from django.http import HttpResponse


class RequestStats:
    def __init__(self):
        self.started = time.perf_counter()
        self.queries = 0
        self.db_seconds = 0.0

    def execute_wrapper(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries += 1
            self.db_seconds += time.perf_counter() - started

    def header(self) -> str:
        app_ms = (time.perf_counter() - self.started) * 1000
        return (
            f'db;dur={self.db_seconds * 1000:.2f};desc="{self.queries} queries", '
            f"app;dur={app_ms:.2f}"
        )


_current: RequestStats | None = None


def _timed_fetch(name):
    def fetch(self, *args):
        started = time.perf_counter()
        try:
            with self.db.wrap_database_errors:
                return getattr(self.cursor, name)(*args)
        finally:
            if _current is not None:
                _current.db_seconds += time.perf_counter() - started

    fetch.__name__ = name
    return fetch


# CursorWrapper forwards fetch* to the driver's cursor through __getattr__;
# defining them on the class puts the timer in between.
for _name in ("fetchone", "fetchmany", "fetchall"):
    setattr(utils.CursorWrapper, _name, _timed_fetch(_name))


class ServerTimingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        global _current
        stats = _current = RequestStats()
        connection = connections["default"]
        connection.execute_wrappers.append(stats.execute_wrapper)
        try:
            response = self.get_response(request)
            if response.streaming:
                response = buffered(response)
        finally:
            connection.execute_wrappers.remove(stats.execute_wrapper)
            _current = None
        response.headers["Server-Timing"] = stats.header()
        return response


def buffered(streaming):
    response = HttpResponse(b"".join(streaming.streaming_content), status=streaming.status_code)
    for header, value in streaming.headers.items():
        response.headers[header] = value
    return response
