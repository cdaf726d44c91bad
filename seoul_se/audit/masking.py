"""Masking of personal fields (대표자 이름, 전화번호, 이메일, 주소) for roles that do not need them.

One policy per request decides, and pages, the API and Excel exports all go through
:meth:`PersonalDataPolicy.apply`:

- officials, centre staff and administrators run the programs and see everything;
- an enterprise member sees its own enterprises' data in full;
- everyone else who may open the record (auditors, reviewers, intermediary staff, a member
  looking at another enterprise) sees it masked: ``홍*동``, ``010-****-5678``,
  ``ho**@example.kr``, ``서울특별시 마포구 ***``.
"""

import re
from collections.abc import Callable, Iterable, Mapping
from enum import Enum
from typing import Any

from seoul_se.access import STAFF_ROLES, has_role

FULL_VIEW_ROLES = STAFF_ROLES


class Kind(Enum):
    NAME = "name"
    PHONE = "phone"
    EMAIL = "email"
    ADDRESS = "address"


def mask_name(value: str) -> str:
    """홍길동 → 홍*동, 남궁민수 → 남**수, 홍길 → 홍*."""
    if len(value) <= 1:
        return "*" * len(value)
    if len(value) == 2:
        return value[0] + "*"
    return value[0] + "*" * (len(value) - 2) + value[-1]


_PHONE_GROUPS = re.compile(r"[-\s.]+")


def mask_phone(value: str) -> str:
    """010-1234-5678 → 010-****-5678, 02-123-4567 → 02-***-4567, 01012345678 → 010****5678."""
    groups = _PHONE_GROUPS.split(value)
    if len(groups) >= 3:
        separators = _PHONE_GROUPS.findall(value)
        masked = [groups[0], *("*" * len(g) for g in groups[1:-1]), groups[-1]]
        return "".join(g + s for g, s in zip(masked, [*separators, ""], strict=True))
    if len(value) <= 4:
        return "*" * len(value)
    keep_start = 3 if len(value) >= 8 else 0
    return value[:keep_start] + "*" * (len(value) - keep_start - 4) + value[-4:]


def mask_email(value: str) -> str:
    """hong@example.kr → ho**@example.kr (the domain stays: it names the organisation)."""
    local, at, domain = value.partition("@")
    keep = 1 if len(local) <= 2 else 2
    return local[:keep] + "*" * (len(local) - keep) + at + domain


def mask_address(value: str) -> str:
    """Only the city and district stay: 서울특별시 마포구 월드컵북로 400 → 서울특별시 마포구 ***."""
    words = value.split()
    if len(words) <= 2:
        return value
    return " ".join(words[:2]) + " ***"


MASKS: dict[Kind, Callable[[str], str]] = {
    Kind.NAME: mask_name,
    Kind.PHONE: mask_phone,
    Kind.EMAIL: mask_email,
    Kind.ADDRESS: mask_address,
}


class PersonalDataPolicy:
    """How one user sees the personal fields of records owned by an enterprise.

    ``own_ids`` (called at most once, only when needed) gives the enterprises whose data the
    user sees in full because they belong to them.
    """

    def __init__(self, user: Any, own_ids: Callable[[], Iterable[int]] | None = None) -> None:
        self.full = has_role(user, FULL_VIEW_ROLES)
        self._own_ids_source = own_ids
        self._own_ids: frozenset[int] | None = None

    def sees_full(self, owner_id: int | None) -> bool:
        if self.full:
            return True
        if owner_id is None or self._own_ids_source is None:
            return False
        if self._own_ids is None:
            self._own_ids = frozenset(self._own_ids_source())
        return owner_id in self._own_ids

    def apply(
        self, values: Mapping[str, Any], kinds: Mapping[str, Kind], *, owner_id: int | None
    ) -> dict[str, Any]:
        """``values`` with every field named in ``kinds`` masked unless the user sees it full."""
        result = dict(values)
        if self.sees_full(owner_id):
            return result
        for field, kind in kinds.items():
            value = result.get(field)
            if isinstance(value, str) and value:
                result[field] = MASKS[kind](value)
        return result
