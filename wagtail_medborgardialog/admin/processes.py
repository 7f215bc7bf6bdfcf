"""Admin for dialogue processes: one flat listing of every process page."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.pages import PageListingViewSet

from ..models import DialogueProcessPage


class DialogueProcessListingViewSet(PageListingViewSet):
    """Every dialogue process in one flat list, wherever it sits in the page tree."""

    model = DialogueProcessPage
    icon = "list-ol"
    menu_label = _("Citizen dialogues")
    add_to_admin_menu = True
    name = "medborgardialoger"
