"""The permission module: the right to moderate contributions, scoped to the page tree.

Also the group edit form that grants it, and the migration that keeps existing moderators.
"""

import importlib
from html.parser import HTMLParser

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.http import Http404
from django.urls import reverse
from wagtail.models import GroupPagePermission

from tests import factories
from wagtail_medborgardialog import permissions
from wagtail_medborgardialog.models import ContributionStatus, GroupModerationPermission

pytestmark = pytest.mark.django_db

S = ContributionStatus


def make_member(username, *, moderate=(), publish=(), active=True):
    group = Group.objects.create(name=f"Grupp {username}")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for page in moderate:
        GroupModerationPermission.objects.create(group=group, page=page)
    for page in publish:
        GroupPagePermission.objects.create(group=group, page=page, permission_type="publish")
    user = get_user_model().objects.create_user(
        username, f"{username}@example.se", "pw", is_active=active
    )
    user.groups.add(group)
    return user


@pytest.fixture
def tree(index):
    """Two processes side by side under the index, and a second site with its own process."""
    north = factories.make_process(index, title="Norr", slug="norr")
    south = factories.make_process(index, title="Söder", slug="soder")
    other_home = factories.make_home(hostname="annan.example", title="Annankommun")
    other_index = factories.make_index(other_home, slug="dialoger")
    other = factories.make_process(other_index, title="Annans park", slug="annans-park")
    return {"index": index, "north": north, "south": south, "other": other}


def test_publish_permission_alone_does_not_make_a_moderator(tree):
    publisher = make_member("politiker", publish=[tree["index"]])
    assert not permissions.can_moderate(publisher, tree["north"])
    assert not permissions.moderatable_pages(publisher).exists()
    assert not permissions.may_moderate_anywhere(publisher)
    assert publisher not in permissions.moderators_of(tree["north"])


def test_the_right_covers_the_page_and_everything_below_it_and_nothing_else(tree):
    leader = make_member("ledare", moderate=[tree["north"]])
    child = factories.make_process(tree["north"], title="Delprocess", slug="del")
    assert permissions.can_moderate(leader, tree["north"])
    assert permissions.can_moderate(leader, child)
    assert not permissions.can_moderate(leader, tree["south"])
    assert not permissions.can_moderate(leader, tree["index"])
    assert not permissions.can_moderate(leader, tree["other"])
    pages = set(permissions.moderatable_pages(leader).values_list("pk", flat=True))
    assert pages == {tree["north"].pk, child.pk}


def test_a_contribution_is_judged_by_its_page(tree):
    leader = make_member("ledare", moderate=[tree["north"]])
    ours = factories.make_contribution(tree["north"], status=S.PENDING)
    theirs = factories.make_contribution(tree["south"], status=S.PENDING)
    assert permissions.can_moderate(leader, ours)
    assert not permissions.can_moderate(leader, theirs)
    assert list(permissions.moderatable_contributions(leader)) == [ours]


def test_superusers_moderate_everything_and_inactive_or_anonymous_users_nothing(tree):
    from django.contrib.auth.models import AnonymousUser

    admin = get_user_model().objects.create_superuser("admin", "admin@example.se", "pw")
    gone = make_member("slutat", moderate=[tree["index"]], active=False)
    contribution = factories.make_contribution(tree["other"])
    assert permissions.can_moderate(admin, tree["other"])
    assert list(permissions.moderatable_contributions(admin)) == [contribution]
    for user in (gone, AnonymousUser(), None):
        assert not permissions.can_moderate(user, tree["north"])
        assert not permissions.moderatable_pages(user).exists()
        assert not permissions.moderatable_contributions(user).exists()


def test_moderators_of_a_page_are_the_members_of_groups_with_the_right_above_it(tree):
    leader = make_member("ledare", moderate=[tree["index"]])
    north_only = make_member("norr", moderate=[tree["north"]])
    make_member("soder", moderate=[tree["south"]])
    make_member("politiker", publish=[tree["index"]])
    make_member("slutat", moderate=[tree["index"]], active=False)
    make_member("annan", moderate=[tree["other"]])
    admin = get_user_model().objects.create_superuser("admin", "admin@example.se", "pw")
    assert set(permissions.moderators_of(tree["north"])) == {leader, north_only, admin}


def test_a_malformed_or_foreign_id_is_a_404(tree):
    leader = make_member("ledare", moderate=[tree["north"]])
    theirs = factories.make_contribution(tree["other"])
    for pk in ("abc", "1.5", "", str(theirs.pk)):
        with pytest.raises(Http404):
            permissions.get_contribution_or_404(leader, pk)


def test_only_public_contributions_one_moderates_can_be_cited(tree):
    leader = make_member("ledare", moderate=[tree["north"]])
    published = factories.make_contribution(tree["north"], status=S.PUBLISHED)
    factories.make_contribution(tree["north"], status=S.PENDING)
    factories.make_contribution(tree["other"], status=S.PUBLISHED)
    assert list(permissions.citable_contributions(leader)) == [published]


