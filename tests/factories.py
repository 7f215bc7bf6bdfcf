"""Small builders for test data; each returns saved, published objects."""

from wagtail.models import Page, Site

from example_site.home.models import HomePage
from wagtail_medborgardialog.models import DialogueIndexPage, DialogueProcessPage
from wagtail_medborgardialog.processes.status import step_needs_decision


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


def make_process(index, ongoing=True, **fields):
    """A published process; ongoing (so open for input) unless ``ongoing=False``.

    A process is ongoing once a step is; without steps it counts as planned and takes no input.
    """
    from wagtail_medborgardialog.models import ProcessStep, SkrStep, StepStatus

    fields.setdefault("title", "Nya parken")
    fields.setdefault("question", "Hur ska parken användas?")
    if ongoing and "steps" not in fields:
        fields["steps"] = [
            ProcessStep(
                skr_step=SkrStep.PERSPECTIVES,
                title=str(SkrStep.PERSPECTIVES.label),
                status=StepStatus.ONGOING,
            )
        ]
    return add_page(index, DialogueProcessPage, **fields)


def make_topic(name="Parker och natur", slug="parker-och-natur"):
    from wagtail_medborgardialog.models import Topic

    return Topic.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def make_area(name="Norrby", slug="norrby"):
    from wagtail_medborgardialog.models import Area

    return Area.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def make_contact(name="Anna Lind", **fields):
    from wagtail_medborgardialog.models import ContactPerson

    fields.setdefault("title", "Processledare")
    fields.setdefault("email", "anna.lind@example.se")
    fields.setdefault("phone", "010-123 45 67")
    return ContactPerson.objects.create(name=name, **fields)


