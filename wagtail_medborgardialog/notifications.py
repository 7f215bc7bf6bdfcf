"""E-mail to the deciding body when a page reaches a political decision task.

Wagtail connects its "submitted for your approval" notifier for the base ``TaskState``
only, so a ``TaskState`` subclass needs its own connection or group members are never told.
"""

from wagtail.admin.mail import GroupApprovalTaskStateSubmissionEmailNotifier
from wagtail.signals import task_submitted


class DecisionTaskStateSubmissionEmailNotifier(GroupApprovalTaskStateSubmissionEmailNotifier):
    """Wagtail's group approval notifier, using its ``task_state_submitted`` templates."""

    def get_template_base_prefix(self, instance, **kwargs):
        return "task_state_"


decision_task_submission_email_notifier = DecisionTaskStateSubmissionEmailNotifier()


def register_signal_handlers():
    from .models.decisions import DecisionTaskState

    task_submitted.connect(
        decision_task_submission_email_notifier,
        sender=DecisionTaskState,
        dispatch_uid="medborgardialog_decision_task_submitted_email_notification",
    )
