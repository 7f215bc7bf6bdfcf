"""Recount the derived consultation results (``models/tallies.py``) from the answers."""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from ...models import ConsultationPage, tallies


class Command(BaseCommand):
    help = _("Recount every consultation's results from its published responses.")

    def handle(self, *args, **options):
        pages = ConsultationPage.objects.all()
        for page in pages.iterator():
            tallies.rebuild(page)
        if options["verbosity"]:
            self.stdout.write(_("Recounted %(n)d consultations.") % {"n": pages.count()})
