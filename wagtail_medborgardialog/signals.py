"""Signals other parts of the plugin and sites can listen to."""

from django.dispatch import Signal

# Sent with ``decision``, ``task_state`` and ``user`` when a political decision task records a
# decision, inside the approval's transaction and before the approved revision is published.
# Raising in a receiver refuses the approval and records nothing.
decision_recorded = Signal()
