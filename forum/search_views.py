"""The search page and the similar-questions endpoint of the ask page.

They live in the forum, not in the search engine: the page reads the forum's categories, and
the engine imports no app (docs/architecture.md)."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from forum import page_cache
from forum.search_forms import SearchForm, has_searchable_characters
from forum.selectors import category_list
from search import selectors, suggestions
from search.snippets import highlight_to_html

# What /api/similar reads of the input: ranking looks at the title and the start of the body.
SIMILAR_TITLE_MAX = 300
SIMILAR_BODY_MAX = 1000
SIMILAR_MAX_AGE_SECONDS = 60


@dataclass(frozen=True)
class SearchHit:
    kind: str
    title: str
    url: str
    snippet: SafeString | str
    solved: bool
    answer_count: int
    created_at: datetime | None
    category: str
    # Other posts of the same thread that match too (a thread is one result, shown by its
    # best-matching post).
    other_matches: int = 0
    matched_by: str = "words"  # or "meaning": found by its sentence vector only
    language: str = ""  # en or zh-hans: a match by meaning may be in the other language


def _hit(group, category_names: dict[str, str]) -> SearchHit:
    result = group.result
    fragments = (getattr(result, "highlighted", None) or {}).get("text") or []
    snippet = highlight_to_html(fragments[0]) if fragments and fragments[0] else ""
    return SearchHit(
        kind=result.kind,
        title=result.title,
        url=result.url,
        snippet=snippet or result.excerpt or "",
        solved=bool(result.solved),
        answer_count=result.answer_count or 0,
        created_at=result.created_at,
        category=category_names.get(result.category or "", ""),
        other_matches=group.other_matches,
    )


def _no_content_versions(**kwargs) -> list[str]:
    return []


# Anonymous searches are cached by the index commit they read (repeated searches of popular
# words cost a lookup); categories' names may be a cache lifetime old, as on other pages.
@page_cache.cached_for_anonymous(_no_content_versions, stamp=selectors.results_version)
def search(request: HttpRequest, csrf_placeholder=None) -> HttpResponse:
    categories = list(category_list())
    form = SearchForm(request.GET or None, categories=categories)
    context = {"form": form, "query": "", "page": None, "hits": [], "notices": []}
    if csrf_placeholder:
        context["csrf_token"] = csrf_placeholder
    if not request.GET:
        return render(request, "search/search.html", context)
    if not form.is_valid():
        return render(request, "search/search.html", context, status=400)

    query = form.cleaned_data["q"]
    context["query"] = query
    if form.had_control_characters:
        context["notices"].append(
            _("Control characters (such as NUL) were removed from your search.")
        )
    if form.was_truncated:
        context["notices"].append(
            _("Your search was too long and was shortened to its first %(count)d characters.")
            % {"count": len(query)}
        )
    if not has_searchable_characters(query):
        context["empty_query"] = True
        return render(request, "search/search.html", context)

    category_names = {category.slug: category.display_name for category in categories}
    filters = {name: form.cleaned_data[name] for name in ("kind", "category", "solved")}

    def read():
        results = selectors.search_results(query=query, sort=form.cleaned_data["sort"], **filters)
        paginator = Paginator(results, settings.HAYSTACK_SEARCH_RESULTS_PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        return paginator, page, [_hit(group, category_names) for group in page.object_list]

    try:
        paginator, page, hits = selectors.read_index(read)
    except selectors.SearchUnavailable:
        context["search_unavailable"] = True
        response = render(request, "search/search.html", context, status=503)
        response["Retry-After"] = "60"
        return response
    context.update(page=page, hits=hits)
    if paginator.count < selectors.FEW_RESULTS:
        context["suggestion"] = selectors.spelling_suggestion(query, **filters)
    if paginator.count < selectors.MEANING_MATCHES_BELOW:
        context["meaning_hits"] = [
            _meaning_hit(fields, category_names)
            for fields, _cosine in selectors.meaning_matches(
                query=query, exclude_urls=[hit.url for hit in hits], **filters
            )
        ]
    link_filters = request.GET.copy()
    link_filters.pop("page", None)
    context["filter_query"] = link_filters.urlencode()
    return render(request, "search/search.html", context)


def _meaning_hit(fields: dict, category_names: dict[str, str]) -> SearchHit:
    """A thread or FAQ entry found by meaning: stored fields, no highlight (no word matched)."""
    return SearchHit(
        kind=str(fields.get("kind") or ""),
        title=str(fields.get("title") or ""),
        url=str(fields.get("url") or ""),
        snippet=str(fields.get("excerpt") or ""),
        solved=selectors.is_true(fields.get("solved")),
        answer_count=int(fields.get("answer_count") or 0),
        created_at=fields.get("created_at"),
        category=category_names.get(str(fields.get("category") or ""), ""),
        matched_by="meaning",
        language=str(fields.get("language") or ""),
    )


def _bad_request(reason: str) -> JsonResponse:
    return JsonResponse({"error": reason}, status=400)


@sensitive_post_parameters("title", "body")
@require_http_methods(["GET", "POST"])
def similar(request: HttpRequest) -> JsonResponse:
    """Up to five existing threads and FAQ entries like the question being typed.

    The ask page POSTs the title and body as form fields (CSRF-checked): a pasted body must not
    travel in a URL, which access logs and proxies keep and gunicorn cuts at 4 KB. The answer
    is private then; GET (title only, for links and tools) is public data, the same for
    everyone, cacheable for a minute. Neither the body nor the title is ever logged (error
    reports mask them).
    """
    data = request.POST if request.method == "POST" else request.GET
    titles, bodies = data.getlist("title"), data.getlist("body")
    if not titles:
        return _bad_request(_("The title parameter is missing."))
    if len(titles) > 1 or len(bodies) > 1:
        return _bad_request(_("Give the title and body parameters once each."))
    title, body = titles[0], (bodies[0] if bodies else "")
    if "\x00" in title or "\x00" in body:
        return _bad_request(_("The title or body contains a NUL character."))
    title, body = title.strip()[:SIMILAR_TITLE_MAX], body.strip()[:SIMILAR_BODY_MAX]
    results = suggestions.suggest(title, body, limit=5)
    response = JsonResponse({"results": [result.as_dict() for result in results]})
    if request.method == "POST":
        patch_cache_control(response, private=True, no_store=True)
    else:
        patch_cache_control(response, public=True, max_age=SIMILAR_MAX_AGE_SECONDS)
    return response
