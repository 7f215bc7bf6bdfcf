"""Who may moderate contributions where: a group's right on a page and the pages below it.

A model of its own, not a codename in Wagtail's ``GroupPagePermission``: the group edit
form's page-permission panel offers only ``Page.permission_codenames`` and deletes every
other record of the group when it saves, so a custom codename there would be lost.
"""

from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _


class GroupModerationPermission(models.Model):
    """Members of ``group`` may moderate contributions on ``page`` and its descendants."""

    group = models.ForeignKey(
        Group,
        verbose_name=_("group"),
        on_delete=models.CASCADE,
        related_name="mbd_moderation_permissions",
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="mbd_moderation_permissions",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["group", "page"], name="mbd_unique_moderation_right")
        ]
        verbose_name = _("moderation permission")
        verbose_name_plural = _("moderation permissions")

    def __str__(self):
        return f"{self.group} → {self.page}"
