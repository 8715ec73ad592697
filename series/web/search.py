"""The search page: `?q=` in the language of the URL."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from ..read.search import SearchQueryError, SearchResults, search_query, site_search


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
        "raw_query": raw[:500],
        "error": error,
        "results": results,
    }
    return render(
        request, "series/search_results.html", context, status=400 if error else 200
    )
