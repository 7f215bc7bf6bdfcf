"""Dialogue processes: status derivation, the public index filters, the page's admin form."""
