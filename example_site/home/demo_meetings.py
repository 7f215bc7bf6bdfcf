"""The demo's meetings: workshops and follow-up meetings on the Norrby dialogue, an open
information meeting of its own (a meeting page beside the dialogues), and the network of
municipalities developing community contracts with its meeting series and a closed
intresseanmälan. Idempotent, with dates relative to the day the demo is loaded."""

import datetime

from django.utils import timezone

from wagtail_medborgardialog.meetings import registrations
from wagtail_medborgardialog.models import (
    DialogueProcessPage,
    Meeting,
    MeetingPage,
    NetworkMember,
    NetworkPage,
    Registration,
)

NETWORK_SLUG = "natverket-for-samhallskontrakt"
INFO_MEETING_SLUG = "informationsmote-om-medborgardialog"


def at(offset, hour, minute=0):
    """An aware moment ``offset`` days from today at ``hour`` local time."""
    day = timezone.localdate() + datetime.timedelta(days=offset)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _meeting(page, title, offset, start, end, **fields):
    meeting = Meeting.objects.filter(page=page, title=title).first()
    if meeting is None:
        meeting = Meeting.objects.create(
            page=page, title=title, starts_at=at(offset, start), ends_at=at(offset, end), **fields
        )
    return meeting


NORRBY_PLACE = {
    "place": "Norrbyskolans matsal",
    "address": "Skolvägen 4, Norrby",
    "hearing_loop": True,
    "step_free": True,
    "interpretation": True,
    "childcare": True,
    "accessibility_info": "Tolkning till somaliska och arabiska. Busshållplats Norrby torg "
    "ligger 100 meter från entrén.",
    "contact_name": "Karin Berg, processledare",
    "contact_email": "karin.berg@exempelkommun.se",
    "contact_phone": "0123-456 78",
}


def build_meetings(index):
    """Meetings on the Norrby dialogue and the network page under the home page."""
    norrby = DialogueProcessPage.objects.filter(slug="tillsammans-for-norrby").first()
    if norrby is not None:
        _meeting(
            norrby,
            "Dialogmöte: trygghet i Norrby",
            -120,
            18,
            20,
            capacity=60,
            attendance=43,
            minutes="<p>43 personer kom. Det som sades mest: gångvägen mellan skolan och "
            "idrottshallen är mörk, och unga saknar en plats på kvällarna. Synpunkterna är "
            "registrerade på dialogen och finns med i samhällskontraktet.</p>",
            **NORRBY_PLACE,
        )
        follow_up = _meeting(
            norrby,
            "Uppföljningsträff: vad har hänt i Norrby?",
            12,
            18,
            20,
            capacity=3,
            description="Kommunen och kontraktets parter berättar hur åtagandena går, och "
            "du kan fråga och tycka till.",
            **NORRBY_PLACE,
        )
        if not Registration.objects.filter(meeting=follow_up).exists():
            # Stored as they are after confirming (no e-mails from the demo): three places
            # taken, one person waiting.
            people = [
                ("Amina Yusuf", "Somaliska föräldraföreningen", "confirmed", None),
                ("Erik Lund", "Norrby IF", "confirmed", None),
                ("Sofia Ek", "", "confirmed", None),
                ("Omar Haddad", "Boendenätverket i Norrby", "waitlisted", 1),
            ]
            for n, (name, org, status, position) in enumerate(people):
                email = f"deltagare{n}@example.se"
                Registration.objects.create(
                    meeting=follow_up,
                    name=name,
                    email=email,
                    organisation=org,
                    consent=True,
                    language="sv",
                    identity_hash=registrations.identity_hash_for(follow_up, email),
                    status=status,
                    position=position,
                    confirmed_at=timezone.now(),
                )
        _meeting(
            norrby,
            "Workshop med unga: kvällarna i Norrby",
            30,
            15,
            17,
            capacity=25,
            language="sv",
            registration_closes_at=at(27, 23, 59),
            **NORRBY_PLACE,
        )
    build_info_meeting(index)
    return build_network(index.get_parent())


