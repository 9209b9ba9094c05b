import re

from django import forms
from django.utils.translation import gettext_lazy as _

from forum.selectors import category_list
from moderation.models import (
    FLAG_TEXT_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    EscalationStatus,
    FlagReason,
    Urgency,
)
from moderation.selectors import staff_user_list

# "12", "#12", "/t/12/", "https://host/t/12/#answer-3": the thread number a moderator pasted.
_THREAD_REFERENCE = re.compile(r"^(?:#?(\d+)|.*?/t/(\d+)(?:/.*)?)$")


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong?"),
        choices=[choice for choice in FlagReason.choices if choice[0] != FlagReason.APPEAL],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=FLAG_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for “Something else”. Never paste a secret here."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == FlagReason.OTHER and not cleaned.get("text", "").strip():
            self.add_error("text", _("Tell the moderators what is wrong with this post."))
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the author is told)"), required=False, max_length=NOTE_MAX_LENGTH
    )


class MoveForm(ReasonForm):
    category = forms.ModelChoiceField(label=_("New category"), queryset=category_list())

    field_order = ["category", "reason"]


class DuplicateForm(ReasonForm):
    original = forms.CharField(
        label=_("Original thread"),
        max_length=300,
        help_text=_("The number of the original thread, or a link to it."),
    )

    # The reason is also shown on the closed thread's banner (Thread.closed_reason).
    reason = forms.CharField(
        label=_("Reason (shown on the closed thread)"), required=False, max_length=300
    )

    field_order = ["original", "reason"]

    def clean_original(self) -> int:
        match = _THREAD_REFERENCE.match(self.cleaned_data["original"].strip())
        if not match:
            raise forms.ValidationError(
                _("Enter a thread number such as 12 or a link such as /t/12/.")
            )
        return int(match.group(1) or match.group(2))


class NeedsStaffForm(forms.Form):
    note = forms.CharField(
        label=_("What do staff need to know?"), required=False, max_length=NOTE_MAX_LENGTH
    )


class EscalationUpdateForm(forms.Form):
    urgency = forms.TypedChoiceField(label=_("Urgency"), choices=Urgency.choices, coerce=int)
    status = forms.ChoiceField(label=_("Status"), choices=EscalationStatus.choices)
    assigned_to = forms.ModelChoiceField(
        label=_("Assigned to"), queryset=staff_user_list(), required=False
    )
    # The asker is notified with this note (notifications.moderation_notices) and reads it on
    # the thread page: staff write it to them.
    note = forms.CharField(
        label=_("Note to the asker"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The asker is notified and reads it on the thread page."),
    )


class AppealForm(forms.Form):
    text = forms.CharField(
        label=_("Why should moderators look again?"),
        max_length=FLAG_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
