"""Who works for which intermediary (and so sees and posts its loans)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from funds import access
from funds.models import Intermediary
from seoul_se.access import require_role
from seoul_se.accounts.models import Role, User
from seoul_se.accounts.services import invite_user, password_setup_url
from seoul_se.notifications.services import notify


@transaction.atomic
def add_intermediary_staff(
    intermediary: Intermediary, *, actor: User, email: str, name: str = ""
) -> User:
    """Link a person to the intermediary: they then see and post only its loans. A new address
    gets an account (role 수행기관 직원) and an e-mail with a link to set a password."""
    require_role(actor, access.INTERMEDIARY_STAFF_MANAGE_ROLES)
    email = email.strip().lower()
    user = User.objects.select_for_update().filter(email__iexact=email).first()
    invited = user is None
    if user is None:
        if not name.strip():
            raise ValidationError(
                {
                    "name": ValidationError(
                        _("새 사용자이므로 이름을 입력해 주세요."), code="name_required"
                    )
                }
            )
        user = invite_user(
            email=email,
            name=name.strip(),
            role=Role.INTERMEDIARY_STAFF,
            organisation=intermediary.name,
        )
    elif user.role != Role.INTERMEDIARY_STAFF:
        raise ValidationError(
            {
                "email": ValidationError(
                    _(
                        "%(email)s은(는) '%(role)s' 사용자입니다. "
                        "수행기관 직원 역할의 사용자만 등록할 수 있습니다."
                    )
                    % {"email": user.email, "role": user.get_role_display()},
                    code="not_intermediary_staff",
                )
            }
        )
    # One institution per person: their loan scope must be unambiguous.
    other = user.fund_intermediaries.exclude(pk=intermediary.pk).first()
    if other is not None:
        raise ValidationError(
            {
                "email": ValidationError(
                    _("이미 %(name)s 직원입니다. 먼저 그 기관에서 해제해 주세요.")
                    % {"name": other.name},
                    code="other_intermediary",
                )
            }
        )
    if not intermediary.staff.filter(pk=user.pk).exists():
        intermediary.staff.add(user)
        notify(
            [user],
            f"{intermediary.name} 직원으로 등록되었습니다",
            "아래 링크에서 비밀번호를 정한 뒤 로그인해 주세요." if invited else "",
            password_setup_url(user) if invited else reverse("funds:loan_list"),
        )
    return user


@transaction.atomic
def remove_intermediary_staff(intermediary: Intermediary, *, actor: User, user_id: int) -> None:
    require_role(actor, access.INTERMEDIARY_STAFF_MANAGE_ROLES)
    intermediary.staff.remove(user_id)
