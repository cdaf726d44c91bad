"""Confirmation before an irreversible step (submit, delete, sign, disburse, reverse, lock …).

The step's button carries a signed token naming what it does: the URL it posts to, the Korean
message of what will happen, the label of the confirming button and the button's own
``name=value``. With JavaScript (``static/js/confirm.js``) the button opens a modal and, once
confirmed, the form posts to its own action. Without JavaScript the button posts the form to
the one confirmation page (``core:confirm``), which shows the message and a form posting the same
fields to the signed URL. The target view checks permissions as always: the token only decides
what the confirmation page says and where its form goes, never who may act.

Signed, so the page never shows text a visitor wrote; salted, so no other signed value of the
portal is accepted as a token; with an expiry, so an old page cannot be replayed for ever.
See docs/ui.md, "Confirmations".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core import signing
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SALT = "seoul_se.core.confirm"
# The form field of the token: the button's own name when it goes to the confirmation page.
TOKEN_FIELD = "_confirm"
# A page older than a working day's session cannot post anyway; the token ends with it.
MAX_AGE_SECONDS = 8 * 60 * 60


class BadConfirmation(Exception):
    """The token is missing, altered, expired or names a foreign address (400)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Confirmation:
    url: str  # where the confirmed form posts (a path of this portal)
    back: str  # the page of the step's button: where "취소" leads
    message: str  # what will happen, in the user's language
    label: str  # the confirming button
    name: str = ""  # the step button's name=value, posted along with the form's fields
    value: str = ""


def sign(
    url: str,
    message: StrOrPromise,
    label: StrOrPromise,
    *,
    back: str,
    name: str = "",
    value: str = "",
) -> str:
    payload = {"u": url, "b": back, "m": str(message), "l": str(label), "n": name, "v": value}
    return signing.dumps(payload, salt=SALT, compress=True)


def read(token: str) -> Confirmation:
    """The confirmation a token carries; :class:`BadConfirmation` with a Korean message else."""
    if not token:
        raise BadConfirmation(_("확인할 처리가 지정되지 않았습니다."))
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE_SECONDS)
    except signing.SignatureExpired:
        raise BadConfirmation(
            _("확인 요청이 만료되었습니다. 이전 화면을 새로 고친 뒤 다시 시도하세요.")
        ) from None
    except signing.BadSignature:
        raise BadConfirmation(_("확인 요청이 올바르지 않습니다.")) from None
    url, back = payload.get("u", ""), payload.get("b", "")
    # Signed by this portal, yet checked: a token never sends anyone to another site.
    if not (_local(url) and _local(back)):
        raise BadConfirmation(_("확인 요청이 올바르지 않습니다."))
    return Confirmation(
        url=url,
        back=back,
        message=payload.get("m", ""),
        label=payload.get("l", ""),
        name=payload.get("n", ""),
        value=payload.get("v", ""),
    )


def _local(url: str) -> bool:
    return url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
