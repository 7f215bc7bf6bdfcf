import pytest
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
