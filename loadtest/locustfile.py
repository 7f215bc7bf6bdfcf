"""The visitors of `make loadtest` (locust, headless): readers, citizens and a moderator.

Each simulated visitor talks to one of the two app processes, as a reverse proxy with sticky
sessions would send them, and sends the headers that proxy would add: ``X-Forwarded-Proto:
https`` (TLS ends at the proxy) and ``X-Forwarded-For`` with a documentation-range address of
its own (the app reads it through example_site.proxy, so each citizen has its own rate limit).
The environment (set by loadtest/run.py) names the hosts, the pages and the mail directory.
"""

import itertools
import json
import os
import random
import re
import string
import time
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from urllib.parse import urlsplit

from locust import HttpUser, between, events, task

from loadtest.mail import EMAIL_DOMAIN, body, messages

HOSTS = os.environ.get("LOADTEST_HOSTS", "http://127.0.0.1:8000").split(",")
PATHS = json.loads(os.environ.get("LOADTEST_PATHS", "{}"))
MAIL_DIR = Path(os.environ.get("LOADTEST_MAIL_DIR", "."))
RESULTS = os.environ.get("LOADTEST_RESULTS")
MODERATOR, PASSWORD = "processledare", "exempelkommun"
# The plugin refuses a form sent sooner than MIN_FILL_SECONDS (3) after it was rendered.
FILL_SECONDS = 3.5

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S)
HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
CONFIRM_LINK = re.compile(r"https?://[^/\s]+(/\S*?/bekrafta/[^/\s]+/)")
EDIT_LINK = re.compile(r"/admin/medborgardialog/contributions/edit/(\d+)/")

hosts = itertools.cycle(HOSTS)
addresses = itertools.count(1)
outcome = {"submitted": [], "confirmed": [], "approved": [], "plain_forms": 0}


# TLS ends at the proxy, so the visitor's side is HTTPS and a browser sends the app's Secure
# cookies (session, CSRF) back. requests copies the session's cookies into a fresh jar for each
# request and redirect, so the policy is changed where every jar reads it.
DefaultCookiePolicy.return_ok_secure = lambda self, cookie, request: True


class Mailbox:
    """Confirmation links in the file-based backend's messages, by recipient."""

    def __init__(self, directory):
        self.directory = directory
        self.read = set()
        self.links = {}
        self.checked = 0.0

    def refresh(self):
        if time.monotonic() - self.checked < 0.5:
            return
        self.checked = time.monotonic()
        for path in sorted(self.directory.glob("*.log")):
            # A file still being written is younger than a second; read it next time.
            if path.name in self.read or time.time() - path.stat().st_mtime < 1:
                continue
            self.read.add(path.name)
            for message in messages(path.read_bytes()):
                match = CONFIRM_LINK.search(body(message))
                if match:
                    self.links[str(message["To"]).strip()] = match.group(1)

    def link_for(self, address):
        self.refresh()
        return self.links.get(address)


mailbox = Mailbox(MAIL_DIR)


def hidden_fields(html, marker):
    """The hidden inputs (CSRF token, signed timestamp, ...) of the first form containing
    ``marker``, sent back as a browser would; None when the page has no such form."""
    for form in FORM.finditer(html):
        if marker in form.group(0):
            return dict(HIDDEN.findall(form.group(0)))
    return None


def word(length=10):
    # Letters only: digits could add up to something the personal-number check flags.
    return "".join(random.choices(string.ascii_lowercase, k=length))


class Visitor(HttpUser):
    abstract = True

    def on_start(self):
        self.client.base_url = next(hosts)
        self.origin = "https://" + urlsplit(self.client.base_url).netloc
        number = next(addresses)
        self.client.headers.update(
            {
                "X-Forwarded-Proto": "https",
                "X-Forwarded-For": f"198.51.{100 + number // 250}.{number % 250 + 1}",
            }
        )

    def read(self, path, name, form=None):
        """GET ``path``; with ``form``, the hidden fields of the form containing that text
        (None, and a failed request, when the page has no such form)."""
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            if form is None:
                return response
            fields = hidden_fields(response.text, form)
            if fields is None:
                response.failure(f"no form with {form!r}")
            return fields

    def post(self, path, data, name):
        headers = {"Origin": self.origin, "Referer": self.origin + path}
        return self.client.post(path, data, headers=headers, name=name, catch_response=True)


