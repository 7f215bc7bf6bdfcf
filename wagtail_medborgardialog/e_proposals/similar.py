"""Similar earlier proposals, shown to a proposer before sending and to the screening moderators.

On PostgreSQL with the ``pg_trgm`` extension installed the database ranks the candidates by
trigram similarity of title and text (``django.contrib.postgres``'s ``TrigramSimilarity``).
Elsewhere (SQLite, or PostgreSQL without the extension) a portable fallback ranks them by
word overlap in Python: the share of the new proposal's words (three letters or more, case
folded) found in the earlier one's title and text. The fallback reads at most
``FALLBACK_CANDIDATES`` of the newest earlier proposals.
"""

import re

from django.db import connection
from django.db.models import TextField, Value
from django.db.models.functions import Concat

from ..models import EProposal, EProposalStatus

LIMIT = 5
TRIGRAM_MIN = 0.15
OVERLAP_MIN = 0.3
FALLBACK_CANDIDATES = 500

_trigram_available = {}


def trigram_available():
    """Whether the database can rank by trigram similarity (checked once per database)."""
    alias = connection.alias
    if alias not in _trigram_available:
        available = False
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
                available = cursor.fetchone() is not None
        _trigram_available[alias] = available
    return _trigram_available[alias]


def words(text):
    return {word for word in re.findall(r"\w{3,}", (text or "").casefold()) if not word.isdigit()}


def candidates(page, exclude_pk=None):
    """Earlier proposals of the index that went past the proposer's confirmation."""
    queryset = (
        EProposal.objects.filter(page_id=page.pk)
        .exclude(status=EProposalStatus.SUBMITTED)
        .select_related("answer", "referral")
    )
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return queryset


def similar_proposals(page, title, text="", exclude_pk=None, limit=LIMIT):
    """Up to ``limit`` earlier proposals like ``title`` and ``text``, most similar first;
    each carries ``similarity`` (0..1) and ``within_repeat_ban`` (newer than the ban)."""
    query = f"{title} {text}".strip()
    if not query:
        return []
    if trigram_available():
        from django.contrib.postgres.search import TrigramSimilarity

        found = list(
            candidates(page, exclude_pk)
            .annotate(
                similarity=TrigramSimilarity(
                    Concat("title", Value(" "), "proposal", output_field=TextField()), query
                )
            )
            .filter(similarity__gte=TRIGRAM_MIN)
            .order_by("-similarity", "-created_at")[:limit]
        )
    else:
        wanted = words(query)
        if not wanted:
            return []
        scored = []
        for proposal in candidates(page, exclude_pk).order_by("-created_at")[:FALLBACK_CANDIDATES]:
            share = len(wanted & words(f"{proposal.title} {proposal.proposal}")) / len(wanted)
            if share >= OVERLAP_MIN:
                proposal.similarity = share
                scored.append(proposal)
        scored.sort(key=lambda p: (-p.similarity, -p.created_at.timestamp()))
        found = scored[:limit]
    ban_start = page.specific.repeat_ban_start() if hasattr(page, "specific") else None
    for proposal in found:
        proposal.within_repeat_ban = bool(ban_start and proposal.created_at.date() >= ban_start)
    return found