def make_process_with_steps(index, step_statuses=(), topics=(), areas=(), goals=(), **fields):
    """A published process with SKR's seven steps; ``step_statuses`` sets the first steps'."""
    fields.setdefault("title", "Nya parken")
    fields.setdefault("question", "Hur ska parken användas?")
    page = DialogueProcessPage.with_default_steps(**fields)
    for step, status in zip(page.steps.all(), step_statuses, strict=False):
        step.status = status
    page.topics = list(topics)
    page.areas = list(areas)
    page.sdg_goals = list(goals)
    page.live = False
    index.add_child(instance=page)
    if any(step_needs_decision(s.skr_step, s.status) for s in page.steps.all()):
        # Steps after SKR step 4 have started: the decision on implementation is on record.
        record_decision(page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def record_decision(page, **fields):
    import datetime

    from wagtail_medborgardialog.models import Decision

    fields.setdefault("kind", "implementation")
    fields.setdefault("decided_text", "Förslagen genomförs enligt bilaga 1.")
    fields.setdefault("deciding_body", "Kommunstyrelsen")
    fields.setdefault("decision_date", datetime.date(2026, 3, 4))
    fields.setdefault("case_number", "KS 2026/123")
    fields.setdefault("minutes_paragraph", "45")
    return Decision.objects.create(page=page, page_title=page.title, **fields)


def make_contribution(page, **fields):
    """A contribution on ``page``; published unless a status is given."""
    from django.utils import timezone

    from wagtail_medborgardialog.models import Contribution, ContributionStatus

    fields.setdefault("text", "Fler lampor längs gångvägen.")
    fields.setdefault("email", "medborgare@example.se")
    fields.setdefault("status", ContributionStatus.PUBLISHED)
    if fields["status"] == ContributionStatus.PUBLISHED:
        fields.setdefault("published_at", timezone.now())
    return Contribution.objects.create(page=page, **fields)


def make_moderator(username, *pages, email=None):
    """An admin user in its own group with edit and publish permission on ``pages`` and the
    right to moderate contributions there."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    from wagtail_medborgardialog.models import GroupModerationPermission

    group = Group.objects.create(name=f"Moderatorer {username}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for page in pages:
        for permission_type in ("add", "change", "publish"):
            GroupPagePermission.objects.create(
                group=group, page=page, permission_type=permission_type
            )
        GroupModerationPermission.objects.create(group=group, page=page)
    user = get_user_model().objects.create_user(
        username, email=email or f"{username}@example.se", password="pw"
    )
    user.groups.add(group)
    return user


# Community contracts ------------------------------------------------------


def make_stakeholder(name="Norrby IF", kind="civil_society", **fields):
    from wagtail_medborgardialog.models import Stakeholder

    return Stakeholder.objects.create(name=name, kind=kind, **fields)


def make_contract(parent, model=None, **fields):
    """An adopted contract (decision recorded), published under ``parent``.

    ``model`` is the plugin's ``CommunityContractPage`` unless a site's own page is given."""
    import datetime

    from wagtail_medborgardialog.models import CommunityContractPage

    fields.setdefault("title", "Samhällskontrakt för Norrby")
    fields.setdefault("slug", "samhallskontrakt")
    fields.setdefault("contract_status", "adopted")
    if fields["contract_status"] in ("adopted", "follow_up", "concluded"):
        fields.setdefault("deciding_body", "Kommunstyrelsen")
        fields.setdefault("decision_date", datetime.date(2026, 3, 10))
        fields.setdefault("case_number", "KS 2026/123")
    return add_page(parent, model or CommunityContractPage, **fields)


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


def contract_edit_data(page, **overrides):
    """POST data of the admin edit form of contract ``page`` with no parties or commitments."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

    data = {
        "title": page.title,
        "slug": page.slug,
        "vision": rich_text(page.vision or "<p>Ett tryggt Norrby.</p>"),
        "background": rich_text(""),
        "rights": rich_text(""),
        "obligations": rich_text(""),
        "participation": rich_text(""),
        "human_rights_principles": rich_text(""),
        "contract_status": page.contract_status,
        "deciding_body": page.deciding_body,
        "decision_date": page.decision_date.isoformat() if page.decision_date else "",
        "case_number": page.case_number,
        "contract_parties": inline_formset([]),
        "contract_commitments": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


# Consultations -------------------------------------------------------------


def make_consultation(parent, questions=None, invited=(), model=None, **fields):
    """A published consultation under ``parent``; ``questions`` are dicts of question fields.

    ``model``: the page type (default the plugin's ConsultationPage; a site's own in
    test_site_pages)."""
    from wagtail_medborgardialog.models import ConsultationPage

    model = model or ConsultationPage

    if questions is None:
        questions = [
            {"text": "Vad tycker du om förslaget?", "kind": "text"},
            {
                "text": "Vilket alternativ föredrar du?",
                "kind": "single",
                "choices": "Alternativ A\nAlternativ B\nInget av dem",
                "required": True,
            },
            {
                "text": "Vad använder du parken till?",
                "kind": "multiple",
                "choices": "Promenader\nLek\nIdrott\nOdling",
            },
            {
                "text": "Hur viktigt är det med belysning?",
                "kind": "scale",
                "scale_min_label": "Inte alls viktigt",
                "scale_max_label": "Mycket viktigt",
            },
        ]
    fields.setdefault("title", "Samråd om parken")
    fields.setdefault("slug", "samrad-om-parken")
    page = model(**fields)
    page.questions = [model.get_question_model()(**q) for q in questions]
    page.invited_stakeholders = [
        model.get_invited_stakeholder_model()(stakeholder=s) for s in invited
    ]
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def add_response(page, answers, status="published", **fields):
    """A response on ``page``; ``answers`` maps question text to a value (list for multiple)."""
    from wagtail_medborgardialog.consultations.views import save_answers

    contribution = make_contribution(page, status=status, **fields)
    questions = {q.text: q for q in page.questions.all()}
    save_answers(contribution, [(questions[text], value) for text, value in answers.items()])
    return contribution


def load_demo():
    """Run load_demo as `make demo` does: with DEBUG on (it refuses otherwise). Its output."""
    from io import StringIO

    from django.core.management import call_command
    from django.test import override_settings

    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("load_demo", stdout=out)
    return out.getvalue()
