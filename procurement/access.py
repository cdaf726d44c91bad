"""Who sees and changes which procurement records: the one place for pages and API.

- Staff (officials, centre staff, administrators) read and manage everything.
- Auditors read everything and change nothing.
- Enterprise members read only the purchases, meetings and contracts of their own enterprises.
"""

from typing import Any

from django.db.models import QuerySet

from enterprises.access import enterprise_ids_for
from procurement.models import MatchContract, MatchmakingEvent, Meeting, Purchase
from seoul_se.access import READ_ALL_ROLES, STAFF_ROLES, has_role
from seoul_se.accounts.models import Role

# City-wide figures, institutions, targets and imports.
OVERVIEW_ROLES = READ_ALL_ROLES
# Purchase, meeting and contract lists: the queryset decides which rows.
READ_ROLES = READ_ALL_ROLES | {Role.ENTERPRISE_MEMBER}
MANAGE_ROLES = STAFF_ROLES


def can_manage(user: Any) -> bool:
    return has_role(user, MANAGE_ROLES)


def _own_ids(user: Any) -> list[int] | None:
    """None: every enterprise; a list: only these; [] for roles without access."""
    if has_role(user, READ_ALL_ROLES):
        return None
    if has_role(user, {Role.ENTERPRISE_MEMBER}):
        return enterprise_ids_for(user)
    return []


def visible_purchases(user: Any) -> QuerySet[Purchase]:
    ids = _own_ids(user)
    return Purchase.objects.all() if ids is None else Purchase.objects.filter(enterprise_id__in=ids)


def visible_meetings(user: Any) -> QuerySet[Meeting]:
    ids = _own_ids(user)
    return Meeting.objects.all() if ids is None else Meeting.objects.filter(enterprise_id__in=ids)


def visible_contracts(user: Any) -> QuerySet[MatchContract]:
    return MatchContract.objects.filter(meeting__in=visible_meetings(user))


def visible_events(user: Any) -> QuerySet[MatchmakingEvent]:
    if _own_ids(user) is None:
        return MatchmakingEvent.objects.all()
    return MatchmakingEvent.objects.filter(pk__in=visible_meetings(user).values("event_id"))
