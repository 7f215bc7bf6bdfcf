"""Signal receivers, connected in ``apps.WagtailMedborgardialogConfig.ready``."""

try:
    from wagtail.signals import init_new_page
except ImportError:  # Wagtail 7.4 LTS keeps it in the admin
    from wagtail.admin.signals import init_new_page


def prefill_process_steps(sender, page, parent=None, **kwargs):
    """A process created in the admin starts with SKR's seven steps."""
    from .models import DialogueProcessPage

    if isinstance(page, DialogueProcessPage):
        page.seed_default_steps()


def connect():
    init_new_page.connect(prefill_process_steps, dispatch_uid="mbd_prefill_process_steps")
