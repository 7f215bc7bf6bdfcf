from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailMedborgardialogConfig(AppConfig):
    name = "wagtail_medborgardialog"
    label = "wagtail_medborgardialog"
    verbose_name = _("Citizen dialogue")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Importing registers the checks with Django's check framework.
        from . import (
            checks,  # noqa: F401
            fragments,
            signal_handlers,
        )
        from .notifications import register_signal_handlers

        signal_handlers.connect()
        fragments.connect()
        register_signal_handlers()
