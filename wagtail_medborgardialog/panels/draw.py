"""The draw of a panel page, step by step: invitation codes, the commitment, the draw, the
replacements. The only code that writes a ``PanelDraw``; the admin views call it."""

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models.panels import PanelDraw, PanelInvitation, PanelReplacement, Volunteer
from . import selection

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read from a letter
CODE_LENGTH = 10  # 50 bits: guessing one of a few thousand codes is hopeless
GREEDY_RUNS = 1000


def normalise_code(code):
    return "".join(ch for ch in str(code).upper() if ch.isalnum())


def hash_code(code):
    return selection.sha256_hex("panel-code:" + normalise_code(code))


def generate_codes(page, number):
    """``number`` new one-time codes for ``page``; only their hashes are stored."""
    batch = (
        max(PanelInvitation.objects.filter(page=page).values_list("batch", flat=True), default=0)
        + 1
    )
    codes = [
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)) for _ in range(number)
    ]
    PanelInvitation.objects.bulk_create(
        [PanelInvitation(page=page, code_hash=hash_code(code), batch=batch) for code in codes]
    )
    return batch, codes


def pool_of(page):
    """The anonymised pool of ``page``'s confirmed volunteers, as a selection.Pool."""
    quotas = {(q.category, q.value): (q.min_seats, q.max_seats) for q in page.panel_quotas.all()}
    categories = list(dict.fromkeys(category for category, _value in quotas))
    volunteers = {
        v.pseudonym: {c: v.answers.get(c) for c in categories}
        for v in Volunteer.objects.filter(
            page=page, confirmed_at__isnull=False, withdrawn_at__isnull=True
        ).only("pseudonym", "answers")
    }
    return selection.Pool(volunteers, quotas, page.size, categories=sorted(categories))


@transaction.atomic
def commit(page, user, public_source=""):
    """Freeze the pool, compute the LEXIMIN lottery, choose a secret seed, store the hashes.

    Raises selection.SelectionError (shown to the official) when the quotas cannot be met.
    """
    page = type(page).objects.select_for_update().get(pk=page.pk)
    existing = PanelDraw.objects.filter(page=page).first()
    if existing is not None:
        raise selection.SelectionError(_("This panel already has a published commitment."))
    pool = pool_of(page)
    lottery = selection.leximin(pool)
    snapshot = selection.pool_snapshot(pool)
    published = lottery.to_json()
    seed = secrets.token_hex(32)
    probabilities = lottery.marginals()
    greedy = selection.greedy_probabilities(pool, runs=GREEDY_RUNS, seed=0)
    return PanelDraw.objects.create(
        page=page,
        pool=snapshot,
        pool_hash=selection.sha256_hex(selection.canonical_json(snapshot)),
        lottery=published,
        lottery_hash=selection.sha256_hex(selection.canonical_json(published)),
        seed=seed,
        seed_hash=selection.sha256_hex(seed),
        probabilities=probabilities,
        greedy_probabilities=greedy,
        figures={
            "leximin": selection.fairness(probabilities),
            "greedy": selection.fairness(greedy),
            "greedy_runs": GREEDY_RUNS,
        },
        committed_by=user,
        public_source=public_source.strip(),
    )


def lottery_of(draw):
    pool = selection.pool_from_snapshot(draw.pool)
    return pool, selection.lottery_from_json(pool, draw.lottery)


@transaction.atomic
def run(draw, user, public_value=""):
    """Reveal the seed and draw the panel. A second run changes nothing.

    When the commitment named a public random source, its value (known only after the
    commitment) is required and mixed into the seed.
    """
    draw = PanelDraw.objects.select_for_update().get(pk=draw.pk)
    if draw.is_drawn:
        return draw
    public_value = selection.public_value_normalised(public_value)
    if draw.public_source and not public_value:
        raise selection.SelectionError(
            _("Enter the public random value from the source named in the commitment.")
        )
    if len(public_value) > 200:
        raise selection.SelectionError(_("The public random value is too long."))
    _pool, lottery = lottery_of(draw)
    draw.public_value = public_value if draw.public_source else ""
    draw.panel = selection.draw(lottery, draw.draw_seed())
    draw.drawn_at = timezone.now()
    draw.drawn_by = user
    draw.save(update_fields=["panel", "drawn_at", "drawn_by", "public_value"])
    return draw


def current_panel(draw):
    """The panel after the replacements, in order."""
    panel = list(draw.panel)
    for row in draw.replacements.all():
        panel[panel.index(row.leaving)] = row.joining
    return sorted(panel)


@transaction.atomic
def replace(draw, leaving, user):
    """Draw a replacement for ``leaving`` (a pseudonym on the panel) that keeps the quotas."""
    draw = PanelDraw.objects.select_for_update().get(pk=draw.pk)
    if not draw.is_drawn:
        raise selection.SelectionError(_("The panel has not been drawn yet."))
    panel = current_panel(draw)
    if leaving not in panel:
        raise selection.SelectionError(_("That volunteer is not on the panel."))
    pool, _lottery = lottery_of(draw)
    rows = list(draw.replacements.all())
    number = len(rows) + 1
    excluded = {r.leaving for r in rows}
    joining = selection.replacement(
        pool, panel, leaving, draw.draw_seed(), number, excluded=excluded
    )
    return PanelReplacement.objects.create(
        draw=draw, number=number, leaving=leaving, joining=joining, created_by=user
    )


def verify(snapshot, lottery_json, seed, recompute=True, public_value=""):
    """Re-run a published draw: (panel, recomputed marginals or None)."""
    pool = selection.pool_from_snapshot(snapshot)
    lottery = selection.lottery_from_json(pool, lottery_json)
    panel = selection.draw(lottery, selection.mixed_seed(seed, public_value))
    marginals = selection.leximin(pool).marginals() if recompute else None
    return panel, marginals
