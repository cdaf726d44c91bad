"""One demo user per role (logins listed in README).

Roles that must pass the second factor get an authenticator with a published secret, so a person
can add it to an authenticator app and log in. Demo data only: never reuse it.
"""

from typing import TextIO

from django_otp.plugins.otp_totp.models import TOTPDevice

from seoul_se.accounts import selectors
from seoul_se.accounts.models import Role, User
from seoul_se.core.demo import DEMO_PASSWORD

# RFC 6238's test secret "12345678901234567890"; base32 GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"

DEMO_USERS = [
    ("official@seoul-se.kr", "김서울", Role.OFFICIAL, "서울시 사회적경제담당관"),
    ("staff@seoul-se.kr", "이센터", Role.CENTRE_STAFF, "서울시사회적경제지원센터"),
    ("member@seoul-se.kr", "박기업", Role.ENTERPRISE_MEMBER, "트리플래닛"),
    ("reviewer@seoul-se.kr", "최심사", Role.REVIEWER, "외부 심사위원"),
    ("auditor@seoul-se.kr", "정감사", Role.AUDITOR, "회계법인"),
    ("admin@seoul-se.kr", "관리자", Role.ADMINISTRATOR, "시스템 관리"),
    # funds' demo links this person to their 수행기관.
    ("intermediary@seoul-se.kr", "수행기관 담당자", Role.INTERMEDIARY_STAFF, ""),
]


def load(out: TextIO) -> None:
    for email, name, role, organisation in DEMO_USERS:
        user, created = User.objects.get_or_create(
            email=email,
            defaults={
                "name": name,
                "role": role,
                "organisation": organisation,
                "is_superuser": role == Role.ADMINISTRATOR,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if selectors.second_factor_enforced(user):
            TOTPDevice.objects.get_or_create(
                user=user,
                name=selectors.TOTP_DEVICE_NAME,
                defaults={"key": DEMO_TOTP_KEY, "confirmed": True},
            )
    out.write(f"  demo users: {len(DEMO_USERS)} (second-factor secret in README)\n")
