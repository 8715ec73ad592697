"""The search page: `?q=` in the language of the URL."""

import unicodedata

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from ..read.search import SearchQueryError, SearchResults, search_query, site_search


def printable(text: str) -> str:
    """What was typed, for the search box again, without control characters."""
    return "".join(c for c in text if unicodedata.category(c) not in {"Cc", "Cf"})


def search_view(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "")
    error = ""
    try:
        query = search_query(raw)
    except SearchQueryError as problem:
        query, error = "", str(problem)
    results = (
        site_search(
            query=query, language=get_language(), page_number=request.GET.get("page")
        )
        if query
        else SearchResults(query="")
    )
    context = {
        "query": query,
        "raw_query": printable(raw[:500]),
        "error": error,
        "results": results,
    }
    return render(
        request, "series/search_results.html", context, status=400 if error else 200
    )
