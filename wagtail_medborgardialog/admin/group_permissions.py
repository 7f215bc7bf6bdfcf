"""The "Moderate contributions" panel on a group's page (Settings → Groups).

One row per page: members of the group moderate contributions on that page and every page
below it. Registered through Wagtail's ``register_group_permission_panel`` hook, like the
collection and site-setting panels, because Wagtail's page-permission panel keeps only its own
permission types.
"""

from django import forms
from django.contrib.auth.models import Group
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.formsets import BaseFormSetMixin
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page

from ..models import GroupModerationPermission


class ModerationPermissionForm(forms.Form):
    page = forms.ModelChoiceField(
        label=_("Page"),
        queryset=Page.objects.all(),
        widget=AdminPageChooser(show_edit_link=False, can_choose_root=True),
    )


class BaseModerationPermissionFormSet(BaseFormSetMixin, forms.BaseFormSet):
    def __init__(self, data=None, files=None, instance=None, prefix="mbd_moderation_permissions"):
        self.instance = instance if instance is not None else Group()
        initial = []
        if self.instance.pk is not None:
            rights = GroupModerationPermission.objects.filter(group=self.instance)
            initial = [
                {"page": right.page}
                for right in rights.select_related("page").order_by("page__path")
            ]
        super().__init__(data, files, initial=initial, prefix=prefix)

    def _kept_forms(self):
        return [
            form
            for form in self.forms
            if form not in self.deleted_forms and form.cleaned_data.get("page")
        ]

    def clean(self):
        if any(self.errors):
            return
        pages = [form.cleaned_data["page"] for form in self._kept_forms()]
        if len(set(pages)) != len(pages):
            raise forms.ValidationError(_("The same page is listed twice."))

    @transaction.atomic
    def save(self):
        if self.instance.pk is None:
            raise ValueError("Save the group before its moderation permissions.")
        wanted = {form.cleaned_data["page"].pk for form in self._kept_forms()}
        rights = GroupModerationPermission.objects.filter(group=self.instance)
        rights.exclude(page_id__in=wanted).delete()
        existing = set(rights.values_list("page_id", flat=True))
        GroupModerationPermission.objects.bulk_create(
            [
                GroupModerationPermission(group=self.instance, page_id=page_id)
                for page_id in sorted(wanted - existing)
            ]
        )

    def as_admin_panel(self):
        return render_to_string(
            "wagtail_medborgardialog/admin/group_moderation_permissions.html",
            {"formset": self},
        )


ModerationPermissionFormSet = forms.formset_factory(
    ModerationPermissionForm,
    formset=BaseModerationPermissionFormSet,
    extra=0,
    can_delete=True,
)
