"""A site page composed from the plugin's processes base."""

__all__ = []
