from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import BODY_MAX_LENGTH, Language
from faq.models import QUESTION_MAX_LENGTH, FaqEntry
from faq.selectors import faq_category_list, faq_entry_list_visible
from uploads.forms import image_upload_field


class OpenedAtField(forms.CharField):
    """When the edited text was loaded: a hidden ISO timestamp, compared by the service to
    spot a form that went stale while it was open."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)

    def prepare_value(self, value):
        return value.isoformat() if isinstance(value, datetime) else value

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise forms.ValidationError(
                _("The form is damaged; reload the page."), code="bad_timestamp"
            ) from None
        if parsed.tzinfo is None:
            raise forms.ValidationError(
                _("The form is damaged; reload the page."), code="bad_timestamp"
            )
        return parsed


class FaqEntryForm(forms.Form):
    question = forms.CharField(label=_("Question"), max_length=QUESTION_MAX_LENGTH)
    answer = forms.CharField(
        label=_("Answer"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Markdown: **bold**, *italic*, lists, `code`, links."),
    )
    image = image_upload_field()
    category = forms.ModelChoiceField(
        label=_("FAQ category"),
        queryset=faq_category_list(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of the FAQ categories in the list.")},
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    is_published = forms.BooleanField(label=_("Publish now"), required=False, initial=True)
    opened_at = OpenedAtField()


class FaqEntryEditForm(FaqEntryForm):
    is_published = None  # publishing has its own button on the entry page


class FaqMergeForm(forms.Form):
    merge = forms.ModelChoiceField(
        label=_("Entry to merge into this one"),
        queryset=FaqEntry.objects.none(),
        error_messages={"invalid_choice": _("Choose one of the entries in the list.")},
    )

    def __init__(self, *args, keep: FaqEntry, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["merge"].queryset = (
            faq_entry_list_visible(user=user)
            .filter(merged_into__isnull=True)
            .exclude(pk=keep.pk)
            .order_by("category__order", "order", "pk")
        )


class FaqFeedbackForm(forms.Form):
    is_helpful = forms.TypedChoiceField(
        choices=[("yes", _("Yes")), ("no", _("No"))], coerce=lambda value: value == "yes"
    )


class MoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", _("Up")), ("down", _("Down"))])


class PublishForm(forms.Form):
    is_published = forms.TypedChoiceField(
        choices=[("1", _("Publish")), ("0", _("Unpublish"))], coerce=lambda value: value == "1"
    )


class FaqCategoryForm(forms.Form):
    name = forms.CharField(label=_("Name (English)"), max_length=80)
    name_zh = forms.CharField(label=_("Name (Chinese)"), max_length=80, required=False)
    slug = forms.SlugField(
        label=_("Slug"),
        max_length=80,
        required=False,
        help_text=_("Used in links; made from the English name if empty."),
    )
