"""The demo shows meetings: on the Norrby dialogue, and a network with its meeting series and
a closed intresseanmälan."""

from wagtail_medborgardialog.models import DialogueProcessPage, Meeting, NetworkPage


def test_demo_has_meetings_on_norrby_and_a_network_with_a_closed_intresseanmalan(demo, client):
    norrby = DialogueProcessPage.objects.get(slug="tillsammans-for-norrby")
    html = client.get(norrby.url).content.decode()
    assert "Uppföljningsträff: vad har hänt i Norrby?" in html
    assert Meeting.objects.filter(page=norrby, attendance__isnull=False).exists()

    network = NetworkPage.objects.get(slug="natverket-for-samhallskontrakt")
    html = client.get(network.url).content.decode()
    assert "Intresseanmälan är stängd" in html
    assert "Grannby kommun" in html
    assert "Nätverksträff 3" in html

    follow_up = Meeting.objects.get(title__startswith="Uppföljningsträff")
    detail = client.get(norrby.url + norrby.reverse_subpage("meeting_detail", args=[follow_up.pk]))
    assert detail.status_code == 200
    assert "Omar Haddad" not in detail.content.decode()  # registrations are never public
