from collections.abc import Callable, Mapping

import pytest
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from tests import factories
from tests.testapp.models import DistrictContractPage
from wagtail_medborgardialog.models import CommunityContractPage


@pytest.fixture
def home(db):
    """A home page that the default site serves at http://localhost/."""
    # The welcome page from Wagtail's initial migration must not shadow ours.
    Site.objects.all().delete()
    return factories.make_home()


@pytest.fixture
def index(home):
    return factories.make_index(home)


@pytest.fixture
def process(index):
    return factories.make_process(index)


@pytest.fixture
def admin_client(client, django_user_model):
    """A client logged in as a superuser."""
    user = django_user_model.objects.create_superuser("redaktor", "redaktor@example.se", "x")
    client.force_login(user)
    return client


@pytest.fixture
def fast_forms(settings):
    """Forms may be sent at once; tests of the minimum fill time override it."""
    settings.WAGTAIL_MEDBORGARDIALOG_MIN_FILL_SECONDS = 0


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits and throttles live in the cache; each test starts without them."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def run_on_commit(monkeypatch):
    """Run on_commit callbacks (e-mails, cache purges) at once inside the test transaction."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


@pytest.fixture
def contract(process):
    return factories.make_contract(process)


@pytest.fixture(params=["plugin", "site"], ids=["plugin page", "site page"])
def contract_model(request):
    """The plugin's contract page, then a site's own page composed from the abstract base."""
    return CommunityContractPage if request.param == "plugin" else DistrictContractPage


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language: LocaleMiddleware activates the
    language of a request's URL (/en/...) and leaves it active in the thread afterwards."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


# --- the demo, built once ----------------------------------------------------------------


class DemoDatabase:
    """The demo (``load_demo``) built once into an open transaction that is never committed.

    Each demo test runs inside it in its own savepoint (pytest-django's ``db``), so a test
    that changes the demo sees its own changes only. The transaction is rolled back before
    the first test that does not use the demo, so no other test sees the demo's rows.
    """

    def __init__(self, blocker):
        self.blocker = blocker
        self.atomic = None
        self.output = None

    def open(self):
        if self.atomic is not None:
            return
        if connection.in_atomic_block:
            raise RuntimeError(
                "a demo test gets its database from the `demo` fixture: drop its django_db "
                "mark and its `db` fixture (they would roll the demo back after one test)"
            )
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            self.output = factories.load_demo()

    def close(self):
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None


_demo_database_key = pytest.StashKey[DemoDatabase]()


@pytest.fixture(scope="session")
def _demo_database(request, django_db_setup, django_db_blocker):
    database = DemoDatabase(django_db_blocker)
    request.config.stash[_demo_database_key] = database
    yield database
    database.close()


@pytest.fixture
def demo(request, _demo_database):
    """The demo site as ``make demo`` builds it; the value is what ``load_demo`` printed.

    Built once per run (per worker under xdist); the test runs in a savepoint inside it.
    """
    _demo_database.open()
    # Only now: the test's savepoint must open inside the demo's transaction.
    request.getfixturevalue("db")
    return _demo_database.output


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run the demo tests first, together: the demo is then built once, on the fresh
    database the migrations leave (transactional tests flush it later)."""
    items.sort(key=lambda item: "demo" not in getattr(item, "fixturenames", ()))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        database = item.config.stash.get(_demo_database_key, None)
        if database and nextitem and "demo" not in getattr(nextitem, "fixturenames", ()):
            database.close()


# --- query counts ----------------------------------------------------------------------


class FlatQueries:
    """Counts the SQL queries of a request (or any call) at growing data sizes.

    ``grow(size)`` brings the data to ``size`` before each count; if it returns a callable,
    that callable is what is counted at that size (for setups that build a new page per
    size). ``measure`` may be one callable or a mapping of names to callables (several
    requests counted one by one). Each count follows one uncounted warm-up call, so
    per-process caches (content types, site root paths) do not count.

    The whole-page cache (``caching.cached_page``) is off while counting, so what is counted
    is the page's rendering (with its fragments kept, as on a live site); ``page_cache=True``
    counts what a visitor without cookies gets once the page is kept.
    """

    def counts(self, measure=None, *, grow, sizes, page_cache=False):
        counts = []
        for size in sizes:
            built = grow(size)
            current = built if callable(built) else measure
            with override_settings(
                **({} if page_cache else {"WAGTAIL_MEDBORGARDIALOG_PAGE_CACHE_SECONDS": 0})
            ):
                if isinstance(current, Mapping):
                    counts.append({name: self._count(call) for name, call in current.items()})
                else:
                    counts.append(self._count(current))
        return counts

    def __call__(self, measure=None, *, grow, sizes=(5, 50), budget=None, page_cache=False):
        """Assert the query count is the same at each size (and at most ``budget``)."""
        counts = self.counts(measure, grow=grow, sizes=sizes, page_cache=page_cache)
        by_size = dict(zip(sizes, counts, strict=True))
        assert all(count == counts[0] for count in counts), f"queries grow: {by_size}"
        if budget is not None:
            values = [
                c
                for count in counts
                for c in (count.values() if isinstance(count, Mapping) else [count])
            ]
            assert max(values) <= budget, f"more than {budget} queries: {by_size}"
        return counts

    @staticmethod
    def _count(call: Callable[[], object]):
        call()  # warm-up
        with CaptureQueriesContext(connection) as queries:
            call()
        return len(queries)


@pytest.fixture
def assert_flat_queries():
    """``assert_flat_queries(measure, grow=..., sizes=(5, 50), budget=None)``: see FlatQueries."""
    return FlatQueries()
