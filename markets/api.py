"""Market-access API: the same scoping (``markets.access``) and services as the pages."""

from typing import Any

from django.db.models import QuerySet
from rest_framework import mixins, routers
from rest_framework.exceptions import PermissionDenied

from markets import access, selectors, services
from markets.models import EventParticipation, MarketEvent, Placement, SalesChannel, SalesReport
from markets.serializers import (
    MarketChannelSerializer,
    MarketEventSerializer,
    MarketParticipationSerializer,
    MarketPlacementSerializer,
    MarketSalesSerializer,
)
from seoul_se.core.viewsets import RoleViewSet


class _Scoped(RoleViewSet):
    read_roles = access.READ_ROLES
    write_roles = access.MANAGE_ROLES


class ChannelViewSet(mixins.CreateModelMixin, _Scoped):
    queryset = SalesChannel.objects.none()
    serializer_class = MarketChannelSerializer
    filterset_fields = ["kind"]

    def get_queryset(self) -> QuerySet[SalesChannel]:
        return access.visible_channels(self.request.user).order_by("kind", "name")

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = services.create_channel(
            actor=self.request.user,
            kind=data["kind"],
            name=data["name"],
            operator=data.get("operator", ""),
            opened_on=data.get("opened_on"),
        )


class PlacementViewSet(mixins.CreateModelMixin, _Scoped):
    queryset = Placement.objects.none()
    serializer_class = MarketPlacementSerializer
    filterset_fields = ["channel", "enterprise"]

    def get_queryset(self) -> QuerySet[Placement]:
        return selectors.placements_for_list(access.visible_placements(self.request.user)).order_by(
            "-started_on", "pk"
        )

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = services.place_enterprise(
            data["channel"],
            actor=self.request.user,
            business_number=data["enterprise"]["business_number"],
            started_on=data["started_on"],
            ended_on=data.get("ended_on"),
            products=data.get("products", ""),
        )


class SalesViewSet(mixins.CreateModelMixin, _Scoped):
    queryset = SalesReport.objects.none()
    serializer_class = MarketSalesSerializer
    filterset_fields = ["placement", "year", "period_kind"]

    def get_queryset(self) -> QuerySet[SalesReport]:
        return selectors.sales_for_list(access.visible_sales(self.request.user))

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        placement = data["placement"]
        if not access.visible_placements(self.request.user).filter(pk=placement.pk).exists():
            raise PermissionDenied("이 입점의 매출을 기록할 권한이 없습니다.")
        serializer.instance = services.report_sales(
            placement,
            actor=self.request.user,
            period_kind=data["period_kind"],
            year=data["year"],
            period=data["period"],
            amount=data["amount"],
        )


class EventViewSet(mixins.CreateModelMixin, _Scoped):
    queryset = MarketEvent.objects.none()
    serializer_class = MarketEventSerializer
    filterset_fields = ["series"]

    def get_queryset(self) -> QuerySet[MarketEvent]:
        return access.visible_events(self.request.user).order_by("-held_on", "pk")

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = services.create_event(
            actor=self.request.user, **serializer.validated_data
        )


class ParticipationViewSet(mixins.CreateModelMixin, _Scoped):
    queryset = EventParticipation.objects.none()
    serializer_class = MarketParticipationSerializer
    filterset_fields = ["event", "enterprise"]

    def get_queryset(self) -> QuerySet[EventParticipation]:
        return selectors.participations_for_list(access.visible_participations(self.request.user))

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        serializer.instance = services.record_participation(
            data["event"],
            actor=self.request.user,
            business_number=data["enterprise"]["business_number"],
            sales=data["sales"],
        )


router = routers.SimpleRouter(trailing_slash=False)
router.register("market-channels", ChannelViewSet, basename="markets-channel")
router.register("market-placements", PlacementViewSet, basename="markets-placement")
router.register("market-sales", SalesViewSet, basename="markets-sales")
router.register("market-events", EventViewSet, basename="markets-event")
router.register("market-participations", ParticipationViewSet, basename="markets-participation")
urlpatterns = router.urls
