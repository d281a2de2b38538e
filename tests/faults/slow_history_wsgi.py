"""The registry's WSGI application, with a pause before each history row is written.

For the fault tests only: the pause (FAULT_HISTORY_DELAY seconds) widens the
moment between a record's write and its history row's, so that a worker
killed during a burst of writes dies there, reliably, rather than by luck.
"""

import os
import time

from simple_history.signals import pre_create_historical_record

from registry.wsgi import application  # noqa: F401  (sets Django up first)

DELAY = float(os.environ.get("FAULT_HISTORY_DELAY", "0.2"))


def pause(**kwargs):
    time.sleep(DELAY)


pre_create_historical_record.connect(pause, dispatch_uid="fault-tests-slow-history")
