"""Who may see and change which enterprises: the one place for pages and API of this app.

Other apps scope their enterprise-owned records with :func:`enterprise_ids_for`.
"""

from typing import Any

from django.db.models import QuerySet

from enterprises.models import Enterprise, EnterpriseMembership
from seoul_se.access import READ_ALL_ROLES, STAFF_ROLES


def enterprise_ids_for(user: Any) -> list[int]:
    """Enterprises the user belongs to (approved memberships only)."""
    if not (user and user.is_authenticated):
        return []
    return list(
        EnterpriseMembership.objects.filter(
            user=user, status=EnterpriseMembership.Status.APPROVED
        ).values_list("enterprise_id", flat=True)
    )


def visible_enterprises(user: Any) -> QuerySet[Enterprise]:
    if user.role in READ_ALL_ROLES:
        return Enterprise.objects.all()
    return Enterprise.objects.filter(pk__in=enterprise_ids_for(user))


def can_edit_enterprise(user: Any, enterprise: Enterprise) -> bool:
    if user.role in STAFF_ROLES:
        return True
    return enterprise.pk in enterprise_ids_for(user)
