from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from notifications.models import EmailTopic, Frequency


class EmailPreferencesForm(forms.Form):
    """One frequency per topic, and the language mail is written in."""

    language = forms.ChoiceField(label=_("Language of your e-mail"), choices=settings.LANGUAGES)

    def __init__(self, *args, frequencies: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        for topic in EmailTopic:
            self.fields[topic.value] = forms.ChoiceField(
                label=topic.label, choices=Frequency.choices, initial=frequencies[topic.value]
            )
        # The language comes last, under the topics.
        self.fields["language"] = self.fields.pop("language")

    def frequencies(self) -> dict[str, str]:
        return {topic.value: self.cleaned_data[topic.value] for topic in EmailTopic}
