"""Build the demo municipality "Exempelkommun". Safe to run any number of times."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Page, Site

from example_site.home.demo import build_demo

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "exempelkommun"

# The demo's superuser and workflow users have published passwords: never on a real server.
DEBUG_OFF_MESSAGE = (
    "load_demo only runs with DEBUG on: it creates a superuser and users whose passwords "
    "are published in the README. Run it on a local demo (DJANGO_DEBUG=1, the default of "
    "example_site.settings), never with production settings."
)


class Command(BaseCommand):
    help = "Create the demo municipality Exempelkommun (idempotent)."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(DEBUG_OFF_MESSAGE)
        home = build_demo()
        User = get_user_model()
        if not User.objects.filter(username=DEMO_USERNAME).exists():
            User.objects.create_superuser(DEMO_USERNAME, "admin@exempelkommun.se", DEMO_PASSWORD)
        site = Site.objects.get(is_default_site=True)
        self.stdout.write(
            self.style.SUCCESS(
                f"Exempelkommun is ready: {Page.objects.count()} pages, home '{home.title}' "
                f"on {site.hostname}:{site.port}.\n"
                f"Admin: http://127.0.0.1:8000/admin/  user: {DEMO_USERNAME}  "
                f"password: {DEMO_PASSWORD}"
            )
        )
