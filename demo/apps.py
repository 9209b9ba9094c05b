from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The bilingual demo community and its `load_demo` command: the top layer, it may use every
    app's services and nothing imports it."""

    name = "demo"
    verbose_name = _("Demo community")
