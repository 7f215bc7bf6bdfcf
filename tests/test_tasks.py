"""Background work runs on the tasks framework of the running Django, under the site's TASKS.

Django 6 reads TASKS for ``django.tasks``; on Django 5.2 the ``django-tasks`` backport reads it.
Wagtail defines its own tasks with the backport on every Django version, and the backport reads
TASKS too, so on Django 6 one setting serves both frameworks.
"""

import importlib

import django
import pytest
from django.core import mail
from wagtail.models import ReferenceIndex

from tests.test_contributions import submit
from wagtail_medborgardialog import notifications, tasks
from wagtail_medborgardialog.models import Contribution

pytestmark = pytest.mark.usefixtures("run_on_commit", "fast_forms")

DJANGO_6 = django.VERSION >= (6, 0)
FRAMEWORK = "django.tasks" if DJANGO_6 else "django_tasks"
PLUGIN_TASKS = [
    notifications.send_confirmation,
    notifications.notify_author,
    notifications.notify_moderators,
    notifications.send_consultation_reminder,
]
# The backend paths a site can have in TASKS on the running Django: Django 6's own, and (from
# before the upgrade) the backport's.
IMMEDIATE_BACKENDS = [
    "django_tasks.backends.immediate.ImmediateBackend",
    *(["django.tasks.backends.immediate.ImmediateBackend"] if DJANGO_6 else []),
]
DUMMY_BACKENDS = [
    "django_tasks.backends.dummy.DummyBackend",
    *(["django.tasks.backends.dummy.DummyBackend"] if DJANGO_6 else []),
]


def dotted_path(cls):
    return f"{cls.__module__}.{cls.__qualname__}"


def test_the_plugin_uses_the_tasks_framework_of_the_running_django():
    framework = importlib.import_module(FRAMEWORK)
    assert tasks.task is framework.task
    assert tasks.task_backends is framework.task_backends
    assert tasks.BACKENDS_MODULE == f"{FRAMEWORK}.backends"


def test_each_of_the_plugins_tasks_is_made_by_the_backend_in_tasks(settings):
    # Both frameworks' decorators make a task of the configured backend's task class.
    for task in PLUGIN_TASKS:
        backend = task.get_backend()
        assert dotted_path(type(backend)) == settings.TASKS["default"]["BACKEND"]
        assert type(task) is backend.task_class
        assert type(task).__module__ == f"{FRAMEWORK}.base"


def test_the_example_site_and_the_tests_name_the_backend_of_that_framework(settings):
    from example_site import settings as example_settings

    expected = f"{FRAMEWORK}.backends.immediate.ImmediateBackend"
    assert example_settings.TASKS["default"]["BACKEND"] == expected
    assert settings.TASKS["default"]["BACKEND"] == expected


@pytest.mark.parametrize("backend", IMMEDIATE_BACKENDS)
def test_the_confirmation_email_goes_out_with_the_backend_the_site_configured(
    client, process, settings, backend
):
    settings.TASKS = {"default": {"BACKEND": backend}}
    assert (
        type(notifications.send_confirmation.get_backend()).__module__ == backend.rsplit(".", 1)[0]
    )

    response = submit(client, process)

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["anna@example.se"]]
    assert "/bekrafta/" in mail.outbox[0].body


@pytest.mark.parametrize("backend", DUMMY_BACKENDS)
def test_a_queueing_backend_gets_the_email_instead_of_sending_it_inline(
    client, process, settings, backend
):
    settings.TASKS = {"default": {"BACKEND": backend}}
    queue = notifications.send_confirmation.get_backend()
    queue.clear()

    submit(client, process)

    assert mail.outbox == []
    contribution = Contribution.objects.get()
    # Wagtail's own tasks (search and reference index) are queued next to it.
    [queued] = [r for r in queue.results if r.task.func is notifications.send_confirmation.func]
    assert queued.args[0] == contribution.pk
    assert "/bekrafta/" in queued.args[1]


@pytest.mark.parametrize("backend", IMMEDIATE_BACKENDS)
def test_wagtails_own_tasks_run_under_the_same_setting(process, settings, backend):
    # Wagtail defines its tasks with the backport's decorator; the backport reads the same
    # TASKS, so on Django 6 they run on the backend it names even when that is Django's own.
    from django_tasks import task_backends
    from wagtail.tasks import update_reference_index_task

    settings.TASKS = {"default": {"BACKEND": backend}}
    assert dotted_path(type(task_backends["default"])) == backend
    ReferenceIndex.objects.all().delete()

    result = update_reference_index_task.enqueue("wagtailcore", "page", process.pk)

    assert result.status == "SUCCESSFUL", result.errors


@pytest.mark.parametrize("backend", DUMMY_BACKENDS)
def test_the_confirmation_is_queued_when_the_contribution_commits_not_before(
    process, settings, backend, django_capture_on_commit_callbacks, monkeypatch
):
    # A worker of a separate queue must never get a task for a row it cannot read yet.
    from django.db import transaction

    from wagtail_medborgardialog.contributions import moderation

    monkeypatch.undo()  # this test needs the real transaction.on_commit
    assert transaction.on_commit.__module__ == "django.db.transaction"
    settings.TASKS = {"default": {"BACKEND": backend}}
    queue = notifications.send_confirmation.get_backend()
    queue.clear()

    def confirmations():
        return [r for r in queue.results if r.task.func is notifications.send_confirmation.func]

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        contribution = moderation.submit(process, text="Fler bänkar", email="a@example.se")
        assert confirmations() == []
    assert callbacks
    [queued] = confirmations()
    assert queued.args[0] == contribution.pk


def test_the_worker_reads_the_contribution_once_to_send_the_confirmation(
    process, django_assert_num_queries
):
    from wagtail_medborgardialog.models import ContributionStatus

    contribution = Contribution.objects.create(
        page=process,
        text="Fler bänkar",
        email="a@example.se",
        status=ContributionStatus.UNCONFIRMED,
    )
    notifications.send_confirmation.call(contribution.pk, "https://x/bekrafta/t/")  # warm caches
    mail.outbox = []

    with django_assert_num_queries(1):
        sent = notifications.send_confirmation.call(contribution.pk, "https://x/bekrafta/t/")

    assert sent == 1
    [message] = mail.outbox
    assert message.to == ["a@example.se"]
    assert process.title in message.subject
    assert "https://x/bekrafta/t/" in message.body
