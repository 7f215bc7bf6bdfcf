"""Builders shared by the e-proposal tests."""

import datetime

from tests import factories
from wagtail_medborgardialog import identity
from wagtail_medborgardialog.e_proposals import status
from wagtail_medborgardialog.e_proposals.views import scope
from wagtail_medborgardialog.models import EProposal, EProposalIndexPage

DECISION = {
    "decided_text": "Kommunfullmäktige överlämnar förslaget till tekniska nämnden.",
    "deciding_body": "Kommunfullmäktige",
    "decision_date": datetime.date(2026, 3, 4),
    "case_number": "KS 2026/12",
    "minutes_paragraph": "45",
    "minutes_url": "",
}


def make_index(parent, **fields):
    fields.setdefault("title", "E-förslag")
    fields.setdefault("slug", "e-forslag")
    fields.setdefault("threshold_number", 3)
    fields.setdefault("municipality_name", "Exempelkommun")
    return factories.add_page(parent, EProposalIndexPage, **fields)


def make_proposal(index, title="Fler bänkar i Norrbyparken", **fields):
    fields.setdefault("proposal", "Sätt upp fler bänkar längs gångvägen i parken.")
    fields.setdefault("proposer_name", "Anna Andersson")
    fields.setdefault("proposer_email", "anna@example.se")
    return EProposal.objects.create(page=index, title=title, **fields)


def open_proposal(index, user=None, **fields):
    proposal = make_proposal(index, **fields)
    status.confirm(proposal)
    status.publish(proposal, user)
    return proposal


def sign(proposal, email, confirmed=True, **fields):
    return status.add_signature(
        proposal,
        identity.identity_hash("email", identity.normalise_email(email), scope=scope(proposal)),
        level=identity.IdentityLevel.EMAIL,
        channel=identity.SignatureChannel.ONLINE,
        confirmed=confirmed,
        email=email,
        **fields,
    )


def sv(msgid, **values):
    """``msgid`` as the Swedish pages and e-mails show it (pages follow their locale)."""
    from django.utils import translation

    with translation.override("sv"):
        text = translation.gettext(msgid)
    return text % values if values else text
