"""Proposals are public records: their index page cannot be deleted while it has any. An editor
who may delete pages is told why in the admin, for the index and for a page above it, one by
one or in bulk."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import ProtectedError
from django.urls import reverse

from tests import factories
from tests.e_proposal_helpers import make_index, make_proposal
from wagtail_medborgardialog import workflows
from wagtail_medborgardialog.admin.e_proposals import _proposals_below
from wagtail_medborgardialog.models import EProposal, EProposalIndexPage

pytestmark = pytest.mark.django_db


def make_leader(home):
    """A process leader (a setup group) who is also in the site's own web editors' group,
    which may delete pages (no setup group may)."""
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission

    workflows.setup_defaults()
    editors = Group.objects.create(name="Webbredaktörer")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page", "delete_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=editors,
            page=home,
            permission=Permission.objects.get(codename=codename),
        )
    user = get_user_model().objects.create_user("ledare", "ledare@exempelkommun.se", "x")
    user.groups.add(Group.objects.get(name=workflows.PROCESS_LEADERS), editors)
    return user


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []


def test_deleting_an_index_with_proposals_is_refused_with_a_message(client, home):
    index = make_index(home)
    make_proposal(index)
    section = factories.add_page(home, EProposalIndexPage, title="Sektion", slug="sektion")
    below = make_index(section, slug="e-forslag-under")
    make_proposal(below)
    client.force_login(make_leader(home))
    url = reverse("wagtailadmin_pages:delete", args=[index.pk])
    response = client.post(url, {}, follow=True)
    assert response.status_code == 200
    text = " ".join(messages_of(response))
    assert "kan inte tas bort" in text and "allmänna handlingar" in text
    assert EProposalIndexPage.objects.filter(pk=index.pk).exists()
    assert EProposal.objects.filter(page=index).count() == 1
    # A page above an index counts the proposals below it (the hook refuses it the same way).
    assert _proposals_below([section]) == 1 and _proposals_below([home]) == 2


def test_bulk_delete_is_refused_too(client, home):
    index = make_index(home)
    make_proposal(index)
    client.force_login(make_leader(home))
    url = reverse("wagtail_bulk_action", args=("wagtailcore", "page", "delete"))
    response = client.post(f"{url}?id={index.pk}", {}, follow=True)
    assert "kan inte tas bort" in " ".join(messages_of(response))
    assert EProposalIndexPage.objects.filter(pk=index.pk).exists()


def test_an_index_without_proposals_is_deleted_as_usual(client, home):
    index = make_index(home)
    client.force_login(make_leader(home))
    client.post(reverse("wagtailadmin_pages:delete", args=[index.pk]))
    assert not EProposalIndexPage.objects.filter(pk=index.pk).exists()


def test_code_that_deletes_the_index_gets_protected_error(home):
    index = make_index(home)
    make_proposal(index)
    with pytest.raises(ProtectedError):
        index.delete()
