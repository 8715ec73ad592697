"""Logs without personal data: one JSON object per line in production, plain text in
development, and one line per request (request id, method, path, status, duration).

Registrants' e-mail addresses and registration tokens are blanked in every message and
traceback, whoever logs them; names are never logged by this project's code.
"""

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime

request_id_var: ContextVar[str] = ContextVar("request_id", default="")
logger = logging.getLogger("site_project.requests")

EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# Personal links /<lang>/registrations/<token>/... (not the sign-up endpoint, finder).
TOKEN_PATH = re.compile(r"(/registrations/)(?!sessions/|find/)[^/\s?#\"']+")
INCOMING_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
# Load balancers ask often; a healthy answer is not worth a line.
QUIET_PATHS = ("/healthz", "/readyz")
REQUEST_FIELDS = ("request_id", "method", "path", "status", "duration_ms")


def redact(text: str) -> str:
    return TOKEN_PATH.sub(r"\1:token", EMAIL.sub("[email]", text))


class RequestIdFilter(logging.Filter):
    """Stamps every record made while a request is served with its id."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = request_id_var.get()
        return True


class PlainFormatter(logging.Formatter):
    """Development: readable lines, with the same blanking as production."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """Production: one JSON object per line, for the log collector."""

    def format(self, record: logging.LogRecord) -> str:
        data = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for name in REQUEST_FIELDS:
            value = getattr(record, name, None)
            if value not in (None, ""):
                data[name] = value
        # Django's own request errors carry the status as status_code.
        if "status" not in data and isinstance(
            getattr(record, "status_code", None), int
        ):
            data["status"] = record.status_code
        if record.exc_info:
            data["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(data, ensure_ascii=False, default=str)


class RequestLogMiddleware:
    """Outermost middleware: gives each request an id (the proxy's X-Request-ID if it
    looks like one) and logs one line when the response leaves."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = (
            incoming if INCOMING_ID.fullmatch(incoming) else uuid.uuid4().hex[:16]
        )
        request.request_id = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            status = response.status_code
            if status >= 400 or not request.path.startswith(QUIET_PATHS):
                logger.log(
                    logging.ERROR if status >= 500 else logging.INFO,
                    "%s %s %s",
                    request.method,
                    redact(request.path),
                    status,
                    extra={
                        "method": request.method,
                        "path": redact(request.path),
                        "status": status,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    },
                )
            return response
        finally:
            request_id_var.reset(token)


def logging_config(*, json_lines: bool, requests: bool) -> dict:
    """Django's LOGGING (and gunicorn's logconfig_dict): console only, blanked."""
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "json" if json_lines else "plain",
        "filters": ["request_id"],
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "site_project.logging.RequestIdFilter"}},
        "formatters": {
            "plain": {"()": "site_project.logging.PlainFormatter"},
            "json": {"()": "site_project.logging.JsonFormatter"},
        },
        "handlers": {"console": handler},
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {
            "series": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "site_project": {
                "handlers": ["console"],
                "level": "INFO",
                "propagate": False,
            },
            "site_project.requests": {
                "handlers": ["console"],
                "level": "INFO" if requests else "WARNING",
                "propagate": False,
            },
        },
    }
