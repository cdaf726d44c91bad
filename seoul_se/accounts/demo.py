"""One demo user per role (logins listed in README)."""

from typing import TextIO

from seoul_se.accounts.models import Role, User
from seoul_se.core.demo import DEMO_PASSWORD

DEMO_USERS = [
    ("official@seoul-se.kr", "김서울", Role.OFFICIAL, "서울시 사회적경제담당관"),
    ("staff@seoul-se.kr", "이센터", Role.CENTRE_STAFF, "서울시사회적경제지원센터"),
    ("member@seoul-se.kr", "박기업", Role.ENTERPRISE_MEMBER, "트리플래닛"),
    ("reviewer@seoul-se.kr", "최심사", Role.REVIEWER, "외부 심사위원"),
    ("auditor@seoul-se.kr", "정감사", Role.AUDITOR, "회계법인"),
    ("admin@seoul-se.kr", "관리자", Role.ADMINISTRATOR, "시스템 관리"),
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
    out.write(f"  demo users: {len(DEMO_USERS)}\n")
