import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

# Longer input is cut, with a notice: a search query is a few words, and every extra term makes
# the query slower without making the results better.
MAX_QUERY_LENGTH = 200

KIND_CHOICES = [
    ("", _("Everything")),
    ("thread", _("Questions")),
    ("answer", _("Answers")),
    ("faq", _("FAQ")),
]
SOLVED_CHOICES = [("", _("Any")), ("yes", _("Solved")), ("no", _("Not solved yet"))]
SORT_CHOICES = [("relevance", _("Most relevant")), ("newest", _("Newest"))]

_SPACES = re.compile(r"\s+")


def clean_query(raw: str) -> tuple[str, bool, bool]:
    """(query, had control characters, was truncated): NUL and other control characters dropped,
    whitespace folded, cut to MAX_QUERY_LENGTH characters."""
    without_controls = "".join(
        " " if ch in "\t\n\r" else ch
        for ch in raw
        if ch in "\t\n\r" or unicodedata.category(ch) not in {"Cc", "Cs"}
    )
    had_controls = len(without_controls) != len(raw)
    query = _SPACES.sub(" ", without_controls).strip()
    truncated = len(query) > MAX_QUERY_LENGTH
    if truncated:
        query = query[:MAX_QUERY_LENGTH].rstrip()
    return query, had_controls, truncated


def has_searchable_characters(query: str) -> bool:
    return any(ch.isalnum() for ch in query)


class SearchForm(forms.Form):
    # A plain Field: CharField refuses NUL characters outright, the search page drops them.
    q = forms.Field(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "maxlength": 2000}),
    )
    kind = forms.ChoiceField(label=_("Show"), choices=KIND_CHOICES, required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    solved = forms.ChoiceField(label=_("Status"), choices=SOLVED_CHOICES, required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All categories"))] + [
            (category.slug, category.display_name) for category in categories
        ]
        self.had_control_characters = False
        self.was_truncated = False

    def clean_q(self) -> str:
        query, self.had_control_characters, self.was_truncated = clean_query(
            str(self.cleaned_data.get("q") or "")
        )
        return query

    def clean_sort(self) -> str:
        return self.cleaned_data.get("sort") or "relevance"
