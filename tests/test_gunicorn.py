"""The production server's worker settings (registry/gunicorn.py)."""

import json
import subprocess
import sys

from django.conf import settings


def test_a_worker_freezes_the_loaded_application_and_collects_young_objects_less_often():
    # In a process of its own: the test run's collector is left as it is.
    script = (
        "import gc, json\n"
        "from registry import gunicorn\n"
        "before = gc.get_threshold()\n"
        "gunicorn.post_worker_init(worker=None)\n"
        "print(json.dumps([gc.get_freeze_count(), before, gc.get_threshold()]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    frozen, before, after = json.loads(done.stdout)
    assert frozen > 0
    assert after == [10_000, *before[1:]]
