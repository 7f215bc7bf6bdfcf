"""Citizens' contributions: the moderation state machine, the public forms and views."""
