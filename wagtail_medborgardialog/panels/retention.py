"""Culling volunteers' personal data after the panel's term.

After ``term_end`` plus ``PANEL_RETENTION_DAYS`` the volunteers' name, e-mail address,
telephone, category answers and identity hash are removed. The draw keeps what verifying it
needs, and nothing more: the anonymised pool (pseudonyms and category values) stored with the
draw. Unconfirmed volunteers are removed once their link has long expired.

The members' personal invitations to a panel's consultation (which member answered) go at the
same time, or earlier: ``PANEL_RETENTION_DAYS`` after the consultation closed
(``panels/consultations.py``).
"""

import datetime

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from ..conf import get_setting
from ..models.panels import AbstractCitizenPanelPage, Volunteer


def due_volunteers(now=None):
    """Volunteers whose panel's term ended more than PANEL_RETENTION_DAYS ago."""
    now = now or timezone.now()
    cutoff = (now - datetime.timedelta(days=get_setting("PANEL_RETENTION_DAYS"))).date()
    page_ids = set()
    for model in _panel_page_models():
        page_ids |= set(model.objects.filter(term_end__lt=cutoff).values_list("pk", flat=True))
    return Volunteer.objects.filter(page_id__in=page_ids, anonymised_at__isnull=True)


def _panel_page_models():
    return [
        model
        for model in apps.get_models()
        if issubclass(model, AbstractCitizenPanelPage) and not model._meta.abstract
    ]


def expired_unconfirmed(now=None):
    now = now or timezone.now()
    age = get_setting("CONFIRMATION_MAX_AGE") + 86400 * get_setting("UNCONFIRMED_RETENTION_DAYS")
    return Volunteer.objects.filter(
        Q(confirmed_at__isnull=True), created_at__lt=now - datetime.timedelta(seconds=age)
    )


def cull(now=None, dry_run=False):
    """(anonymised, deleted) counts."""
    now = now or timezone.now()
    due = due_volunteers(now)
    unconfirmed = expired_unconfirmed(now).exclude(pk__in=due.values("pk"))
    counts = (due.count(), unconfirmed.count())
    if not dry_run:
        from .consultations import cull as cull_invitations  # it imports this module

        cull_invitations(now)
        due.update(
            name="",
            email="",
            phone="",
            answers={},
            identity_hash="",
            anonymised_at=now,
        )
        unconfirmed.delete()
    return counts
