"""A small, bounded load generator: a fixed list of requests at a fixed concurrency.

Standard library only (http.client and threads), so the bench needs nothing
the project does not already install. Each request opens its own connection,
as gunicorn's sync workers close it after every response anyway. Latency is
measured from opening the connection to reading the last byte of the body.
"""

import http.client
import re
import threading
import time
from dataclasses import dataclass

_SERVER_TIMING = re.compile(r'db;dur=([\d.]+);desc="(\d+) queries", app;dur=([\d.]+)')


@dataclass
class Sample:
    path: str
    status: int
    latency_ms: float
    size: int
    app_ms: float | None = None
    db_ms: float | None = None
    queries: int | None = None
    encode_ms: float | None = None
    body: bytes = b""


def fetch(host, port, path, headers, keep_body=False, timeout=120) -> Sample:
    started = time.perf_counter()
    connection = http.client.HTTPConnection(host, port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    sample = Sample(path, response.status, (time.perf_counter() - started) * 1000, len(body))
    timing = _SERVER_TIMING.search(response.getheader("Server-Timing") or "")
    if timing:
        sample.db_ms, sample.queries, sample.app_ms = (
            float(timing[1]),
            int(timing[2]),
            float(timing[3]),
        )
    if keep_body:
        sample.body = body
    return sample


def run(host, port, paths, concurrency, headers, keep_body=False) -> tuple[list[Sample], float]:
    """Request every path in `paths` once, `concurrency` at a time; returns samples and seconds."""
    pending = list(reversed(paths))
    lock = threading.Lock()
    samples: list[Sample] = []

    def worker():
        while True:
            with lock:
                if not pending:
                    return
                path = pending.pop()
            sample = fetch(host, port, path, headers, keep_body=keep_body)
            with lock:
                samples.append(sample)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, time.perf_counter() - started
