"""KPI API: indicators (read for staff and auditors, write for staff), their values, measures."""

from typing import Any

from django_filters import rest_framework as filters
from rest_framework import mixins, routers, serializers, viewsets

from kpis import access, measures, services
from kpis.models import Indicator, IndicatorValue
from kpis.rates import arrow_for, display_percent
from seoul_se.access import RolePermission


class ValueSerializer(serializers.ModelSerializer):
    display = serializers.SerializerMethodField()
    arrow = serializers.SerializerMethodField()
    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    year = serializers.IntegerField(source="indicator.year", read_only=True)

    class Meta:
        model = IndicatorValue
        fields = [
            "indicator",
            "indicator_name",
            "year",
            "period_value",
            "actual",
            "achievement_rate",
            "achievement_percent",
            "display",
            "arrow",
            "records_counted",
            "data_fingerprint",
            "basis",
            "computed_at",
            "stale",
        ]

    def get_display(self, obj: IndicatorValue) -> str:
        return display_percent(obj.achievement_percent)

    def get_arrow(self, obj: IndicatorValue) -> str:
        return arrow_for(obj.achievement_percent)


class IndicatorSerializer(serializers.ModelSerializer):
    area_name = serializers.CharField(source="area.name", read_only=True)
    value = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "id",
            "area",
            "area_name",
            "program",
            "year",
            "name",
            "unit",
            "direction",
            "cumulative",
            "target",
            "source",
            "measure_key",
            "measure_params",
            "note",
            "order",
            "value",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]
        validators: list = []  # the service validates (one place), incl. uniqueness

    def get_value(self, obj: Indicator) -> dict | None:
        value = getattr(obj, "value", None)
        if value is None:
            return None
        return {
            "actual": str(value.actual),
            "achievement_rate": None
            if value.achievement_rate is None
            else str(value.achievement_rate),
            "achievement_percent": value.achievement_percent,
            "display": display_percent(value.achievement_percent),
            "arrow": arrow_for(value.achievement_percent),
            "computed_at": value.computed_at,
            "stale": value.stale,
        }

    def create(self, validated_data: dict[str, Any]) -> Indicator:
        return services.create_indicator(self.context["request"].user, **validated_data)

    def update(self, instance: Indicator, validated_data: dict[str, Any]) -> Indicator:
        return services.update_indicator(instance, self.context["request"].user, **validated_data)


class IndicatorFilter(filters.FilterSet):
    class Meta:
        model = Indicator
        fields = ["year", "area", "source", "measure_key"]


class IndicatorViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """성과지표: 목표와 현재 실적·달성률. 직원은 등록·수정, 감사인은 조회만."""

    serializer_class = IndicatorSerializer
    queryset = Indicator.objects.none()
    permission_classes = [RolePermission]
    read_roles = access.READ_ROLES
    write_roles = access.EDIT_ROLES
    filterset_class = IndicatorFilter

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return access.indicators_for(self.request.user).select_related("area", "value")


class ValueFilter(filters.FilterSet):
    year = filters.NumberFilter(field_name="indicator__year")
    stale = filters.BooleanFilter()

    class Meta:
        model = IndicatorValue
        fields = ["year", "stale"]


class IndicatorValueViewSet(viewsets.ReadOnlyModelViewSet):
    """성과지표 실적: 실적, 달성률(소수 6자리 저장, 표시는 정수 %), 산출 근거와 시각."""

    serializer_class = ValueSerializer
    queryset = IndicatorValue.objects.none()
    permission_classes = [RolePermission]
    read_roles = access.READ_ROLES
    filterset_class = ValueFilter
    lookup_field = "indicator"

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return (
            access.values_for(self.request.user)
            .select_related("indicator")
            .order_by("indicator_id")
        )


class MeasureSerializer(serializers.Serializer):
    key = serializers.CharField()
    description = serializers.CharField()
    unit_kind = serializers.CharField()
    params = serializers.ListField(child=serializers.DictField())


class MeasureViewSet(viewsets.GenericViewSet, mixins.ListModelMixin):
    """등록된 집계 기준 목록 (자동 집계 지표가 고를 수 있는 것)."""

    serializer_class = MeasureSerializer
    permission_classes = [RolePermission]
    read_roles = access.READ_ROLES
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return [
            {
                "key": m.key,
                "description": m.description,
                "unit_kind": m.unit_kind,
                "params": [
                    {"name": p.name, "label": p.label, "kind": p.kind, "required": p.required}
                    for p in m.params
                ],
            }
            for m in measures.REGISTRY.values()
        ]


router = routers.SimpleRouter(trailing_slash=False)
router.register("kpi-indicators", IndicatorViewSet, basename="kpi-indicator")
router.register("kpi-values", IndicatorValueViewSet, basename="kpi-value")
router.register("kpi-measures", MeasureViewSet, basename="kpi-measure")
urlpatterns = router.urls
