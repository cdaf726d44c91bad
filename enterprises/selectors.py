"""Reads of the registry shared by pages, API, exports and other apps (KPIs, reports)."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from enterprises.models import (
    Certification,
    ChangeRequest,
    Enterprise,
    EnterpriseMembership,
    StatusTransition,
    YearlyFigures,
)
from enterprises.validators import digits_only, normalize_business_number
from seoul_se.accounts.models import User


def today() -> dt.date:
    return timezone.localdate()


def active_on(date: dt.date) -> Q:
    """Certifications in force on ``date`` (both ends inclusive; no end = open-ended)."""
    return Q(valid_from__lte=date) & (Q(valid_to__isnull=True) | Q(valid_to__gte=date))


def status_on(enterprise: Enterprise, date: dt.date | None = None) -> list[Certification]:
    """The certifications/designations of ``enterprise`` in force on ``date`` (default today)."""
    return list(
        enterprise.certifications.filter(active_on(date or today())).order_by("-valid_from")
    )


def with_status_on(
    queryset: QuerySet[Enterprise], date: dt.date, kinds: Iterable[str] | None = None
) -> QuerySet[Enterprise]:
    """Enterprises holding, on ``date``, a certification of one of ``kinds`` (any kind if None)."""
    certifications = Certification.objects.filter(active_on(date), enterprise=OuterRef("pk"))
    if kinds is not None:
        certifications = certifications.filter(kind__in=list(kinds))
    return queryset.filter(Exists(certifications))


def with_certification_in_year(
    queryset: QuerySet[Enterprise], year: int, kinds: Iterable[str] | None = None
) -> QuerySet[Enterprise]:
    """Enterprises certified/designated (valid_from) in ``year``."""
    certifications = Certification.objects.filter(enterprise=OuterRef("pk"), valid_from__year=year)
    if kinds is not None:
        certifications = certifications.filter(kind__in=list(kinds))
    return queryset.filter(Exists(certifications))


def certifications_started(year: int, kind: str) -> QuerySet[Certification]:
    """E.g. new village designations of a year, for the KPI app."""
    return Certification.objects.filter(kind=kind, valid_from__year=year)


def registered_by_business_number(text: str, *, missing: str) -> Enterprise:
    """The registered enterprise with this 사업자등록번호, written in any format
    (``000-00-00000`` or digits). ValidationError on ``business_number`` when the number is
    invalid, or with ``missing`` when no enterprise has it."""
    try:
        number = normalize_business_number(text)
    except ValidationError as exc:
        raise ValidationError({"business_number": exc.messages}) from exc
    enterprise = Enterprise.objects.filter(business_number=number).first()
    if enterprise is None:
        raise ValidationError({"business_number": missing})
    return enterprise


def ids_by_business_number(numbers: Iterable[str]) -> dict[str, int]:
    """{사업자등록번호 (10 digits): enterprise id} of the registered ones among ``numbers``
    (one query; imports match their rows with it)."""
    return dict(
        Enterprise.objects.filter(business_number__in=set(numbers)).values_list(
            "business_number", "pk"
        )
    )


def search_q(text: str) -> Q:
    """Name (partial, served by the trigram index) or registration number (prefix)."""
    text = text.strip()
    try:
        digits = digits_only(text)
    except ValidationError:  # superscript or circled digits: not a number, search names
        digits = ""
    if digits.isascii() and digits.isdigit() and len(digits) >= 3:
        return Q(business_number__startswith=digits) | Q(corporate_number__startswith=digits)
    return Q(name__icontains=text)


def for_list(queryset: QuerySet[Enterprise], date: dt.date | None = None) -> QuerySet[Enterprise]:
    """Everything a row of the list page and its Excel export shows, in a constant number of
    queries per page.

    Related rows go into plain lists (``to_attr``): prefetching into the related managers
    builds a filtered queryset per row, about 10 ms for a page of 50."""
    return queryset.select_related("legal_type", "district").prefetch_related(
        Prefetch("sectors", to_attr="sector_list"),
        Prefetch(
            "certifications",
            queryset=Certification.objects.filter(active_on(date or today())),
            to_attr="current_certifications",
        ),
    )


def for_api(queryset: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    """``for_list`` plus the strategic fields, which the API returns and the page does not."""
    return for_list(queryset).prefetch_related(
        Prefetch("strategic_fields", to_attr="strategic_field_list")
    )


def certifications_for_api(queryset: QuerySet[Certification]) -> QuerySet[Certification]:
    return queryset.select_related("enterprise").order_by("-valid_from", "pk")


def yearly_figures_for_api(queryset: QuerySet[YearlyFigures]) -> QuerySet[YearlyFigures]:
    return queryset.select_related("enterprise").order_by("-year", "pk")


def for_detail(queryset: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
    return queryset.select_related("legal_type", "district").prefetch_related(
        "sectors", "strategic_fields"
    )


def enterprise_detail_context(enterprise: Enterprise) -> dict[str, Any]:
    """History, members, yearly figures and open requests shown on the detail page."""
    return {
        "current": status_on(enterprise),
        "certifications": list(enterprise.certifications.all()),
        "memberships": list(
            enterprise.memberships.select_related("user", "decided_by").order_by("status", "pk")
        ),
        "figures": list(enterprise.yearly_figures.select_related("confirmed_by")),
        "change_requests": list(
            enterprise.change_requests.select_related("requested_by", "decided_by")
        ),
        "transitions": list(enterprise.transitions.select_related("actor")[:50]),
    }


def pending_work() -> dict[str, Any]:
    """The staff queue: enterprises to verify, memberships and identity changes to decide."""
    return {
        "enterprises": list(
            Enterprise.objects.filter(verification=Enterprise.Verification.PENDING)
            .select_related("legal_type", "district")
            .order_by("created_at")[:200]
        ),
        "memberships": list(
            EnterpriseMembership.objects.filter(status=EnterpriseMembership.Status.REQUESTED)
            .select_related("user", "enterprise")
            .order_by("requested_at")[:200]
        ),
        "change_requests": list(
            ChangeRequest.objects.filter(status=ChangeRequest.Status.REQUESTED)
            .select_related("enterprise", "requested_by")
            .order_by("requested_at")[:200]
        ),
        "figures": list(
            YearlyFigures.objects.filter(confirmed_at__isnull=True)
            .select_related("enterprise")
            .order_by("year", "pk")[:200]
        ),
    }


def memberships_of(user: Any) -> QuerySet[EnterpriseMembership]:
    return EnterpriseMembership.objects.filter(user=user).select_related(
        "enterprise", "enterprise__legal_type", "enterprise__district"
    )


def transitions_of(subject: str, object_id: int) -> QuerySet[StatusTransition]:
    return StatusTransition.objects.filter(subject=subject, object_id=object_id)


def village_designations_between(first: int, last: int) -> QuerySet[Certification]:
    """New village-enterprise designations (마을기업 신규 지정) starting in the years [first,
    last] (KPI measures)."""
    return Certification.objects.filter(
        kind=Certification.Kind.VILLAGE_NEW, valid_from__year__gte=first, valid_from__year__lte=last
    )


def approved_members_of(enterprise: Enterprise | int) -> list[User]:
    """The users an enterprise has approved as its members (those notified about its affairs)."""
    enterprise_id = enterprise if isinstance(enterprise, int) else enterprise.pk
    return [
        membership.user
        for membership in EnterpriseMembership.objects.filter(
            enterprise_id=enterprise_id, status=EnterpriseMembership.Status.APPROVED
        ).select_related("user")
    ]


def verified_enterprises(limit: int) -> list[Enterprise]:
    """The first ``limit`` verified enterprises by registration order (demo data of other apps)."""
    return list(
        Enterprise.objects.filter(verification=Enterprise.Verification.VERIFIED).order_by("pk")[
            :limit
        ]
    )


def representatives_of(business_numbers: set[str]) -> dict[str, str]:
    """사업자등록번호 → 대표자 of the registered enterprises among ``business_numbers``."""
    return dict(
        Enterprise.objects.filter(business_number__in=business_numbers).values_list(
            "business_number", "representative"
        )
    )
