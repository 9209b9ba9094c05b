"""Start-up checks of the search engine (``manage.py check`` and every server start)."""

from django.core import checks

from search import conf, encoder, whoosh_internals


@checks.register(checks.Tags.compatibility)
def whoosh_internals_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """search.fastscore reads private Whoosh names: after a Whoosh upgrade that dropped or
    changed one, searches still work (through Whoosh's own, slower search), and this says so."""
    return [
        checks.Warning(
            f"Whoosh internal used by the fast search path: {problem}.",
            hint=(
                "Searches fall back to Whoosh's own (slower) search. Pin the Whoosh version "
                "the project was tested with, or update search/whoosh_internals.py."
            ),
            obj="search.whoosh_internals",
            id="search.W001",
        )
        for problem in whoosh_internals.problems()
    ]


@checks.register(checks.Tags.compatibility)
def sentence_model_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """A missing or damaged model does not break the site (suggestions rank by words), but
    the cross-language suggestions are gone, and this says so."""
    if not conf.embeddings_enabled():
        return []
    return [
        checks.Warning(
            f"Sentence-embedding model unavailable: {problem}.",
            hint="Suggestions rank by words only. Reinstall requirements.txt, or set "
            "WENDA_EMBEDDINGS=off to say that this is intended.",
            obj="search.encoder",
            id="search.W002",
        )
        for problem in encoder.problems()
    ]


@checks.register(checks.Tags.compatibility)
def search_writes_check(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    mode = conf.search_writes()
    if mode in {"background", "request"}:
        return []
    return [
        checks.Warning(
            f"WENDA_SEARCH_WRITES={mode!r} is not a known mode.",
            hint='Use "background" (the default) or "request"; index updates are applied in '
            "the background meanwhile.",
            obj="search.conf",
            id="search.W003",
        )
    ]
