"""Fast builders for large datasets: bulk inserts that keep Wagtail's page tree consistent."""

import datetime
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from wagtail.models import Locale, Page, Site

BATCH_SIZE = 500


def add_page(parent, model, **fields):
    """One published page through Wagtail's own API (for the few pages a scenario needs)."""
    fields.setdefault("title", model._meta.verbose_name.title())
    return publish(parent, model(**fields))


def publish(parent, page):
    """Add the unsaved ``page`` below ``parent`` and publish it."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def make_home(slug="bench-home"):
    """A home page served by the only (default) site; earlier sites are removed."""
    from example_site.home.models import HomePage

    Site.objects.all().delete()
    home = add_page(Page.get_first_root_node(), HomePage, title="Exempelkommun", slug=slug)
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    return home


def bulk_add_children(parent, instances):
    """Add unsaved, live page ``instances`` (all of one type) as the last children of ``parent``.

    ``add_child`` costs several queries per page plus a revision; this writes the page rows
    with one bulk insert and the specific rows with one insert each, computing the tree paths
    the way treebeard does. ``Page.find_problems()`` stays empty (the tests check it).
    """
    if not instances:
        return []
    model = type(instances[0])
    content_type = ContentType.objects.get_for_model(model)
    locale = Locale.get_default()
    parent.refresh_from_db()
    last = parent.get_last_child()
    start = Page._str2int(last.path[-Page.steplen :]) if last else 0
    depth = parent.depth + 1
    now = timezone.now()
    page_fields = list(Page._meta.concrete_fields)
    base_rows = []
    for position, page in enumerate(instances, start=start + 1):
        page.path = Page._get_path(parent.path, depth, position)
        page.depth = depth
        page.numchild = 0
        page.content_type = content_type
        page.locale = locale
        page.translation_key = uuid.uuid4()
        page.draft_title = page.title
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.first_published_at or now
        page.last_published_at = page.first_published_at
        base_rows.append(Page(**{f.attname: getattr(page, f.attname) for f in page_fields}))
    with transaction.atomic():
        Page.objects.bulk_create(base_rows, batch_size=BATCH_SIZE)
        for page, row in zip(instances, base_rows, strict=True):
            page.pk = page.page_ptr_id = row.pk
            # raw: only the specific table; the page row above is the parent.
            page.save_base(raw=True, force_insert=True)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(instances))
    parent.refresh_from_db()
    return instances


def published_contributions(page, count, status=None):
    """``count`` contributions on ``page`` in one bulk insert; published unless ``status``."""
    from wagtail_medborgardialog.models import Contribution, ContributionStatus

    status = status or ContributionStatus.PUBLISHED
    now = timezone.now()
    published = status == ContributionStatus.PUBLISHED
    rows = [
        Contribution(
            page_id=page.pk,
            text=f"Synpunkt nummer {n}: fler träd, bättre belysning och en säker gångväg.",
            display_name=f"Invånare {n}" if n % 3 else "",
            email=f"invanare{n}@example.se",
            organisation="Norrby IF" if n % 10 == 0 else "",
            status=status,
            created_at=now - datetime.timedelta(minutes=n),
            confirmed_at=now - datetime.timedelta(minutes=n),
            published_at=now - datetime.timedelta(minutes=n) if published else None,
        )
        for n in range(count)
    ]
    Contribution.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return rows


def processes(index, count, topics=(), areas=()):
    """``count`` live processes below ``index``, each with SKR's seven steps and some tags."""
    from wagtail_medborgardialog.models import DialogueProcessPage, ProcessStep, StepStatus
    from wagtail_medborgardialog.processes.status import StepsProgress

    today = timezone.localdate()
    pages = [
        DialogueProcessPage(
            title=f"Dialog {n}",
            slug=f"dialog-{n}",
            question=f"Hur vill du att område {n} ska utvecklas?",
            start_date=today - datetime.timedelta(days=30),
            first_published_at=timezone.now() - datetime.timedelta(minutes=n),
            # The stored summary of the steps below (written by save(), bypassed here).
            steps_progress=StepsProgress.STARTED if n % 2 == 0 else StepsProgress.NOT_STARTED,
            current_skr_step=2 if n % 2 == 0 else None,
            current_step_title="Inhämta perspektiv" if n % 2 == 0 else "",
        )
        for n in range(count)
    ]
    bulk_add_children(index, pages)
    steps = []
    for n, page in enumerate(pages):
        # Every other process is ongoing (step 2 started), the rest planned.
        for position, (skr_step, title) in enumerate(
            [(1, "Förberedelse"), (2, "Inhämta perspektiv"), (3, "Dialog"), (4, "Förslag")]
            + [(5, "Beslut"), (6, "Genomförande"), (7, "Kapacitetsbyggande")]
        ):
            status = StepStatus.NOT_STARTED
            if n % 2 == 0 and position == 0:
                status = StepStatus.DONE
            elif n % 2 == 0 and position == 1:
                status = StepStatus.ONGOING
            steps.append(
                ProcessStep(
                    page_id=page.pk,
                    skr_step=skr_step,
                    title=title,
                    status=status,
                    sort_order=position,
                )
            )
    ProcessStep.objects.bulk_create(steps, batch_size=BATCH_SIZE)
    for relation, values in (("topics", topics), ("areas", areas)):
        if not values:
            continue
        field = getattr(DialogueProcessPage, relation).field
        source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
        field.remote_field.through.objects.bulk_create(
            [
                field.remote_field.through(
                    **{f"{source}_id": page.pk, f"{target}_id": values[n % len(values)].pk}
                )
                for n, page in enumerate(pages)
            ],
            batch_size=BATCH_SIZE,
        )
    return pages


def standard_children(parent, count):
    from example_site.home.models import StandardPage

    pages = [
        StandardPage(
            title=f"Sida {n}",
            slug=f"sida-{n}",
            body="<p>Innehåll.</p>",
            first_published_at=timezone.now() - datetime.timedelta(minutes=n),
        )
        for n in range(count)
    ]
    return bulk_add_children(parent, pages)


def notices(count):
    from example_site.home.models import Notice

    now = timezone.now()
    rows = [
        Notice(
            title=f"Meddelande {n}",
            body="Vattnet stängs av på Storgatan under tisdagen.",
            created_at=now - datetime.timedelta(minutes=n),
        )
        for n in range(count)
    ]
    Notice.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return rows
