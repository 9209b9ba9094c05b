from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.receivers import remember_language_at_login

        user_logged_in.connect(remember_language_at_login, dispatch_uid="accounts.language")
        self._forget_moderators_on_role_changes()

    @staticmethod
    def _forget_moderators_on_role_changes() -> None:
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from accounts.receivers import forget_moderators

        user_model = get_user_model()
        for model in (user_model, Group):
            post_save.connect(forget_moderators, sender=model, dispatch_uid=f"mods.save.{model}")
            post_delete.connect(forget_moderators, sender=model, dispatch_uid=f"mods.del.{model}")
        for through in (
            user_model.groups.through,
            user_model.user_permissions.through,
            Group.permissions.through,
        ):
            m2m_changed.connect(
                forget_moderators, sender=through, dispatch_uid=f"mods.m2m.{through}"
            )
