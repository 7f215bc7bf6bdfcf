"""Snippet viewsets for the plugin's shared vocabulary: topics, areas and contact persons."""

from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import Area, ContactPerson, Topic


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    list_display = ["name", "slug"]
    search_fields = ["name"]


class ContactPersonViewSet(SnippetViewSet):
    model = ContactPerson
    icon = "user"
    list_display = ["name", "title", "email", "phone"]
    search_fields = ["name", "title"]
