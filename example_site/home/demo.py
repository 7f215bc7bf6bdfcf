"""The demo content of Exempelkommun, built idempotently: each item is looked up by slug
and created only when missing, so running it again changes nothing."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page, Site

from wagtail_medborgardialog import workflows
from wagtail_medborgardialog.models import Decision, DialogueIndexPage, DialogueProcessPage

from .models import HomePage


def get_or_add_child(parent, model, slug, **fields):
    """Return the child of ``parent`` with ``slug``, creating and publishing it if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing:
        return existing.specific
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def build_home():
    home = HomePage.objects.first()
    if home:
        return home
    root = Page.get_first_root_node()
    # A fresh Wagtail database has a placeholder page at slug "home"; move it aside.
    for placeholder in root.get_children().filter(slug="home"):
        placeholder.slug = "valkommen"
        placeholder.save()
    home = HomePage(
        title="Exempelkommun",
        slug="home",
        intro=(
            "<p>Välkommen till Exempelkommun. Här kan du delta i kommunens medborgardialoger.</p>"
        ),
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site:
        site.root_page = home
        site.site_name = "Exempelkommun"
        site.save()
    else:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Exempelkommun",
        )
    for placeholder in root.get_children().filter(slug="valkommen"):
        placeholder.delete()
    return home


def build_processes(home):
    index = get_or_add_child(
        home,
        DialogueIndexPage,
        "medborgardialoger",
        title="Medborgardialoger",
        show_in_menus=True,
        intro="<p>Här ser du kommunens pågående och avslutade medborgardialoger.</p>",
    )
    get_or_add_child(
        index,
        DialogueProcessPage,
        "trygghet-i-centrum",
        title="Trygghet i centrum",
        question="Vad skulle få dig att känna dig tryggare i centrum på kvällstid?",
        purpose="<p>Kommunen vill samla perspektiv från alla som rör sig i centrum.</p>",
    )
    get_or_add_child(
        index,
        DialogueProcessPage,
        "nya-parken-i-norrby",
        title="Nya parken i Norrby",
        question="Hur ska den nya parken i Norrby användas?",
        purpose="<p>Parken planeras tillsammans med boende, skolor och föreningar.</p>",
    )
    return index


# One demo user per workflow group (local demo only; same password as the admin).
DEMO_WORKFLOW_USERS = {
    "processledare": workflows.PROCESS_LEADERS,
    "styrgrupp": workflows.STEERING_GROUP,
    "beslutande": workflows.DECIDING_BODY,
}
DEMO_WORKFLOW_PASSWORD = "exempelkommun"


def build_workflows():
    """The default groups and workflows, a user per group, and one decision on record."""
    workflows.setup_defaults()
    User = get_user_model()
    for username, group_name in DEMO_WORKFLOW_USERS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username, f"{username}@exempelkommun.se", DEMO_WORKFLOW_PASSWORD
            )
            user.groups.add(Group.objects.get(name=group_name))
    process = DialogueProcessPage.objects.filter(slug="trygghet-i-centrum").first()
    if process and not Decision.objects.filter(case_number="KS 2026/45").exists():
        Decision.objects.create(
            page=process,
            page_title=process.title,
            revision=process.live_revision,
            deciding_body="Kommunstyrelsen",
            decision_date=datetime.date(2026, 3, 4),
            case_number="KS 2026/45",
            minutes_paragraph="45",
        )


def build_demo():
    """Build (or find) the whole demo and return the home page."""
    home = build_home()
    build_processes(home)
    build_workflows()
    return home
