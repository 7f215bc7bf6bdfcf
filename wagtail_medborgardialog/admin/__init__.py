"""Wagtail admin for the plugin's non-page data (the contribution moderation queue)."""
