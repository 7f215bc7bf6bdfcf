"""Consultations: the response form, the public response and results views, statistics."""
