r"""The signed link that confirms a contribution (double opt-in), and reading it back.

Wagtail serves page paths made of [\w-] only, so the signed value (which contains ":")
travels base64url-encoded without padding.
"""

import base64

from django.core import signing

from ..links import absolute_url

CONFIRM_SALT = "wagtail_medborgardialog.contribution-confirm"


def make_confirmation_token(contribution):
    signed = signing.dumps(contribution.pk, salt=CONFIRM_SALT)
    return base64.urlsafe_b64encode(signed.encode()).decode().rstrip("=")


def read_confirmation_token(token, max_age=None):
    """The contribution id in ``token``; raises SignatureExpired or BadSignature."""
    try:
        signed = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (ValueError, UnicodeDecodeError) as error:
        raise signing.BadSignature("malformed token") from error
    return signing.loads(signed, salt=CONFIRM_SALT, max_age=max_age)


def confirmation_url(contribution, request=None):
    page = contribution.page.specific
    return absolute_url(
        page,
        request,
        page.reverse_subpage("contribution_confirm", args=[make_confirmation_token(contribution)]),
    )
