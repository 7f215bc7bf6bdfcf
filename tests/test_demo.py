from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Page, Revision, Site, WorkflowPage

from wagtail_medborgardialog.models import (
    ContactPerson,
    Decision,
    DialogueIndexPage,
    DialogueProcessPage,
    ProcessStep,
    Topic,
)

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "pages": list(Page.objects.order_by("path").values_list("path", "slug", "live")),
        "revisions": Revision.objects.count(),
        "sites": list(Site.objects.values_list("hostname", "root_page_id", "is_default_site")),
        "users": list(get_user_model().objects.values_list("username", "is_superuser")),
        "steps": list(ProcessStep.objects.order_by("pk").values_list("pk", "status")),
        "topics": list(Topic.objects.values_list("slug", flat=True)),
        "contacts": list(ContactPerson.objects.values_list("name", flat=True)),
        "groups": list(Group.objects.values_list("name", flat=True)),
        "workflows": list(WorkflowPage.objects.values_list("page_id", "workflow__name")),
        "decisions": Decision.objects.count(),
    }


def test_load_demo_builds_exempelkommun_and_prints_the_login():
    out = StringIO()
    call_command("load_demo", stdout=out)
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific.title == "Exempelkommun"
    assert DialogueIndexPage.objects.live().count() == 1
    assert DialogueProcessPage.objects.live().count() >= 3
    statuses = {page.process_status for page in DialogueProcessPage.objects.live()}
    assert statuses == {"planned", "ongoing", "closed"}
    assert "user: admin" in out.getvalue()
    assert get_user_model().objects.get(username="admin").is_superuser


def test_load_demo_twice_changes_nothing():
    call_command("load_demo", stdout=StringIO())
    first = snapshot()
    call_command("load_demo", stdout=StringIO())
    assert snapshot() == first


def test_demo_home_and_admin_login_answer(client):
    call_command("load_demo", stdout=StringIO())
    home = client.get("/")
    assert home.status_code == 200
    assert "Exempelkommun" in home.text
    assert client.get("/admin/login/").status_code == 200
    assert client.get("/medborgardialoger/").status_code == 200
    assert client.get("/medborgardialoger/nya-parken-i-norrby/").status_code == 200


def test_load_demo_sets_up_the_workflows_with_a_user_per_group():
    from wagtail.models import Workflow

    from wagtail_medborgardialog import workflows

    call_command("load_demo", stdout=StringIO())

    assert Workflow.objects.filter(name=workflows.REVIEW_WORKFLOW).exists()
    User = get_user_model()
    for username, group in [
        ("processledare", workflows.PROCESS_LEADERS),
        ("styrgrupp", workflows.STEERING_GROUP),
        ("beslutande", workflows.DECIDING_BODY),
    ]:
        user = User.objects.get(username=username)
        assert user.check_password("exempelkommun")
        assert user.groups.filter(name=group).exists()
    assert Group.objects.get(name=workflows.DECIDING_BODY).user_set.count() == 1


def test_demo_process_shows_its_decision(client):
    call_command("load_demo", stdout=StringIO())

    response = client.get("/medborgardialoger/trygghet-i-centrum/")

    assert "Beslutat av Kommunstyrelsen 2026-03-04, § 45, dnr KS 2026/45" in response.text


def test_demo_has_an_open_and_a_closed_consultation_with_responses():
    from wagtail_medborgardialog.models import ConsultationAnswer, ConsultationPage

    call_command("load_demo", stdout=StringIO())
    answers = ConsultationAnswer.objects.count()
    pages = {page.slug: page for page in ConsultationPage.objects.live()}
    open_page = pages["samrad-om-parkens-utformning"]
    closed = pages["perspektivinsamling-trygghet"]
    assert open_page.is_open_for_contributions() and not closed.is_open_for_contributions()
    assert closed.feedback
    assert {q.kind for q in closed.questions.all()} == {"text", "single", "multiple", "scale"}
    assert closed.public_contributions().filter(stakeholder__isnull=False).exists()
    assert closed.public_contributions().filter(stakeholder__isnull=True).exists()
    assert open_page.invited_stakeholders.count() == 3
    call_command("load_demo", stdout=StringIO())
    assert ConsultationAnswer.objects.count() == answers
