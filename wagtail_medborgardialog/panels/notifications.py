"""The volunteer's e-mail: the confirmation link (double opt-in) and the withdrawal link."""

from ..models.panels import Volunteer
from ..notifications import send
from ..tasks import task


@task()
def send_volunteer_confirmation(
    volunteer_id: int, confirm_url: str, withdraw_url: str, language: str
) -> int:
    person = Volunteer.objects.filter(pk=volunteer_id, confirmed_at__isnull=True).first()
    if person is None or not person.email:
        return 0
    page = person.page.specific
    context = {
        "page": page,
        "page_title": page.title,
        "volunteer": person,
        "confirm_url": confirm_url,
        "withdraw_url": withdraw_url,
    }
    return send("panel_volunteer_confirm", context, [person.email], language)
