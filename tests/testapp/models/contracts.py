"""A site page composed from the plugin's contracts base."""

__all__ = []
