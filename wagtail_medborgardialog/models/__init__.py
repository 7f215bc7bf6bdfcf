"""The plugin's models; import them from here."""

from .process import DialogueIndexPage, DialogueProcessPage

__all__ = ["DialogueIndexPage", "DialogueProcessPage"]
