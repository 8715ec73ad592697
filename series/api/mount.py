"""The series router, put together and mounted on Wagtail's API v3 from
`SeriesConfig.ready()` (unless `SERIES_API_REGISTER` is False)."""

from ninja import NinjaAPI
from wagtail.api.v3.urls import api as wagtail_api

from .preview import register_preview
from .registrant import register_registrant_operations
from .registrations import register_operation
from .routes import router

register_operation(router)
register_registrant_operations(router)
register_preview(router)

_registered_on: set[int] = set()


def register_api(api: NinjaAPI | None = None, prefix: str = "/series/") -> None:
    """Mount the router on Wagtail's API v3 (or `api`) once, before its URLs exist."""
    api = api or wagtail_api
    if id(api) in _registered_on:
        return
    api.add_router(prefix, router)
    _registered_on.add(id(api))
