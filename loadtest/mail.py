"""Reading the messages of the file-based e-mail backend (no locust here: it patches gevent)."""

import email
from email import policy

# The load test's citizens write from addresses under this domain; nothing else does.
EMAIL_DOMAIN = "loadtest.exempelkommun.se"


def messages(raw):
    """The messages of one file written by django.core.mail.backends.filebased."""
    separator = b"\n" + b"-" * 79 + b"\n"
    return [
        email.message_from_bytes(chunk.strip(b"\n"), policy=policy.default)
        for chunk in raw.split(separator)
        if chunk.strip()
    ]


def body(message):
    part = message.get_body(preferencelist=("plain", "html"))
    return part.get_content() if part is not None else ""
