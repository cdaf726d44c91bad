"""Procurement API: the same scoping (``procurement.access``) and services as the pages."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, routers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from procurement import access, selectors, services
from procurement.models import Institution, MatchContract, MatchmakingEvent, Meeting, Purchase
from procurement.serializers import (
    ProcurementContractSerializer,
    ProcurementEventSerializer,
    ProcurementInstitutionSerializer,
    ProcurementMeetingSerializer,
    ProcurementPurchaseSerializer,
    ProcurementYearFiguresSerializer,
)
from seoul_se.access import RolePermission
from seoul_se.core.viewsets import RoleViewSet


class _Scoped(RoleViewSet):
    read_roles = access.READ_ROLES
    write_roles = access.MANAGE_ROLES


class InstitutionViewSet(_Scoped):
    queryset = Institution.objects.order_by("kind", "name")
    serializer_class = ProcurementInstitutionSerializer
    read_roles = access.OVERVIEW_ROLES
    filterset_fields = ["kind"]


class PurchaseViewSet(mixins.CreateModelMixin, _Scoped):
    queryset = Purchase.objects.none()
    serializer_class = ProcurementPurchaseSerializer
    filterset_fields = ["institution", "enterprise"]

    def get_queryset(self) -> QuerySet[Purchase]:
        return selectors.purchases_for_list(access.visible_purchases(self.request.user))

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = services.record_purchase(
            actor=self.request.user,
            institution=data["institution"],
            business_number=data["enterprise"]["business_number"],
            amount=data["amount"],
            purchased_on=data["purchased_on"],
            item=data["item"],
        )


class EventViewSet(_Scoped):
    queryset = MatchmakingEvent.objects.none()
    serializer_class = ProcurementEventSerializer

    def get_queryset(self) -> QuerySet[MatchmakingEvent]:
        return access.visible_events(self.request.user).order_by("-starts_on")


class MeetingViewSet(_Scoped):
    queryset = Meeting.objects.none()
    serializer_class = ProcurementMeetingSerializer
    filterset_fields = ["event", "institution", "enterprise"]

    def get_queryset(self) -> QuerySet[Meeting]:
        return access.visible_meetings(self.request.user).order_by("event", "pk")


class ContractViewSet(_Scoped):
    queryset = MatchContract.objects.none()
    serializer_class = ProcurementContractSerializer

    def get_queryset(self) -> QuerySet[MatchContract]:
        return selectors.contracts_for_list(access.visible_contracts(self.request.user))


class YearFiguresViewSet(viewsets.ViewSet):
    """City-wide target vs actual per year with the cumulative matching contracts."""

    permission_classes = [RolePermission]
    read_roles = access.OVERVIEW_ROLES

    @extend_schema(responses=ProcurementYearFiguresSerializer(many=True))
    def list(self, request: Request) -> Response:
        rows = [
            {
                "year": y.year,
                "target": y.target,
                "actual": y.actual,
                "rate": y.rate,
                "matching_contract_total": selectors.matching_contract_total_until(y.year),
            }
            for y in selectors.yearly_overview()
        ]
        return Response(ProcurementYearFiguresSerializer(rows, many=True).data)


router = routers.SimpleRouter(trailing_slash=False)
router.register("procurement-institutions", InstitutionViewSet, basename="procurement-institution")
router.register("procurement-purchases", PurchaseViewSet, basename="procurement-purchase")
router.register("procurement-events", EventViewSet, basename="procurement-event")
router.register("procurement-meetings", MeetingViewSet, basename="procurement-meeting")
router.register("procurement-contracts", ContractViewSet, basename="procurement-contract")
router.register("procurement-years", YearFiguresViewSet, basename="procurement-year")
urlpatterns = router.urls
