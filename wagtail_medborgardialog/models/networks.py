"""Networks: a page for organisations working on something together (for example municipalities
developing community contracts), with its member organisations, its meeting series (the
meetings on the page) and an intresseanmälan to join, verified by e-mail and reviewed in the
admin (admin/meetings.py).

A site composes its own network page from ``AbstractNetworkPage`` as with the other page types.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from .base import AbstractMedborgardialogPage

PAGE_MODEL = getattr(settings, "WAGTAIL_PAGE_MODEL", "wagtailcore.Page")
NETWORK_TEMPLATE = "wagtail_medborgardialog/meetings/network_page.html"

#: The fields an editor may ask for in the intresseanmälan (name and e-mail always).
INTEREST_FIELDS = ("organisation", "role", "municipality", "phone", "message")


class InterestStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Not confirmed")
    RECEIVED = "received", _("To review")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class AbstractNetworkPage(AbstractMedborgardialogPage):
    """A network with its members, meetings and intresseanmälan."""

    description = RichTextField(_("description"), blank=True)
    ask_organisation = models.BooleanField(_("ask for the organisation"), default=True)
    ask_role = models.BooleanField(_("ask for the role"), default=True)
    ask_municipality = models.BooleanField(_("ask for the municipality"), default=True)
    ask_phone = models.BooleanField(_("ask for a phone number"), default=False)
    ask_message = models.BooleanField(_("ask for a message"), default=True)
    interest_open = models.BooleanField(
        _("intresseanmälan open"),
        default=True,
        help_text=_("Untick to close the form at once: it then says “Intresseanmälan är stängd”."),
    )
    interest_closes_at = models.DateTimeField(_("intresseanmälan closes"), null=True, blank=True)
    contact_name = models.CharField(_("contact"), max_length=255, blank=True)
    contact_email = models.EmailField(_("contact's e-mail"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        InlinePanel("network_members", heading=_("Member organisations"), label=_("member")),
        MultiFieldPanel(
            [
                FieldPanel("interest_open"),
                FieldPanel("interest_closes_at"),
                FieldPanel("ask_organisation"),
                FieldPanel("ask_role"),
                FieldPanel("ask_municipality"),
                FieldPanel("ask_phone"),
                FieldPanel("ask_message"),
                FieldPanel("contact_name"),
                FieldPanel("contact_email"),
            ],
            heading=_("Intresseanmälan"),
        ),
    ]
    subpage_types = []
    template = NETWORK_TEMPLATE

    class Meta:
        abstract = True

    def asked_fields(self):
        return [name for name in INTEREST_FIELDS if getattr(self, f"ask_{name}")]

    def interest_is_open(self, now=None):
        if not self.interest_open:
            return False
        return not (self.interest_closes_at and self.interest_closes_at <= (now or timezone.now()))

    def get_template(self, request, *args, **kwargs):
        own = super().get_template(request, *args, **kwargs)
        return own if own == NETWORK_TEMPLATE else [own, NETWORK_TEMPLATE]

    def get_context(self, request, *args, **kwargs):
        from ..meetings.networks import network_context  # the views import the models

        context = super().get_context(request, *args, **kwargs)
        context.update(network_context(self, request, kwargs.get("interest_form")))
        return context

    @path("intresse/", name="network_interest")
    def interest_route(self, request):
        from ..meetings.networks import submit_interest

        return submit_interest(request, self)

    @path("intresse/bekrafta/<str:token>/", name="network_interest_confirm")
    def interest_confirm_route(self, request, token):
        from ..meetings.networks import confirm_interest

        return confirm_interest(request, self, token)


class NetworkPage(AbstractNetworkPage):
    """A network ("Nätverk")."""

    template = NETWORK_TEMPLATE

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")


class NetworkMember(Orderable):
    """A member organisation of a network."""

    page = ParentalKey(PAGE_MODEL, on_delete=models.CASCADE, related_name="network_members")
    name = models.CharField(_("organisation"), max_length=255)
    url = models.URLField(_("web address"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self):
        return self.name


class NetworkInterest(models.Model):
    """An intresseanmälan to join a network: personal data, reviewed by the organiser."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("network"),
        on_delete=models.CASCADE,
        related_name="mbd_network_interests",
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    municipality = models.CharField(_("municipality"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    message = models.TextField(_("message"), blank=True)
    identity_hash = models.CharField(max_length=64, null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InterestStatus.choices,
        default=InterestStatus.UNCONFIRMED,
        db_index=True,
    )
    language = models.CharField(_("language"), max_length=10, blank=True, editable=False)
    created_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True, editable=False)
    anonymised_at = models.DateTimeField(
        _("personal details removed"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("intresseanmälan to a network")
        verbose_name_plural = _("intresseanmälningar to networks")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "identity_hash"], name="mbd_network_interest_one_per_person"
            )
        ]

    def __str__(self):
        if self.anonymised_at:
            return f"#{self.pk} ({self.get_status_display()})"
        return f"{self.name} ({self.get_status_display()})"