def test_the_data_migration_gives_every_publishing_group_the_right_where_it_publishes(tree):
    migration = importlib.import_module(
        "wagtail_medborgardialog.migrations.0005_moderation_permissions"
    )
    publisher = make_member("styrgrupp", publish=[tree["north"]])
    editors = Group.objects.create(name="Redaktörer")
    GroupPagePermission.objects.create(group=editors, page=tree["south"], permission_type="change")

    migration.grant_to_publishers(django_apps, None)
    migration.grant_to_publishers(django_apps, None)  # twice: nothing doubles

    granted = set(GroupModerationPermission.objects.values_list("group__name", "page_id"))
    publishing = set(
        GroupPagePermission.objects.filter(permission__codename="publish_page").values_list(
            "group__name", "page_id"
        )
    )
    # Wagtail's own "Moderators" group publishes from the root, so it is among them.
    assert (publisher.groups.get().name, tree["north"].pk) in granted
    assert granted == publishing
    assert not GroupModerationPermission.objects.filter(group=editors).exists()
    assert GroupModerationPermission.objects.count() == len(publishing)


# --- the group edit form -----------------------------------------------------------------


class FormFields(HTMLParser):
    """The fields a browser would send for the first form with method="post"."""

    def __init__(self):
        super().__init__()
        self.data, self._depth, self._done, self._select, self._textarea = [], 0, False, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post" and not self._done:
            self._depth += 1
        if not self._depth or self._done:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            default = "on" if attrs.get("type") in ("checkbox", "radio") else ""
            self.data.append((name, attrs.get("value", default)))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.append((name, ""))
        elif tag == "template":
            self._depth += 100  # the empty-form template is not part of the submission

    def handle_endtag(self, tag):
        if tag == "template" and self._depth > 100:
            self._depth -= 100
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form" and self._depth:
            self._done = True

    def handle_data(self, data):
        if self._textarea and self.data and self.data[-1][0] == self._textarea:
            self.data[-1] = (self._textarea, self.data[-1][1] + data)


def form_data(html):
    parser = FormFields()
    parser.feed(html)
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return data


PREFIX = "mbd_moderation_permissions"


def test_an_administrator_grants_and_removes_the_right_on_the_groups_page(admin_client, tree):
    group = Group.objects.create(name="Moderatorer Norr")
    url = reverse("wagtailusers_groups:edit", args=[group.pk])
    html = admin_client.get(url).content.decode()
    assert "Moderate contributions" in html or "Moderera synpunkter" in html

    data = form_data(html)
    data.update(
        {
            f"{PREFIX}-TOTAL_FORMS": ["2"],
            f"{PREFIX}-0-page": [str(tree["north"].pk)],
            f"{PREFIX}-0-DELETE": [""],
            f"{PREFIX}-1-page": [str(tree["other"].pk)],
            f"{PREFIX}-1-DELETE": [""],
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(group.mbd_moderation_permissions.values_list("page_id", flat=True)) == {
        tree["north"].pk,
        tree["other"].pk,
    }

    # Saving the group again unchanged keeps the right (Wagtail's page panel would drop a
    # custom codename here); deleting a row removes only that page.
    data = form_data(admin_client.get(url).content.decode())
    assert data[f"{PREFIX}-TOTAL_FORMS"] == ["2"]
    assert admin_client.post(url, data).status_code == 302
    assert group.mbd_moderation_permissions.count() == 2
    row = next(i for i in (0, 1) if data[f"{PREFIX}-{i}-page"] == [str(tree["other"].pk)])
    data[f"{PREFIX}-{row}-DELETE"] = ["1"]
    assert admin_client.post(url, data).status_code == 302
    assert list(group.mbd_moderation_permissions.values_list("page_id", flat=True)) == [
        tree["north"].pk
    ]


def test_the_same_page_twice_is_refused_with_the_form_kept(admin_client, tree):
    group = Group.objects.create(name="Moderatorer")
    url = reverse("wagtailusers_groups:edit", args=[group.pk])
    data = form_data(admin_client.get(url).content.decode())
    data.update(
        {
            f"{PREFIX}-TOTAL_FORMS": ["2"],
            f"{PREFIX}-0-page": [str(tree["north"].pk)],
            f"{PREFIX}-1-page": [str(tree["north"].pk)],
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "The same page is listed twice." in response.content.decode() or (
        "Samma sida finns två gånger." in response.content.decode()
    )
    assert not GroupModerationPermission.objects.filter(group=group).exists()


def test_the_migration_takes_text_and_names_out_of_contribution_log_labels(tree):
    from wagtail.models import ModelLogEntry

    from wagtail_medborgardialog.contributions import moderation

    migration = importlib.import_module(
        "wagtail_medborgardialog.migrations.0005_moderation_permissions"
    )
    admin = get_user_model().objects.create_superuser("admin", "admin@example.se", "pw")
    contribution = factories.make_contribution(
        tree["north"], text="Hemlig text", display_name="Anna", status=S.PENDING
    )
    moderation.approve(contribution, admin)
    entry = ModelLogEntry.objects.get(object_id=str(contribution.pk))
    assert entry.label == f"#{contribution.pk}"
    ModelLogEntry.objects.filter(pk=entry.pk).update(label="Anna: Hemlig text")  # as before

    migration.neutral_log_labels(django_apps, None)

    entry.refresh_from_db()
    assert entry.label == f"#{contribution.pk}"
