"""Registrations with Wagtail's admin: menus, panels, viewsets, task types."""
