"""gunicorn settings for SoTalk's web servers (`gunicorn -c deploy/gunicorn.conf.py
site_project.wsgi`); every value can be overridden on the command line.

Environment: GUNICORN_BIND (default 127.0.0.1:8000, behind the proxy), GUNICORN_WORKERS
(default 2 per core + 1), LOG_FORMAT (json, or plain).
"""

import multiprocessing
import os

from site_project.logging import logging_config

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Sync workers: requests are short (pages come from the shared cache, e-mail is sent
# by db_worker); a request past the timeout is a bug, and its worker is replaced.
timeout = 30
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then (memory creep in long-lived processes).
max_requests = 2000
max_requests_jitter = 200
# The application logs one line per request itself (with its request id); gunicorn's
# own access log would repeat it.
accesslog = None
_json = os.environ.get("LOG_FORMAT", "json") == "json"
logconfig_dict = logging_config(json_lines=_json, requests=True)
logconfig_dict["loggers"]["gunicorn.error"] = {
    "handlers": ["console"],
    "level": "INFO",
    "propagate": False,
}