def build_info_meeting(index):
    """An open information meeting that belongs to no one dialogue: how residents take part
    (dialogues, e-förslag, the participatory budget). Three weeks after the young people's
    workshop, open for registration with a few places taken."""
    page = MeetingPage.objects.filter(slug=INFO_MEETING_SLUG).first()
    if page is None:
        page = MeetingPage(
            slug=INFO_MEETING_SLUG,
            title="Informationsmöte: så kan du påverka i Exempelkommun",
            intro="<p>Ett öppet möte för alla som bor, arbetar eller studerar i kommunen. Vi "
            "berättar hur medborgardialogerna går till, hur du lämnar ett e-förslag och hur "
            "medborgarbudgeten fungerar, och svarar på frågor. Ingen förkunskap behövs.</p>",
        )
        index.add_child(instance=page)
        page.save_revision().publish()
    meeting = _meeting(
        page,
        "Informationsmöte på stadsbiblioteket",
        51,
        18,
        19,
        description="Kaffe från 17.30. Mötet spelas inte in.",
        place="Stadsbiblioteket, hörsalen",
        address="Biblioteksgatan 2, Exempelkommun",
        online_url="https://exempelkommun.se/informationsmote",
        hearing_loop=True,
        step_free=True,
        capacity=80,
        registration_closes_at=at(49, 23, 59),
        contact_name="Karin Berg, processledare",
        contact_email="karin.berg@exempelkommun.se",
        contact_phone="0123-456 78",
    )
    if not Registration.objects.filter(meeting=meeting).exists():
        for n, (name, org) in enumerate(
            [("Lars Nyberg", ""), ("Fatima Ali", "Studieförbundet i Exempelkommun")]
        ):
            email = f"info{n}@example.se"
            Registration.objects.create(
                meeting=meeting,
                name=name,
                email=email,
                organisation=org,
                consent=True,
                language="sv",
                identity_hash=registrations.identity_hash_for(meeting, email),
                status="confirmed",
                confirmed_at=timezone.now(),
            )
    return page


def build_network(home):
    network = NetworkPage.objects.filter(slug=NETWORK_SLUG).first()
    if network is None:
        network = NetworkPage(
            slug=NETWORK_SLUG,
            title="Nätverket för lokala samhällskontrakt",
            show_in_menus=True,
            description="<p>Kommuner som tar fram lokala samhällskontrakt träffas fyra gånger "
            "om året för att lära av varandra: hur dialogen förankras politiskt, hur parterna "
            "hittas och hur åtagandena följs upp.</p>",
            interest_open=False,
            ask_phone=False,
            contact_name="Karin Berg",
            contact_email="karin.berg@exempelkommun.se",
        )
        home.add_child(instance=network)
        for i, name in enumerate(
            ["Exempelkommun", "Grannby kommun", "Sjöstads kommun", "Älvdals kommun"]
        ):
            NetworkMember.objects.create(page=network, name=name, sort_order=i)
        network.save_revision().publish()
    place = {
        "place": "Stadshuset, sal Norrsken",
        "address": "Stora torget 1, Exempelkommun",
        "online_url": "https://exempelkommun.se/natverksmote",
        "hearing_loop": True,
        "step_free": True,
        "contact_name": "Karin Berg",
        "contact_email": "karin.berg@exempelkommun.se",
    }
    _meeting(
        network,
        "Nätverksträff 1: politisk förankring",
        -60,
        9,
        12,
        attendance=18,
        minutes="<p>Fyra kommuner berättade hur de fick ett politiskt beslut om att delta. "
        "Nästa träff handlar om hur parterna hittas.</p>",
        **place,
    )
    _meeting(
        network,
        "Nätverksträff 2: att hitta parterna",
        20,
        9,
        12,
        capacity=30,
        registration_closed=True,
        **place,
    )
    _meeting(network, "Nätverksträff 3: uppföljning av åtaganden", 110, 9, 12, capacity=30, **place)
    return network
