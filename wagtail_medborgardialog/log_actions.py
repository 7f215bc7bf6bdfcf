"""Every audit-log action the plugin writes, with its label and message: the one registry.

Wagtail's history views show the label and message; ``wagtail_hooks`` registers them all
through :func:`register`. Actions with a reason show it in the history's comment column.
"""

from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter

PREFIX = "wagtail_medborgardialog"


def contribution_action(short):
    return f"{PREFIX}.contribution.{short}"


def privacy_action(short):
    return f"{PREFIX}.privacy.{short}"


def commitment_action(short):
    return f"{PREFIX}.commitment.{short}"


def e_proposal_action(short):
    return f"{PREFIX}.e_proposal.{short}"


def consultation_action(short):
    return f"{PREFIX}.consultation.{short}"


class ReasonLogFormatter(LogFormatter):
    """Shows a log entry's ``reason`` (never its other data) in the history's comment column."""

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("reason", "")


CONTRIBUTION_ACTIONS = {
    "submit": (_("Submit contribution"), _("Contribution received")),
    "register": (_("Register contribution"), _("Contribution registered by an official")),
    "confirm": (_("Confirm contribution"), _("Contribution confirmed by its author")),
    "approve": (_("Approve contribution"), _("Contribution approved and published")),
    "reject": (_("Reject contribution"), _("Contribution rejected")),
    "unpublish": (_("Unpublish contribution"), _("Contribution unpublished")),
    "reply": (_("Reply to contribution"), _("Official reply saved")),
    "report": (_("Report contribution"), _("Contribution reported")),
    "requeue": (_("Return contribution to moderation"), _("Returned to moderation after reports")),
}

# Entries of these carry a reason, shown in the history's comment column.
CONTRIBUTION_ACTIONS_WITH_REASON = {
    "override": (
        _("Publish despite a personal identity number"),
        _("Approved although it seemed to contain a personal identity number"),
    ),
    "redact": (_("Redact contribution"), _("Part of the text removed by a moderator")),
}

PRIVACY_ACTIONS = {
    "anonymise": (_("Anonymise contribution"), _("Personal details removed")),
    "subject_export": (
        _("Export a person's data"),
        _("Included in an export for a data subject request"),
    ),
    "hard_delete": (_("Delete contribution"), _("Contribution deleted for good")),
    "delete_unconfirmed": (
        _("Delete unconfirmed contributions"),
        _("Unconfirmed contributions deleted after their link expired"),
    ),
    "archive_export": (_("Export archive"), _("Contributions exported for archiving")),
}

CONSULTATION_ACTIONS = {
    "remind": (_("Remind invited bodies"), _("Reminder sent to invited bodies")),
    "export": (_("Export consultation responses"), _("Consultation responses exported")),
    "panel_gate": (
        _("Let only a citizens' panel answer"),
        _("Consultation limited to a citizens' panel's members"),
    ),
    "panel_invite": (
        _("Invite the panel's members"),
        _("Personal invitations sent to the panel's members"),
    ),
}


COMMITMENT_ACTIONS = {
    "follow_up": (_("Record follow-up"), _("Follow-up of a commitment recorded")),
}

# E-proposals: every status change (e_proposals/status.py) and the signatures' audit trail.
E_PROPOSAL_ACTIONS = {
    "submit": (_("Submit e-proposal"), _("E-proposal received")),
    "confirm": (_("Confirm e-proposal"), _("E-proposal confirmed by its proposer")),
    "publish": (_("Open e-proposal for signatures"), _("E-proposal opened for signatures")),
    "refuse": (_("Refuse e-proposal"), _("E-proposal refused at screening")),
    "pass": (_("E-proposal reached its threshold"), _("Threshold of signatures reached")),
    "pass_minority_language": (
        _("E-proposal in a national minority language accepted"),
        _("Accepted at screening and passed without signing (national minority language)"),
    ),
    "not_pass": (_("E-proposal did not reach its threshold"), _("Signing window ended")),
    "refer": (_("Refer e-proposal"), _("E-proposal referred for decision")),
    "answer": (_("Answer e-proposal"), _("Answer to the e-proposal recorded")),
    "close": (_("Close e-proposal"), _("E-proposal closed")),
    "paper_signature": (_("Register paper signature"), _("Paper signature registered")),
    "burst": (_("Signature burst"), _("Many signatures from one network")),
    "cull": (_("Remove signers' personal data"), _("Signers' personal data removed")),
}


def all_actions():
    """Every action as ``(name, label, message, formatter base or None)``."""
    for short, (label, message) in CONTRIBUTION_ACTIONS.items():
        yield contribution_action(short), label, message, None
    for short, (label, message) in CONTRIBUTION_ACTIONS_WITH_REASON.items():
        yield contribution_action(short), label, message, ReasonLogFormatter
    for short, (label, message) in PRIVACY_ACTIONS.items():
        yield privacy_action(short), label, message, None
    for short, (label, message) in CONSULTATION_ACTIONS.items():
        yield consultation_action(short), label, message, None
    for short, (label, message) in COMMITMENT_ACTIONS.items():
        yield commitment_action(short), label, message, None
    for short, (label, message) in E_PROPOSAL_ACTIONS.items():
        formatter = ReasonLogFormatter if short == "refuse" else None
        yield e_proposal_action(short), label, message, formatter


def register(actions):
    """The ``register_log_actions`` hook: one call registers every action above."""
    for name, label, message, formatter in all_actions():
        if formatter is None:
            actions.register_action(name, label, message)
        else:
            attrs = {"label": label, "message": message}
            actions.register_action(name)(type(formatter.__name__, (formatter,), attrs))
