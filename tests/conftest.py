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
def contract(process):
    return factories.make_contract(process)
