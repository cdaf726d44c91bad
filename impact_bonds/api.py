"""SIB API: the same scoping (``impact_bonds.access``) and services as the pages."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import routers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from impact_bonds import access, payout, selectors, services
from impact_bonds.models import ImpactBond, Measurement
from impact_bonds.serializers import (
    ImpactBondBandSerializer,
    ImpactBondMeasurementInputSerializer,
    ImpactBondMeasurementSerializer,
    ImpactBondSerializer,
)
from seoul_se.access import AuthenticatedPermission


class BondViewSet(viewsets.ReadOnlyModelViewSet):
    """Read: officials, staff, auditors and the bond's evaluator staff; measurements by the
    evaluator or an official; the payout rule by officials."""

    queryset = ImpactBond.objects.none()
    serializer_class = ImpactBondSerializer
    permission_classes = [AuthenticatedPermission]

    def get_queryset(self) -> QuerySet[ImpactBond]:
        return access.visible_bonds(self.request.user).prefetch_related(
            "budget_lines", "investors", "metrics"
        )

    @extend_schema(
        request=ImpactBondMeasurementInputSerializer, responses=ImpactBondMeasurementSerializer
    )
    @action(detail=True, methods=["post"])
    def measurements(self, request: Request, pk: str | None = None) -> Response:
        bond = self.get_object()
        data = ImpactBondMeasurementInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        metric = get_object_or_404(bond.metrics, pk=data.validated_data["metric"])
        measurement = services.record_measurement(
            metric,
            actor=request.user,
            year=data.validated_data["year"],
            value=data.validated_data["value"],
            note=data.validated_data["note"],
        )
        return Response(
            ImpactBondMeasurementSerializer(measurement).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        request=ImpactBondBandSerializer(many=True), responses=ImpactBondBandSerializer(many=True)
    )
    @action(detail=True, methods=["get", "put"], url_path="payout-rule")
    def payout_rule(self, request: Request, pk: str | None = None) -> Response:
        bond = self.get_object()
        if request.method == "PUT":
            if not access.can_manage(request.user):
                raise PermissionDenied("성과보상 구간은 서울시 담당자만 정할 수 있습니다.")
            bands = ImpactBondBandSerializer(data=request.data, many=True)
            bands.is_valid(raise_exception=True)
            services.set_payout_rule(
                bond, actor=request.user, bands=[payout.Band(**b) for b in bands.validated_data]
            )
        return Response(ImpactBondBandSerializer(selectors.rule_of(bond), many=True).data)


class MeasurementViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Measurement.objects.none()
    serializer_class = ImpactBondMeasurementSerializer
    permission_classes = [AuthenticatedPermission]
    filterset_fields = ["year", "metric"]

    def get_queryset(self) -> QuerySet[Measurement]:
        return selectors.measurements_for_list(access.visible_measurements(self.request.user))


router = routers.SimpleRouter(trailing_slash=False)
router.register("impact-bonds", BondViewSet, basename="impact-bond")
router.register("impact-bond-measurements", MeasurementViewSet, basename="impact-bond-measurement")
urlpatterns = router.urls
