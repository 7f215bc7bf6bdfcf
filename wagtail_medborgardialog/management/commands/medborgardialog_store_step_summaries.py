"""Write each dialogue process's stored summary of its steps (``processes/status.py``) from
the steps in the database: after steps were imported around the page's ``save()``, or once
after migrating a site's own process page type."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ...models import AbstractDialogueProcessPage
from ...processes.status import store_step_summaries


class Command(BaseCommand):
    help = _("Store what each dialogue process's steps say about its status.")

    def handle(self, *args, **options):
        # Every process page type: the plugin's and any a site composed from the base.
        models = [
            m
            for m in apps.get_models()
            if issubclass(m, AbstractDialogueProcessPage) and not m._meta.proxy
        ]
        changed = sum(store_step_summaries(model) for model in models)
        if options["verbosity"]:
            self.stdout.write(_("Updated %(n)d dialogue processes.") % {"n": changed})
