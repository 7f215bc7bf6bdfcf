"""The demo content of Exempelkommun, built idempotently: each item is looked up by slug
and created only when missing, so running it again changes nothing."""

from wagtail.models import Page, Site

from wagtail_medborgardialog.models import DialogueIndexPage, DialogueProcessPage

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


def build_demo():
    """Build (or find) the whole demo and return the home page."""
    home = build_home()
    build_processes(home)
    return home
