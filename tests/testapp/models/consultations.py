"""A site page composed from the plugin's consultations base."""

__all__ = []
