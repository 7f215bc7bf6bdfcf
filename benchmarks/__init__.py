"""Benchmarks: what the plugin costs a site, measured against plain Wagtail (`make bench`)."""
