"""Community contracts: editor forms, public views and filters, follow-up, feeds."""

from .._moved import forwarder

# Names that moved in 0.2, still found here for one release (CHANGELOG.md).
__getattr__ = forwarder("contracts", "contracts.follow_up", names={"record_update"})
