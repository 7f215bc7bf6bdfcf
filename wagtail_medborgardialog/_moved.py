"""Old import paths of the 0.1 layout, kept for one release (CHANGELOG.md, 0.2.0).

A moved name is looked up in its new modules when first used from the old path, with a
``DeprecationWarning`` that names the new path. Nothing here is imported by the plugin itself.
"""

import warnings
from importlib import import_module

PACKAGE = "wagtail_medborgardialog"


def forwarder(old, *new, names=None):
    """A module ``__getattr__`` for ``old`` that finds ``names`` (or any name) in ``new``."""

    def __getattr__(name):
        if names is None or name in names:
            for target in new:
                module = import_module(f"{PACKAGE}.{target}")
                if hasattr(module, name):
                    warnings.warn(
                        f"{PACKAGE}.{old}.{name} moved to {PACKAGE}.{target}.{name}; the old "
                        "path goes away in the next release.",
                        DeprecationWarning,
                        stacklevel=2,
                    )
                    return getattr(module, name)
        raise AttributeError(f"module '{PACKAGE}.{old}' has no attribute '{name}'")

    return __getattr__
