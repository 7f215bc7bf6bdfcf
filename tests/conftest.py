import pytest
from wagtail.models import Site

from tests import factories


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
