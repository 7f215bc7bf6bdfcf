"""Moved in 0.2 (see CHANGELOG.md); this old import path is kept for one release."""

from ._moved import forwarder

__getattr__ = forwarder("contract_forms", "contracts.forms")
