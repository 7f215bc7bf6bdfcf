"""Build the demo municipality "Exempelkommun". Safe to run any number of times."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Page, Site

from example_site.home.accessibility_demo import build_accessibility_statement
from example_site.home.demo import build_demo

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "exempelkommun"
DEMO_URL = "http://127.0.0.1:8000/"
ADMIN_URL = DEMO_URL + "admin/"

# The users load_demo prints, with what each can try (docs/workflows.md); all share the
# admin's password. Only users that exist after the build are printed.
DEMO_USERS = [
    (DEMO_USERNAME, "superuser: everything, including Settings and the workflows"),
    (
        "processledare",
        "Processledare: moderates and answers contributions, reviews pages in the workflows",
    ),
    ("styrgrupp", "Styrgrupp: approves or asks for changes in the workflows"),
    ("beslutande", "Beslutande organ: records political decisions, which publish the page"),
]

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
        build_accessibility_statement(home)
        User = get_user_model()
        if not User.objects.filter(username=DEMO_USERNAME).exists():
            User.objects.create_superuser(DEMO_USERNAME, "admin@exempelkommun.se", DEMO_PASSWORD)
        site = Site.objects.get(is_default_site=True)
        self.stdout.write(
            self.style.SUCCESS(
                f"Exempelkommun is ready: {Page.objects.count()} pages, home '{home.title}' "
                f"on {site.hostname}:{site.port}."
            )
        )
        self.stdout.write(self.demo_users_summary())

    def demo_users_summary(self):
        """The site and admin addresses, and a line per demo user: name, password, role."""
        existing = set(
            get_user_model()
            .objects.filter(username__in=[name for name, _ in DEMO_USERS])
            .values_list("username", flat=True)
        )
        lines = [
            f"Site:  {DEMO_URL}",
            f"Admin: {ADMIN_URL}  (log in as one of these users, password: {DEMO_PASSWORD})",
        ]
        width = max(len(name) for name, _ in DEMO_USERS)
        for name, role in DEMO_USERS:
            if name in existing:
                lines.append(f"  {name.ljust(width)}  {role}")
        lines.append("These passwords are published: the demo is for a local machine only.")
        return "\n".join(lines)
