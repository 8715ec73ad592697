"""URLs of the bare plug-in test site: Wagtail's, the API, and what `series` offers."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v3.urls import api

from series import urls as series_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("api/v3/", api.urls),
    path("", include(series_urls.site_patterns)),
]
urlpatterns += i18n_patterns(
    path("", include(series_urls.localized_patterns)),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
