"""Who sees and changes which market-access records: the one place for pages and API.

- Staff (officials, centre staff, administrators) read and manage everything.
- Auditors read everything and change nothing.
- Enterprise members read only their own enterprises' placements, sales and event
  participations, and only the channels and events those belong to.
"""

from typing import Any

from django.db.models import QuerySet

from enterprises.access import enterprise_ids_for
from markets.models import (
    EventParticipation,
    MarketEvent,
    Placement,
    SalesChannel,
    SalesReport,
)
from seoul_se.access import READ_ALL_ROLES, STAFF_ROLES, has_role
from seoul_se.accounts.models import Role

READ_ROLES = READ_ALL_ROLES | {Role.ENTERPRISE_MEMBER}
MANAGE_ROLES = STAFF_ROLES


def can_manage(user: Any) -> bool:
    return has_role(user, MANAGE_ROLES)


def reads_all(user: Any) -> bool:
    return has_role(user, READ_ALL_ROLES)


def _is_member(user: Any) -> bool:
    return has_role(user, {Role.ENTERPRISE_MEMBER})


def visible_placements(user: Any) -> QuerySet[Placement]:
    if reads_all(user):
        return Placement.objects.all()
    if _is_member(user):
        return Placement.objects.filter(enterprise_id__in=enterprise_ids_for(user))
    return Placement.objects.none()


def visible_sales(user: Any) -> QuerySet[SalesReport]:
    return SalesReport.objects.filter(placement__in=visible_placements(user))


def visible_participations(user: Any) -> QuerySet[EventParticipation]:
    if reads_all(user):
        return EventParticipation.objects.all()
    if _is_member(user):
        return EventParticipation.objects.filter(enterprise_id__in=enterprise_ids_for(user))
    return EventParticipation.objects.none()


def visible_channels(user: Any) -> QuerySet[SalesChannel]:
    if reads_all(user):
        return SalesChannel.objects.all()
    return SalesChannel.objects.filter(
        pk__in=visible_placements(user).values("channel_id")
    ).distinct()


def visible_events(user: Any) -> QuerySet[MarketEvent]:
    if reads_all(user):
        return MarketEvent.objects.all()
    return MarketEvent.objects.filter(pk__in=visible_participations(user).values("event_id"))
