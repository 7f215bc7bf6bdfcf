"""The tasks framework the plugin's background work (e-mails) runs on.

Django 6 has its own, ``django.tasks``; on Django 5.2 the ``django-tasks`` backport provides the
same API. Both read the ``TASKS`` setting, and in both a task is made by the backend that setting
names, so one setting serves the plugin's tasks and Wagtail's (which Wagtail defines with the
backport on every Django version). See docs/installation.md, "Background work".
"""

import django

#: True where Django's built-in tasks framework exists (Django 6.0 and later).
BUILTIN = django.VERSION >= (6, 0)

#: The package whose ``immediate.ImmediateBackend`` and ``dummy.DummyBackend`` match the
#: framework in use.
BACKENDS_MODULE = "django.tasks.backends" if BUILTIN else "django_tasks.backends"


def backend_path(name):
    """Dotted path of a built-in backend, e.g. ``backend_path("immediate.ImmediateBackend")``."""
    return f"{BACKENDS_MODULE}.{name}"


if BUILTIN:
    from django.tasks import default_task_backend, task, task_backends
else:
    from django_tasks import default_task_backend, task, task_backends

__all__ = [
    "BACKENDS_MODULE",
    "BUILTIN",
    "backend_path",
    "default_task_backend",
    "task",
    "task_backends",
]
