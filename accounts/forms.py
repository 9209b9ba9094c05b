import math

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.validators import validate_public_name


class SignupForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "display_name", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Password reset works by e-mail, so an account without an address could be lost for good.
        self.fields["email"].required = True
        self.fields["display_name"].help_text = _(
            "Optional. Shown on your posts instead of your username."
        )

    # The names are checked here as well as in the service so that every problem with the form
    # shows at once, not one submission at a time.
    def clean_username(self):
        username = super().clean_username()
        if username:
            validate_public_name(username)
        return username

    def clean_display_name(self):
        display_name = self.cleaned_data["display_name"].strip()
        if display_name:
            validate_public_name(display_name)
        return display_name


class LoginForm(AuthenticationForm):
    """Django's log-in form, refusing to even try the password while the login is locked out."""

    def __init__(self, request=None, *args, unlock_at=None, **kwargs):
        self.unlock_at = unlock_at
        super().__init__(request, *args, **kwargs)

    def clean(self):
        if self.unlock_at is not None:
            raise self.locked_out_error(self.unlock_at)
        return super().clean()

    @staticmethod
    def locked_out_error(unlock_at) -> ValidationError:
        minutes = max(1, math.ceil((unlock_at - timezone.now()).total_seconds() / 60))
        return ValidationError(
            ngettext(
                "Too many failed log-in attempts; try again in %(minutes)d minute.",
                "Too many failed log-in attempts; try again in %(minutes)d minutes.",
                minutes,
            ),
            code="locked_out",
            params={"minutes": minutes},
        )


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"),
        max_length=get_user_model()._meta.get_field("display_name").max_length,
        required=False,
        help_text=_(
            "Shown on your posts instead of your username. Leave it empty to show your username."
        ),
    )
