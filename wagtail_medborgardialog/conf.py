"""Every setting of the plugin, with its default, read through :func:`get_setting`.

A site overrides a setting by defining ``WAGTAIL_MEDBORGARDIALOG_<NAME>`` in its Django
settings. ``docs/installation.md`` documents each one; keep the two in step.
"""

from django.conf import settings

PREFIX = "WAGTAIL_MEDBORGARDIALOG_"

DEFAULTS = {
    # The site template the plugin's public templates extend. It must define the blocks
    # ``title``, ``extra_css`` and ``content`` (a project made by ``wagtail start`` does).
    "BASE_TEMPLATE": "base.html",
    # Items per page in the public listings (index pages, comments).
    "PAGINATE_BY": 20,
    # Whether the plugin's stylesheet is linked from its templates. Sites with their own
    # design system may switch it off and style the documented class names themselves.
    "INCLUDE_CSS": True,
    # Contributions: whether a new contribution must be confirmed through a link e-mailed to
    # its author before a moderator sees it. Each site can override it in its settings
    # (Settings > Medborgardialog); this is the default for sites that have not.
    "DOUBLE_OPT_IN": True,
    # Seconds a confirmation link stays valid.
    "CONFIRMATION_MAX_AGE": 60 * 60 * 48,
    # Seconds a person needs at least between loading the form and sending it; faster posts
    # are treated as automated.
    "MIN_FILL_SECONDS": 3,
    # Seconds a loaded form stays valid (the signed timestamp expires after this).
    "MAX_FORM_AGE": 60 * 60 * 12,
    # Contributions allowed per IP address (hashed) and per e-mail address in RATE_LIMIT_PERIOD.
    # One address is often a whole room: a library's or a school's Wi-Fi, a town hall's guest
    # network or a mobile operator's NAT puts everyone at a dialogue meeting (commonly 30 to
    # 60 people) behind it, and they comment in the same hour. The per-address limit allows
    # such a meeting; the per-e-mail limit is what stops one person from flooding a page.
    "RATE_LIMIT_PER_IP": 60,
    "RATE_LIMIT_PER_EMAIL": 5,
    # Seconds of the rate-limit window.
    "RATE_LIMIT_PERIOD": 60 * 60,
    # Reports ("Anmäl") from this many different networks (IPv4 /24, IPv6 /48) within
    # REPORT_WINDOW seconds send a published contribution back to moderation. Every report
    # alerts the page's moderators either way.
    "REPORT_THRESHOLD": 3,
    "REPORT_WINDOW": 60 * 60 * 24,
    # Longest contribution text, in characters.
    "MAX_LENGTH": 5000,
    # Minimum seconds between two e-mails to moderators about new pending contributions
    # for the same page; contributions arriving meanwhile are counted in the next one.
    "MODERATOR_NOTIFY_INTERVAL": 60 * 15,
    # Retention: days after a page closed for input before the retention command archives
    # its contributions and removes the personal details (e-mail, name, organisation, IP
    # hash). Two years covers the usual time from a dialogue to the political decision and
    # its feedback to participants; set it to what the municipality's records rules say.
    "RETENTION_DAYS": 365 * 2,
    # Days an unconfirmed contribution is kept after its confirmation link expired; then the
    # retention command deletes it.
    "UNCONFIRMED_RETENTION_DAYS": 7,
    # Days a hashed IP address is kept for rate limiting and reports; then it is cleared.
    "IP_HASH_RETENTION_DAYS": 7,
    # Citizens' panels: days after a panel's term ends before the retention command removes
    # its volunteers' name, contact details and category answers. The anonymised pool that
    # verifies the draw (pseudonyms and category values) is kept with the draw.
    "PANEL_RETENTION_DAYS": 90,
    # Directory the retention command writes archive files to before anonymising. None:
    # it must be given with --archive-dir.
    "ARCHIVE_DIR": None,
    # Key of the identity hash that keeps signatures, ballots and registrations to one per
    # person (identity.py). None: derived from SECRET_KEY. Set it to a long random value of
    # its own so that rotating SECRET_KEY does not let people sign or vote again in rounds
    # that are still open.
    "IDENTITY_KEY": None,
    # Dotted path of the site's e-identification provider (a subclass of
    # wagtail_medborgardialog.identity.EidProvider), or None when the site has none; pages
    # then cannot ask for e-identification.
    "EID_PROVIDER": None,
    # Seconds a rendered part of a public page (the process page's body, the list of
    # contributions) may be served from the cache (fragments.py). Saving a page, a snippet,
    # an image or a setting and every moderation step make the parts they touch stale at
    # once; this bounds anything else. 0 renders every request afresh.
    "FRAGMENT_CACHE_SECONDS": 600,
    # Seconds a shared cache (Varnish, a CDN) and browsers may keep a public page as an
    # anonymous visitor gets it (Cache-Control: public, s-maxage; caching.py). Publishing and
    # moderation purge the page at once; this bounds what no purge covers (an input window
    # opening, places left at a meeting). 0 sends no public header.
    "PUBLIC_CACHE_SECONDS": 60,
    # Seconds the whole page an anonymous visitor gets (process page, dialogue index,
    # consultation and its results) may be answered from the default cache without rendering
    # (caching.cached_page). The same rules as the fragments make it stale at once; this
    # bounds what they do not cover (rows of the site's own apps shown in its base template).
    # 0 renders every request.
    "PAGE_CACHE_SECONDS": 60,
    # E-proposals: confirmed signatures from one network (IPv4 /24, IPv6 /48) within an hour
    # at which the index's moderators are told of a burst. Nothing is dropped: a school
    # class or a meeting may sign together; the moderators look and decide.
    "E_PROPOSAL_BURST_LIMIT": 25,
    # E-proposals: days after the answer (or after the window ended without passing, or a
    # refusal) before the retention command deletes the signatures' rows (their identity
    # hashes, e-mail addresses and names) and the proposer's e-mail; the counts stay.
    "E_PROPOSAL_RETENTION_DAYS": 90,
    # Meetings: the time zone meeting times are shown in (they are stored in UTC).
    "MEETING_TIME_ZONE": "Europe/Stockholm",
    # Meetings: hours before a meeting starts when the reminder is due. The command
    # medborgardialog_meeting_reminders (run from cron, e.g. every hour) enqueues due reminders.
    "MEETING_REMINDER_HOURS": 24,
    # Meetings: days after a meeting ended before the retention command removes the personal
    # details of its registrations (the numbers registered, waiting and cancelled are kept).
    "MEETING_RETENTION_DAYS": 90,
    # Networks: days after the organiser decided on a confirmed intresseanmälan (accepted or
    # declined) before the retention command removes its personal details; one never decided
    # goes the same number of days after it was confirmed. The row and its status stay, so the
    # numbers applied, accepted and declined are kept.
    "NETWORK_INTEREST_RETENTION_DAYS": 180,
}


def get_setting(name):
    """Return the site's value of setting ``name`` or its default."""
    if name not in DEFAULTS:
        raise KeyError(f"Unknown wagtail-medborgardialog setting: {name}")
    return getattr(settings, PREFIX + name, DEFAULTS[name])
