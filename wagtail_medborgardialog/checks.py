"""System checks: tell a site's developer what is missing, with the fix."""

from django.conf import settings
from django.core.checks import Error, Info, Tags, Warning, register

from . import csrf
from .conf import DEFAULTS, PREFIX

# Apps the plugin's models, templates and routes rely on.
REQUIRED_APPS = [
    "wagtail",
    "wagtail.admin",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "modelcluster",
    "taggit",
]


def missing_apps_errors(installed_apps):
    """One error for each required app absent from ``installed_apps``."""
    installed = set(installed_apps)
    return [
        Error(
            f"wagtail_medborgardialog needs '{app}' in INSTALLED_APPS.",
            hint=f"Add '{app}' to INSTALLED_APPS and run migrate.",
            id="wagtail_medborgardialog.E001",
        )
        for app in REQUIRED_APPS
        if app not in installed
    ]


@register(Tags.compatibility)
def check_required_apps(app_configs, **kwargs):
    return missing_apps_errors(settings.INSTALLED_APPS)


@register()
def check_settings(app_configs, **kwargs):
    messages = []
    for name in dir(settings):
        if name.startswith(PREFIX) and name[len(PREFIX) :] not in DEFAULTS:
            messages.append(
                Warning(
                    f"Unknown setting {name}; it has no effect.",
                    hint="Check the spelling against docs/installation.md. Known settings: "
                    + ", ".join(PREFIX + key for key in sorted(DEFAULTS)),
                    id="wagtail_medborgardialog.W001",
                )
            )
    paginate_by = getattr(settings, PREFIX + "PAGINATE_BY", DEFAULTS["PAGINATE_BY"])
    if not isinstance(paginate_by, int) or isinstance(paginate_by, bool) or paginate_by < 1:
        messages.append(
            Error(
                f"{PREFIX}PAGINATE_BY must be a positive integer, not {paginate_by!r}.",
                id="wagtail_medborgardialog.E002",
            )
        )
    return messages


# Cache backends whose entries no other process sees (LocMem) or that keep nothing (Dummy).
UNSHARED_CACHES = {
    "django.core.cache.backends.locmem.LocMemCache": "per process",
    "django.core.cache.backends.dummy.DummyCache": "not enforced",
}


def unshared_cache_warnings(caches, debug):
    """A warning when rate limits cannot hold because the default cache is not shared."""
    backend = (
        (caches or {})
        .get("default", {})
        .get("BACKEND", "django.core.cache.backends.locmem.LocMemCache")
    )
    if debug or backend not in UNSHARED_CACHES:
        return []
    if UNSHARED_CACHES[backend] == "per process":
        msg = (
            "The default cache is local memory: rate limits and the moderators' e-mail "
            "throttle are per process, so every worker process (even several on one server) "
            "counts on its own and a sender gets the limit once per process."
        )
    else:
        msg = (
            "The default cache is the dummy cache: rate limits and the moderators' e-mail "
            "throttle are not enforced at all."
        )
    return [
        Warning(
            msg,
            hint="Configure a cache that all processes share, such as Redis "
            "(django.core.cache.backends.redis.RedisCache) or Memcached, in CACHES['default']. "
            "See 'Production' in docs/installation.md.",
            id="wagtail_medborgardialog.W002",
        )
    ]


@register(Tags.caches)
def check_shared_cache(app_configs, **kwargs):
    return unshared_cache_warnings(getattr(settings, "CACHES", {}), settings.DEBUG)


TEST_EID_PROVIDER = "wagtail_medborgardialog.identity.TestEidProvider"


def eid_provider_errors(provider_path, debug):
    """An error when the e-identification stand-in, which checks nothing, runs in production."""
    if provider_path == TEST_EID_PROVIDER and not debug:
        return [
            Error(
                f"{PREFIX}EID_PROVIDER is the test stand-in, which lets anyone type any "
                "personal identity number.",
                hint="Name the site's real e-identification provider, or None.",
                id="wagtail_medborgardialog.E003",
            )
        ]
    return []


@register()
def check_eid_provider(app_configs, **kwargs):
    return eid_provider_errors(
        getattr(settings, PREFIX + "EID_PROVIDER", DEFAULTS["EID_PROVIDER"]), settings.DEBUG
    )


def csrf_middleware_messages(middleware):
    """An Info when the plugin's POSTs are not checked by origin: its public pages then carry
    a CSRF token per visitor and no shared cache (Varnish, a CDN) keeps them."""
    if csrf.middleware_order_ok(middleware):
        return []
    return [
        Info(
            "Public dialogue pages set a CSRF cookie for every visitor, so a shared cache "
            "cannot keep them.",
            hint=f"Add '{csrf.MIDDLEWARE_PATH}' to MIDDLEWARE right before "
            f"'{csrf.DJANGO_CSRF}' (POSTs to the plugin's pages are then checked by their "
            "origin; see docs/performance.md).",
            id="wagtail_medborgardialog.I001",
        )
    ]


@register(Tags.security)
def check_csrf_middleware(app_configs, **kwargs):
    return csrf_middleware_messages(getattr(settings, "MIDDLEWARE", []))
