"""Recount the derived consultation results (``models/tallies.py``) from the answers."""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ...models import AbstractConsultationPage, tallies


class Command(BaseCommand):
    help = _("Recount every consultation's results from its published responses.")

    def handle(self, *args, **options):
        # Every consultation page type: the plugin's and any a site composed from the base.
        models = [m for m in apps.get_models() if issubclass(m, AbstractConsultationPage)]
        count = 0
        for page in (page for model in models for page in model.objects.iterator()):
            tallies.rebuild(page)
            count += 1
        if options["verbosity"]:
            self.stdout.write(_("Recounted %(n)d consultations.") % {"n": count})
