"""gunicorn settings for production: `gunicorn -c python:registry.gunicorn registry.wsgi`.

Everything can be set from the environment, as gunicorn itself allows
(GUNICORN_CMD_ARGS), or through the variables below.
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Two workers per core plus one, gunicorn's usual advice for I/O-bound Django apps.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", 1))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 60))
# Workers are recycled now and then so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
