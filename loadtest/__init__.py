"""`make loadtest`: the example site as it runs in production, under a bounded load."""
