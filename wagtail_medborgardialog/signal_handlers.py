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


def adopt_contract_on_decision(sender, decision, task_state, **kwargs):
    """An adoption or revision by the deciding body adopts a contract: the revision about
    to be published gets the adopted status and the decision's body, date and case number.
    Other kinds of decision (e.g. a referral) leave the contract's status alone."""
    from .models import CommunityContractPage
    from .models.contract import DECISION_REQUIRED_STATUSES
    from .models.decisions import ADOPTION_KINDS

    if decision.kind not in ADOPTION_KINDS:
        return
    revision = task_state.revision
    if revision is None or not issubclass(
        revision.content_type.model_class() or object, CommunityContractPage
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


def connect():
    from .signals import decision_recorded

    init_new_page.connect(prefill_process_steps, dispatch_uid="mbd_prefill_process_steps")
    decision_recorded.connect(adopt_contract_on_decision, dispatch_uid="mbd_adopt_contract")
