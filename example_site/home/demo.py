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
    build_contributions()
    return home


DEMO_CONTRIBUTIONS = {
    "trygghet-i-centrum": [
        {
            "text": "Belysningen i gångtunneln vid stationen är trasig sedan i höstas. "
            "Det känns otryggt att gå där efter mörkrets inbrott.",
            "display_name": "Kvällspendlare",
            "status": "published",
            "reply": "Tack för att du hör av dig. Gatuenheten byter armaturerna i tunneln "
            "under november.",
        },
        {
            "text": "Fler öppna verksamheter på kvällen skulle göra torget levande. "
            "Kanske ett kafé som har öppet till nio?",
            "display_name": "",
            "status": "published",
        },
        {
            "text": "Vi i föreningen vill gärna ordna nattvandringar tillsammans med kommunen.",
            "display_name": "Maria",
            "organisation": "Föräldraföreningen Centrum",
            "status": "published",
        },
        {
            "text": "Busshållplatsen vid Storgatan behöver ett väderskydd med belysning.",
            "display_name": "Olle",
            "status": "pending",
        },
    ],
    "nya-parken-i-norrby": [
        {
            "text": "En plaskdamm för de minsta barnen och skuggiga bänkar för oss äldre.",
            "display_name": "Farmor i Norrby",
            "status": "published",
            "reply": "Både plaskdamm och skuggiga sittplatser finns med i skissförslaget "
            "som visas på dialogmötet.",
        },
        {
            "text": "Låt en del av parken vara vild med ängsblommor för pollinerare.",
            "display_name": "",
            "organisation": "Naturskyddsföreningen Norrby",
            "status": "published",
        },
        {
            "text": "Skolan vill använda parken till utomhusundervisning. "
            "Ett enkelt utomhusklassrum vore fantastiskt.",
            "display_name": "Lärare på Norrbyskolan",
            "status": "pending",
            "channel": "meeting",
        },
    ],
}


def build_contributions():
    """Published, pending and answered contributions on the demo processes (by slug)."""
    from django.utils import timezone

    from wagtail_medborgardialog.models import Contribution, DialogueProcessPage

    now = timezone.now()
    for slug, items in DEMO_CONTRIBUTIONS.items():
        page = DialogueProcessPage.objects.filter(slug=slug).first()
        if page is None:
            continue
        for offset, item in enumerate(items):
            if Contribution.objects.filter(page=page, text=item["text"]).exists():
                continue
            fields = {
                "display_name": item.get("display_name", ""),
                "organisation": item.get("organisation", ""),
                "email": f"demo{offset}@exempelkommun.se",
                "status": item["status"],
                "channel": item.get("channel", "web"),
                "reply": item.get("reply", ""),
                "created_at": now - timezone.timedelta(days=10 - offset),
                "confirmed_at": now - timezone.timedelta(days=10 - offset),
            }
            if item["status"] == "published":
                fields["published_at"] = now - timezone.timedelta(days=9 - offset)
            if item.get("reply"):
                fields["replied_at"] = now - timezone.timedelta(days=8 - offset)
            Contribution.objects.create(page=page, text=item["text"], **fields)
