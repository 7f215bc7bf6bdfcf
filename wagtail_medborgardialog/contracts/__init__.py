"""Community contracts: editor forms, public views and filters, follow-up, feeds."""
