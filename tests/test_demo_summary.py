"""What `make demo` prints after loading the demo, and the demo's accessibility statement."""

from django.contrib.auth import get_user_model

from tests import factories
from wagtail_medborgardialog.models import AccessibilityStatementPage


def test_load_demo_prints_the_addresses_and_every_demo_user_with_its_role(demo):
    out = demo

    assert "Site:  http://127.0.0.1:8000/" in out
    assert "Admin: http://127.0.0.1:8000/admin/" in out
    assert "password: exempelkommun" in out
    lines = out.splitlines()
    for username, role in [
        ("admin", "superuser"),
        ("processledare", "moderates and answers contributions"),
        ("styrgrupp", "approves or asks for changes"),
        ("beslutande", "records political decisions"),
    ]:
        assert get_user_model().objects.filter(username=username).exists()
        assert any(line.split()[0] == username and role in line for line in lines if line.strip())


def test_the_demo_publishes_an_accessibility_statement(client, demo):
    factories.load_demo()

    statement = AccessibilityStatementPage.objects.live().get()
    assert statement.url == "/tillganglighetsredogorelse/"
    html = client.get(statement.url).content.decode()
    assert "Exempelkommun står bakom webbplatsen www.exempelkommun.se." in html
    assert "Den här webbplatsen är delvis förenlig" in html
    assert "1.4.3 Kontrast (minimum)" in html
    assert "https://www.digg.se/tdosanmalan" in html
    assert statement.gaps.count() == 2
