"""Wagtail search on the database, with PostgreSQL full text in each page's language.

modelsearch's PostgreSQL backend stems every document and query with one text search
configuration. Here each object is indexed with its locale's configuration
(`SEARCH_CONFIGS`, e.g. {"nb": "norwegian", "en": "english"}) and a query is parsed
with the active language's, so "byer" finds "by" on the Norwegian site and "cities"
finds "city" on the English one. On SQLite (and anything else) it is the database
backend as it is.

    WAGTAILSEARCH_BACKENDS = {"default": {
        "BACKEND": "series.search_backend",
        "SEARCH_CONFIGS": {"nb": "norwegian", "en": "english"},
    }}
"""

import copy
from collections import defaultdict

from django.db import connection
from django.utils.translation import get_language
from modelsearch.backends.database import SearchBackend as database_backend

FALLBACK_CONFIG = "simple"


def _language(code: str | None) -> str:
    return (code or "").split("-")[0].lower()


def _postgres_backend(params: dict):
    from modelsearch.backends.database.postgres.postgres import (
        PostgresIndex,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )

    class LanguageIndex(PostgresIndex):
        """Indexes each object with the configuration of its locale."""

        def add_items(self, model, objs):
            groups = defaultdict(list)
            languages = self.backend.locale_languages()
            for obj in objs:
                language = languages.get(getattr(obj, "locale_id", None), "")
                groups[self.backend.config_for(language)].append(obj)
            for config, group in groups.items():
                backend = copy.copy(self.backend)
                backend.config = config
                PostgresIndex(backend).add_items(model, group)

    class LanguageQueryCompiler(PostgresSearchQueryCompiler):
        def get_config(self, backend):
            return backend.config_for(_language(get_language()))

    class LanguageSearchBackend(PostgresSearchBackend):
        index_class = LanguageIndex
        query_compiler_class = LanguageQueryCompiler

        def __init__(self, params):
            super().__init__(params)
            self.configs = {
                _language(code): config
                for code, config in params.get("SEARCH_CONFIGS", {}).items()
            }

        def config_for(self, language: str) -> str:
            return self.configs.get(language) or self.config or FALLBACK_CONFIG

        def locale_languages(self) -> dict[int, str]:
            from wagtail.models import Locale

            return {
                pk: _language(code)
                for pk, code in Locale.objects.values_list("pk", "language_code")
            }

    return LanguageSearchBackend(params)


def SearchBackend(params: dict):  # noqa: N802 (the name modelsearch looks up)
    if connection.vendor == "postgresql":
        return _postgres_backend(params)
    return database_backend(params)
