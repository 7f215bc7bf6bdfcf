"""`make loadtest` (loadtest/): how it counts e-mails, and one short run where its parts exist."""

import importlib.util
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.backends.filebased import EmailBackend

from loadtest.mail import body, messages

REPO = Path(__file__).resolve().parent.parent


def test_every_message_the_file_backend_wrote_is_read_back_with_its_link(tmp_path):
    link = "https://127.0.0.1/medborgardialoger/trygghet/bekrafta/abc:def/"
    html = EmailMultiAlternatives("Bekräfta", f"Klicka: {link}", to=["a@example.se"])
    html.attach_alternative(f'<p><a href="{link}">Bekräfta</a></p>', "text/html")
    sent = [
        html,
        EmailMessage("Tack", "Åäö " * 400, to=["b@example.se"]),  # long lines: quoted-printable
    ]
    backend = EmailBackend(file_path=str(tmp_path))
    assert backend.send_messages(sent) == 2
    EmailBackend(file_path=str(tmp_path)).send_messages([EmailMessage("Tre", "x", to=["c@x.se"])])

    read = [message for path in tmp_path.glob("*.log") for message in messages(path.read_bytes())]

    assert sorted(str(message["To"]) for message in read) == [
        "a@example.se",
        "b@example.se",
        "c@x.se",
    ]
    by_recipient = {str(message["To"]): body(message) for message in read}
    assert link in by_recipient["a@example.se"]
    assert by_recipient["b@example.se"].startswith("Åäö Åäö")


def reachable(port):
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.slow
@pytest.mark.skipif(
    not all(importlib.util.find_spec(name) for name in ("locust", "gunicorn", "django_tasks_db"))
    or not (reachable(5432) and reachable(6379)),
    reason="needs the loadtest extra, PostgreSQL at :5432 and Redis at :6379 (make loadtest)",
)
def test_a_short_load_test_runs_green_and_cleans_up():
    result = subprocess.run(
        [sys.executable, "-m", "loadtest.run", "--duration", "20", "--users", "6"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )
    # Exit 0 means no failed request, nothing lost, and the database and Redis removed.
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "submissions thanked / stored / lost" in result.stdout
