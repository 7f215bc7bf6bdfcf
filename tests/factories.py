"""Small builders for test data; each returns saved, published objects."""

from wagtail.models import Page, Site

from example_site.home.models import HomePage
from wagtail_medborgardialog.models import DialogueIndexPage, DialogueProcessPage


def add_page(parent, model, **fields):
    fields.setdefault("title", model._meta.verbose_name.title())
    page = model(**fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_home(hostname="localhost", port=80, title="Testkommun"):
    """A home page at the root, served by a (default) site at ``hostname``."""
    root = Page.get_first_root_node()
    home = add_page(root, HomePage, title=title, slug=f"home-{hostname.replace('.', '-')}")
    site = Site.objects.filter(hostname=hostname, port=port).first()
    if site:
        site.root_page = home
        site.save()
    else:
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=not Site.objects.filter(is_default_site=True).exists(),
        )
    return home


def make_index(parent, **fields):
    fields.setdefault("title", "Medborgardialoger")
    return add_page(parent, DialogueIndexPage, **fields)


def make_process(index, **fields):
    fields.setdefault("title", "Nya parken")
    fields.setdefault("question", "Hur ska parken användas?")
    return add_page(index, DialogueProcessPage, **fields)


# Community contracts ------------------------------------------------------


def make_stakeholder(name="Norrby IF", kind="civil_society", **fields):
    from wagtail_medborgardialog.models import Stakeholder

    return Stakeholder.objects.create(name=name, kind=kind, **fields)


def make_contract(parent, **fields):
    """An adopted contract (decision recorded), published under ``parent``."""
    import datetime

    from wagtail_medborgardialog.models import CommunityContractPage

    fields.setdefault("title", "Samhällskontrakt för Norrby")
    fields.setdefault("slug", "samhallskontrakt")
    fields.setdefault("contract_status", "adopted")
    if fields["contract_status"] in ("adopted", "follow_up", "concluded"):
        fields.setdefault("deciding_body", "Kommunstyrelsen")
        fields.setdefault("decision_date", datetime.date(2026, 3, 10))
        fields.setdefault("case_number", "KS 2026/123")
    return add_page(parent, CommunityContractPage, **fields)


def add_party(contract, stakeholder, **fields):
    from wagtail_medborgardialog.models import ContractParty

    return ContractParty.objects.create(page=contract, stakeholder=stakeholder, **fields)


def add_commitment(contract, responsible, goals=(), **fields):
    from wagtail_medborgardialog.models import Commitment, CommitmentGoal

    fields.setdefault("text", "Vi rustar upp lekplatsen.")
    commitment = Commitment.objects.create(page=contract, responsible=responsible, **fields)
    for goal in goals:
        CommitmentGoal.objects.create(commitment=commitment, goal=goal)
    return commitment
