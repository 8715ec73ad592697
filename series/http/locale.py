"""Django's LocaleMiddleware, fixed for sites that serve an API beside i18n_patterns."""

from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Keeps a 404 from a view outside the language prefixes (e.g. the API's "no such
    session"); Django's would redirect it to `/<lang>/<path>`, which Wagtail's
    catch-all page pattern always matches."""

    def process_response(self, request, response):
        outside_prefixes = getattr(
            request, "resolver_match", None
        ) is not None and not translation.get_language_from_path(request.path_info)
        if response.status_code == 404 and outside_prefixes:
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", translation.get_language())
            return response
        return super().process_response(request, response)
