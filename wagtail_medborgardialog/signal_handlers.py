"""Signal receivers, connected in ``apps.WagtailMedborgardialogConfig.ready``."""

try:
    from wagtail.signals import init_new_page
except ImportError:  # Wagtail 7.4 LTS keeps it in the admin
    from wagtail.admin.signals import init_new_page

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.models import ModelLogEntry
from wagtail.signals import copy_for_translation_done, page_published

from .models import (
    AbstractBudgetPage,
    AbstractCommunityContractPage,
    AbstractDialogueProcessPage,
    AccessibilityStatementPage,
    CommitmentSource,
    CommitmentUpdate,
    Contribution,
)
from .models.contract import DECISION_REQUIRED_STATUSES
from .models.decisions import ADOPTION_KINDS
from .signals import decision_recorded


def prefill_process_steps(sender, page, parent=None, **kwargs):
    """A process created in the admin starts with SKR's seven steps."""

    if isinstance(page, AbstractDialogueProcessPage):
        page.seed_default_steps()


def translate_process_steps(sender, source_obj, target_obj, **kwargs):
    """A process copied for translation gets SKR's step texts in the new language where they
    are still the defaults; the draft revision the translator opens carries them too."""

    if not isinstance(target_obj, AbstractDialogueProcessPage):
        return
    changed = target_obj.translate_default_steps(source_obj.content_language())
    for step in changed:
        step.save(update_fields=["title", "description"])
    revision = target_obj.latest_revision
    if changed and revision is not None:
        revision.content = target_obj.serializable_data()
        revision.save(update_fields=["content"])


def prefill_accessibility_statement(sender, page, parent=None, **kwargs):
    """An accessibility statement created in the admin starts with what the plugin's tests
    prove, the site's name and address, and a response time to adjust."""

    if isinstance(page, AccessibilityStatementPage):
        page.prefill(parent)


def adopt_contract_on_decision(sender, decision, task_state, **kwargs):
    """An adoption or revision by the deciding body adopts a contract: the revision about
    to be published gets the adopted status and the decision's body, date and case number.
    Other kinds of decision (e.g. a referral) leave the contract's status alone."""

    if decision.kind not in ADOPTION_KINDS:
        return
    revision = task_state.revision
    if revision is None or not issubclass(
        revision.content_type.model_class() or object, AbstractCommunityContractPage
    ):
        return
    content = dict(revision.content)
    if content.get("contract_status") not in DECISION_REQUIRED_STATUSES:
        content["contract_status"] = "adopted"
    content["deciding_body"] = decision.deciding_body
    content["decision_date"] = decision.decision_date.isoformat()
    content["case_number"] = decision.case_number
    revision.content = content
    revision.save(update_fields=["content"])


def neutral_contribution_log_label(sender, instance, **kwargs):
    """Audit log entries of a contribution, a follow-up update or a citation are labelled
    "#<id>", never with a citizen's text, a name or a commitment's text.

    Wagtail labels an entry with ``str(instance)`` and lists entries in the "Site history"
    report to anyone with any permission on the model, across every site of the install; the
    rows themselves are reached only through the scoped views (permissions.py).
    """
    for model in (Contribution, CommitmentUpdate, CommitmentSource):
        if instance.content_type_id == ContentType.objects.get_for_model(model).pk:
            instance.label = model.log_label(instance.object_id)
            return


def budget_commitments_on_publish(sender, instance, **kwargs):
    """A round published with its result public: its funded projects become commitments of
    its follow-up contract (budgets/follow_up.py; nothing happens without a contract)."""
    if not isinstance(instance, AbstractBudgetPage):
        return
    from .budgets import follow_up  # it imports the models and the contract area
    from .budgets.views import result_is_public
    from .models import BudgetResult

    frozen = BudgetResult.objects.filter(page=instance).first()
    if instance.follow_up_contract_id and result_is_public(instance, frozen):
        try:
            follow_up.make_commitments(instance)
        except follow_up.NoContract:
            pass


def store_process_steps(sender, instance, **kwargs):
    """A step saved or deleted on its own (not through its page's save, which stores the
    summary itself): the page's stored summary of its steps follows (processes/status.py)."""
    from .models.process_steps import AbstractProcessStep
    from .processes.status import store_step_summaries

    if kwargs.get("raw") or not issubclass(sender, AbstractProcessStep):
        return
    page = instance._state.fields_cache.get("page")
    if page is not None and getattr(page, "_mbd_writing_steps", False):
        return
    page_model = sender._meta.get_field("page").related_model
    store_step_summaries(page_model, page_model.objects.filter(pk=instance.page_id))


def connect():
    post_save.connect(store_process_steps, dispatch_uid="mbd_store_process_steps_saved")
    post_delete.connect(store_process_steps, dispatch_uid="mbd_store_process_steps_deleted")

    pre_save.connect(
        neutral_contribution_log_label,
        sender=ModelLogEntry,
        dispatch_uid="mbd_neutral_contribution_log_label",
    )

    init_new_page.connect(prefill_process_steps, dispatch_uid="mbd_prefill_process_steps")
    copy_for_translation_done.connect(
        translate_process_steps, dispatch_uid="mbd_translate_process_steps"
    )
    init_new_page.connect(
        prefill_accessibility_statement, dispatch_uid="mbd_prefill_accessibility_statement"
    )
    decision_recorded.connect(adopt_contract_on_decision, dispatch_uid="mbd_adopt_contract")
    page_published.connect(
        budget_commitments_on_publish, dispatch_uid="mbd_budget_commitments_on_publish"
    )
