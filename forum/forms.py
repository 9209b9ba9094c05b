"""The shape of forum input. Rules that need the database stay in forum/services.py."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from core.text import BODY_MAX_LENGTH, TITLE_MAX_LENGTH
from forum import selectors
from forum.models import MAX_TAGS, Thread
from forum.text import normalize_tags
from uploads.forms import image_upload_field


class MarkdownField(forms.CharField):
    """Browsers send textarea line breaks as CRLF but count them as one character for maxlength;
    normalising first makes the server agree with the browser's counter."""

    widget = forms.Textarea

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


class TagsField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        return normalize_tags(value)


class ThreadForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("Say what is wrong in one sentence, as you would ask a colleague."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "data-similar-title": ""}),
    )
    body = MarkdownField(
        label=_("Details"),
        max_length=BODY_MAX_LENGTH,
        help_text=_("Markdown: **bold**, `code`, ``` fenced blocks ```, lists, links and tables."),
        widget=forms.Textarea(attrs={"rows": 12, "data-markdown-preview": ""}),
    )
    image = image_upload_field()
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=selectors.category_list(),
        empty_label=_("Choose a category"),
        error_messages={"invalid_choice": _("Choose one of the listed categories.")},
    )
    tags = TagsField(
        label=_("Tags"),
        required=False,
        max_length=200,
        help_text=format_lazy(
            _("Up to {max} tags, separated by commas or spaces, e.g. “2fa withdrawal”."),
            max=MAX_TAGS,
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The queryset is evaluated per form, so a category added in the admin shows at once.
        self.fields["category"].queryset = selectors.category_list()

    @classmethod
    def initial_for(cls, thread: Thread) -> dict:
        return {
            "title": thread.title,
            "body": thread.body,
            "category": thread.category_id,
            "tags": " ".join(tag.name for tag in thread.tags.all()),
        }


class AnswerForm(forms.Form):
    body = MarkdownField(
        label=_("Your answer"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8, "data-markdown-preview": ""}),
    )
    image = image_upload_field()


class PreviewForm(forms.Form):
    body = MarkdownField(max_length=BODY_MAX_LENGTH, required=False, strip=False)


VOTE_VALUES = {"up": 1, "down": -1, "clear": 0}


class VoteForm(forms.Form):
    value = forms.ChoiceField(choices=[(name, name) for name in VOTE_VALUES])

    @property
    def vote_value(self) -> int:
        return VOTE_VALUES[self.cleaned_data["value"]]
