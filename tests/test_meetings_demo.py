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


def test_demo_has_an_open_information_meeting_of_its_own(demo, client):
    from django.utils import timezone

    from wagtail_medborgardialog.models import DialogueIndexPage, MeetingPage

    page = MeetingPage.objects.get(slug="informationsmote-om-medborgardialog")
    (meeting,) = Meeting.objects.filter(page=page)
    html = client.get(page.url).content.decode()
    assert "Informationsmöte på stadsbiblioteket" in html
    assert "78 platser kvar" in html or "78 places left" in html
    # After the young people's workshop on the Norrby dialogue, before the last network meeting.
    workshop = Meeting.objects.get(title="Workshop med unga: kvällarna i Norrby")
    network_last = Meeting.objects.get(title__startswith="Nätverksträff 3")
    assert workshop.starts_at < meeting.starts_at < network_last.starts_at
    assert meeting.is_open_for_registration(timezone.now())

    index = page.get_parent().specific
    assert isinstance(index, DialogueIndexPage)
    assert "Informationsmöte på stadsbiblioteket" in client.get(index.url).content.decode()
    detail = client.get(page.url + page.reverse_subpage("meeting_detail", args=[meeting.pk]))
    assert detail.status_code == 200
    assert "Lars Nyberg" not in detail.content.decode()
