"""Builders of the e-proposal scenarios: a proposal page with its signatures, and the index."""

import hashlib
from datetime import timedelta

from django.utils import timezone

from . import data


def _index(home, slug, **fields):
    from wagtail_medborgardialog.models import EProposalIndexPage

    return data.add_page(
        home,
        EProposalIndexPage,
        title="E-förslag",
        slug=slug,
        threshold_number=10**6,
        municipality_name="Exempelkommun",
        **fields,
    )


def _open(index, title, signatures=0):
    from wagtail_medborgardialog.models import EProposal, EProposalStatus

    now = timezone.now()
    return EProposal.objects.create(
        page=index,
        title=title,
        proposal="Sätt upp fler bänkar längs gångvägen i parken, och belysning vid bron.",
        why="Äldre behöver vila, och vägen är mörk på vintern.",
        proposer_name="Anna Andersson",
        status=EProposalStatus.OPEN,
        confirmed_at=now,
        screened_at=now,
        opened_at=now,
        window_ends_at=now + timedelta(days=90),
        threshold=10**6,
        signature_count=signatures,
        online_count=signatures,
    )


def proposal_page(home, size, slug):
    """An open proposal with ``size`` confirmed signatures, one in ten showing a name."""
    from wagtail_medborgardialog.models import Signature

    from .scenarios import Probe

    index = _index(home, slug)
    proposal = _open(index, "Fler bänkar i Norrbyparken", size)
    now = timezone.now()
    batch = []
    for n in range(size):
        batch.append(
            Signature(
                proposal=proposal,
                identity_hash=hashlib.sha256(f"{proposal.pk}:{n}".encode()).hexdigest(),
                level="email",
                confirmed_at=now,
                display_name=f"Invånare {n}" if n % 10 == 0 else "",
            )
        )
        if len(batch) == 5000:
            Signature.objects.bulk_create(batch)
            batch = []
    Signature.objects.bulk_create(batch)
    return Probe(f"{index.url}{proposal.pk}/")


def index_page(home, size, slug):
    """The e-förslag index with ``size`` open proposals, each with a topic and an area."""
    from wagtail_medborgardialog.models import Area, EProposal, Topic

    from .scenarios import Probe

    topic = Topic.objects.get_or_create(slug="parker", defaults={"name": "Parker"})[0]
    area = Area.objects.get_or_create(slug="norrby", defaults={"name": "Norrby"})[0]
    index = _index(home, slug)
    for start in range(0, size, 1000):
        for n in range(start, min(size, start + 1000)):
            _open(index, f"Förslag {n}")
    proposals = list(EProposal.objects.filter(page=index).values_list("pk", flat=True))
    EProposal.topics.through.objects.bulk_create(
        EProposal.topics.through(eproposal_id=pk, topic_id=topic.pk) for pk in proposals
    )
    EProposal.areas.through.objects.bulk_create(
        EProposal.areas.through(eproposal_id=pk, area_id=area.pk) for pk in proposals
    )
    return Probe(index.url)
