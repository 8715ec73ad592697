"""Friendly 500 and 503 answers that need no database and never show a traceback:
a page, or problem+json for API requests."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext

from .. import conf
from .problems import problem


def is_api_request(request: HttpRequest) -> bool:
    """Under the API's mount (SERIES_API_PATH_PREFIX), or asking for JSON."""
    prefix = conf.get("API_PATH_PREFIX")
    accept = request.headers.get("Accept", "")
    return request.path_info.startswith(prefix) or (
        "json" in accept and "html" not in accept
    )


DATABASE_ERRORS = (OperationalError, InterfaceError)


def error_page(
    request: HttpRequest,
    *,
    status: int,
    title: str,
    message: str,
    retry_after: int | None = None,
) -> HttpResponse:
    """A self-contained page (or problem+json for the API) that needs no database."""
    if is_api_request(request):
        kind = {503: "service-unavailable", 429: "rate-limited"}.get(
            status, "server-error"
        )
        response = problem(status, kind, message)
    else:
        html = render_to_string(
            "series/errors/error.html",
            {"title": title, "message": message, "status": status},
        )
        response = HttpResponse(html, status=status)
    patch_cache_control(response, no_store=True)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database that is away (restart, failover) is a 503 the client
    may retry; anything else a plain 500. Neither shows a traceback."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        return error_page(
            request,
            status=503,
            title=gettext("Back in a moment"),
            message=gettext(
                "The service is briefly unavailable. Please try again in a moment."
            ),
            retry_after=5,
        )
    return error_page(
        request,
        status=500,
        title=gettext("Something went wrong"),
        message=gettext("Something went wrong on our side. Please try again later."),
    )