class Reader(Visitor):
    """Anonymous reads of every page type, beside plain Wagtail pages of the same depth."""

    weight = 3
    wait_time = between(0.5, 2)

    @task(5)
    def process(self):
        self.read(PATHS["process"], "read: process page (2,000 contributions)")

    @task(5)
    def plain_depth4(self):
        self.read(PATHS["plain_page_depth4"], "plain: page, depth 4")

    @task(3)
    def index(self):
        self.read(PATHS["index"], "read: index (205 processes)")

    @task(1)
    def index_filtered(self):
        self.read(PATHS["index_filtered"], "read: index, filtered")

    @task(3)
    def plain_listing(self):
        self.read(PATHS["plain_listing"], "plain: listing of 200, depth 3")

    @task(2)
    def consultation(self):
        self.read(PATHS["consultation"], "read: consultation page")

    @task(2)
    def results(self):
        self.read(PATHS["results"], "read: consultation results (2,000 responses)")

    @task(2)
    def contract(self):
        self.read(PATHS["contract"], "read: community contract")

    @task(4)
    def plain_depth5(self):
        self.read(PATHS["plain_page_depth5"], "plain: page, depth 5")

    @task(1)
    def calendar(self):
        self.read(PATHS["contract_calendar"], "read: contract calendar (iCalendar feed)")

    @task(1)
    def contract_data(self):
        self.read(PATHS["contract_data"], "read: contract data (JSON feed)")


class Citizen(Visitor):
    """Sends contributions, follows the confirmation link from the e-mail; fills a plain form."""

    weight = 1
    wait_time = between(1, 4)

    def on_start(self):
        super().on_start()
        self.unconfirmed = []

    @task(3)
    def contribute(self):
        self.confirm_arrived()
        hidden = self.read(
            PATHS["process"], "submit: process page with form", form='id="mbd-contribution-form"'
        )
        if hidden is None:
            return
        time.sleep(FILL_SECONDS)
        tag = word()
        address = f"medborgare-{tag}@{EMAIL_DOMAIN}"
        text = f"Förslag {tag}: fler bänkar vid torget och bättre belysning längs gångvägen."
        data = {
            **hidden,
            "text": text,
            "display_name": f"Invånare {tag[:4]}",
            "email": address,
            "website": "",
            "consent": "on",
        }
        path = PATHS["process"] + "synpunkter/"
        with self.post(path, data, "submit: POST + thank-you page") as response:
            if response.status_code == 200 and "/synpunkter/tack/" in response.url:
                outcome["submitted"].append({"email": address, "text": text})
                self.unconfirmed.append(address)
            else:
                response.failure(f"not thanked: {response.status_code} {response.url}")

    @task(1)
    def plain_form(self):
        page = self.read(PATHS["plain_form"], "plain: form page")
        token = CSRF.search(page.text)
        if not token:
            return
        time.sleep(FILL_SECONDS)
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "meddelande": f"Hej, när töms soptunnorna på Storgatan? {word()}",
            "e_post": f"fraga-{word()}@{EMAIL_DOMAIN}",
        }
        with self.post(PATHS["plain_form"], data, "plain: form POST + landing page") as response:
            if response.status_code == 200 and "Tack" in response.text:
                outcome["plain_forms"] += 1
            else:
                response.failure(f"form not accepted: {response.status_code}")

    def confirm_arrived(self):
        for address in list(self.unconfirmed):
            link = mailbox.link_for(address)
            if not link:
                continue
            self.unconfirmed.remove(address)
            # The confirmation button's form (the page's feedback form has an action).
            data = self.read(link, "confirm: link from the e-mail", form='<form method="post">')
            if data is None:
                continue
            with self.post(link, data, "confirm: POST") as response:
                if response.status_code == 200:
                    outcome["confirmed"].append(address)
                else:
                    response.failure(f"status {response.status_code}")


class Moderator(Visitor):
    """The demo's Processledare logs in and approves what citizens confirmed."""

    fixed_count = 1
    wait_time = between(2, 5)

    def on_start(self):
        super().on_start()
        page = self.read("/admin/login/", "moderate: login page")
        token = CSRF.search(page.text)
        data = {
            "csrfmiddlewaretoken": token.group(1) if token else "",
            "username": MODERATOR,
            "password": PASSWORD,
            "next": "/admin/",
        }
        with self.post("/admin/login/", data, "moderate: log in") as response:
            if "/admin/login/" in response.url:
                response.failure("login refused")

    @task(1)
    def dashboard(self):
        self.read("/admin/", "plain admin: dashboard")

    @task(3)
    def moderate(self):
        queue = self.read(
            "/admin/medborgardialog/contributions/?status=pending", "moderate: queue (pending)"
        )
        for pk in list(dict.fromkeys(EDIT_LINK.findall(queue.text)))[:3]:
            path = f"/admin/medborgardialog/contributions/edit/{pk}/"
            page = self.read(path, "moderate: contribution")
            token = CSRF.search(page.text)
            if not token:
                continue
            data = {"csrfmiddlewaretoken": token.group(1), "action": "approve"}
            with self.post(path, data, "moderate: approve (POST + page)") as response:
                # Approving redirects back to the contribution (post/redirect/get); the run
                # checks in the database that the load test's approved ones are published.
                if response.status_code == 200 and response.history:
                    outcome["approved"].append(int(pk))
                else:
                    response.failure(f"not approved: {response.status_code} {response.url}")


@events.test_stop.add_listener
def write_outcome(**kwargs):
    if RESULTS:
        Path(RESULTS).write_text(json.dumps(outcome))
