from django.utils.translation import gettext_lazy as _

from districts import access
from seoul_se.audit.masking import PersonalDataPolicy
from seoul_se.core.tables import Column, Table


def centres(policy: PersonalDataPolicy) -> Table:
    """The centre list as ``policy``'s user may see it (the head's name masked or not)."""
    return Table(
        "자치구지원센터",
        (
            Column(_("자치구"), lambda c: c.district.name, width=10),
            Column(_("기관명"), lambda c: c.name, width=30),
            Column(_("전화번호"), lambda c: c.phone, width=14),
            Column(_("이메일"), lambda c: c.email, width=24),
            Column(_("센터장"), lambda c: access.shown_head(policy, c), width=10),
            Column(_("주소"), lambda c: c.address, width=40),
        ),
    )
