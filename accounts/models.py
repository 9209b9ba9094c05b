from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """Django's user plus a public display name. Roles come from groups and ``is_staff``."""

    display_name = models.CharField(_("display name"), max_length=40, blank=True)
    # The language mail and other messages outside a request are written in; kept up to date
    # from the language the member last chose or used when logging in.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    @property
    def public_name(self) -> str:
        return self.display_name or self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile", args=[self.username])


class LoginAttempt(models.Model):
    """One failed log-in. Kept in the database so every web process counts the same failures."""

    # Case-folded as typed, so "Alice" and "alice" share one counter whether or not they exist.
    username = models.CharField(_("username"), max_length=150)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    attempted_at = models.DateTimeField(_("attempted"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-attempted_at"]
        verbose_name = _("failed log-in")
        verbose_name_plural = _("failed log-ins")
        indexes = [
            models.Index(fields=["username", "-attempted_at"]),
            models.Index(fields=["ip_address", "-attempted_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.username} from {self.ip_address} at {self.attempted_at:%Y-%m-%d %H:%M}"
