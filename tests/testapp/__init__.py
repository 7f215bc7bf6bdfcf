"""A site's own app: pages composed from the plugin's abstract bases, as a site would write them.

The suite installs it beside the plugin, so every abstract base is proven usable by a site that
declares its own concrete page. It has no migrations: the test database is built from the models.
"""
