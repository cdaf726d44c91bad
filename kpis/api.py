"""KPI API: indicators (read for staff and auditors, write for staff), their values, measures,
and manual entries (staff submit with evidence, officials approve or reject)."""

from typing import Any

from django.urls import reverse
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, routers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from kpis import access, measures, selectors, services
from kpis.models import Indicator, IndicatorValue, ManualEntry, ManualEntryTransition, Unit
from kpis.rates import arrow_for, display_percent
from kpis.workflow import ENTRY_MACHINE
from seoul_se.access import RolePermission
from seoul_se.core.api import AllowedActionsField


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
            *services.INDICATOR_DETAIL_FIELDS,
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
        return services.create_indicator(actor=self.context["request"].user, **validated_data)

    def update(self, instance: Indicator, validated_data: dict[str, Any]) -> Indicator:
        return services.update_indicator(
            instance, actor=self.context["request"].user, **validated_data
        )


class KpiViewSet(viewsets.GenericViewSet):
    """Who reads and who writes, for every KPI endpoint, from ``kpis.access``."""

    permission_classes = [RolePermission]
    read_roles = access.READ_ROLES
    write_roles = access.EDIT_ROLES


class IndicatorFilter(filters.FilterSet):
    class Meta:
        model = Indicator
        fields = ["year", "area", "source", "measure_key"]


class IndicatorViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    KpiViewSet,
):
    """성과지표: 목표와 현재 실적·달성률. 직원은 등록·수정, 감사인은 조회만."""

    serializer_class = IndicatorSerializer
    queryset = Indicator.objects.none()
    filterset_class = IndicatorFilter

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return access.indicators_for(self.request.user).select_related("area", "value")


class ValueFilter(filters.FilterSet):
    year = filters.NumberFilter(field_name="indicator__year")
    stale = filters.BooleanFilter()

    class Meta:
        model = IndicatorValue
        fields = ["year", "stale"]


class IndicatorValueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, KpiViewSet):
    """성과지표 실적: 실적, 달성률(소수 6자리 저장, 표시는 정수 %), 산출 근거와 시각."""

    serializer_class = ValueSerializer
    queryset = IndicatorValue.objects.none()
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


class MeasureViewSet(mixins.ListModelMixin, KpiViewSet):
    """등록된 집계 기준 목록 (자동 집계 지표가 고를 수 있는 것)."""

    serializer_class = MeasureSerializer
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


class ManualEntryTransitionSerializer(serializers.ModelSerializer):
    actor_name = serializers.CharField(
        source="actor.get_full_name", read_only=True, allow_null=True
    )
    at = serializers.DateTimeField(source="created_at", read_only=True)  # the API's name, kept

    class Meta:
        model = ManualEntryTransition
        fields = ["from_status", "to_status", "actor", "actor_name", "comment", "at"]


class ManualEntrySerializer(serializers.ModelSerializer):
    """실적 직접 입력. 증빙 파일은 싣지 않고, 권한을 확인한 뒤 내려주는 주소(evidence_url)만 줍니다."""

    indicator_name = serializers.CharField(source="indicator.name", read_only=True)
    year = serializers.IntegerField(source="indicator.year", read_only=True)
    value_display = serializers.CharField(read_only=True)
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    entered_by_name = serializers.CharField(source="entered_by.get_full_name", read_only=True)
    approved_by_name = serializers.CharField(
        source="approved_by.get_full_name", read_only=True, allow_null=True
    )
    evidence_url = serializers.SerializerMethodField()
    transitions = ManualEntryTransitionSerializer(many=True, read_only=True)
    actions = AllowedActionsField(ENTRY_MACHINE)

    class Meta:
        model = ManualEntry
        fields = [
            "id",
            "indicator",
            "indicator_name",
            "year",
            "value",
            "unit",
            "value_display",
            "note",
            "status",
            "status_display",
            "entered_by",
            "entered_by_name",
            "entered_at",
            "approved_by",
            "approved_by_name",
            "decided_at",
            "evidence_url",
            "transitions",
            "actions",
        ]
        read_only_fields = fields

    def get_evidence_url(self, obj: ManualEntry) -> str:
        url = reverse("kpis:evidence", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


class ManualEntryInputSerializer(serializers.Serializer):
    """실적 제출 (multipart/form-data). 실적값·단위·증빙은 서비스가 한곳에서 검증합니다."""

    indicator = serializers.PrimaryKeyRelatedField(queryset=Indicator.objects.all())
    value = serializers.CharField(max_length=30, help_text="0 이상의 숫자 (예: 208, 81.5)")
    unit = serializers.ChoiceField(choices=Unit.choices, help_text="지표의 단위와 같아야 합니다.")
    evidence = serializers.FileField(required=False, allow_empty_file=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ManualEntryCommentSerializer(serializers.Serializer):
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="반려할 때는 필수"
    )


class ManualEntryFilter(filters.FilterSet):
    year = filters.NumberFilter(field_name="indicator__year")

    class Meta:
        model = ManualEntry
        fields = ["indicator", "status", "year"]


class ManualEntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, KpiViewSet):
    """실적 직접 입력: 직원이 증빙과 함께 제출하고, 입력자가 아닌 공무원이 승인·반려합니다."""

    serializer_class = ManualEntrySerializer
    queryset = ManualEntry.objects.none()
    filterset_class = ManualEntryFilter

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.entry_details(access.entries_for(self.request.user))

    # Multipart only in the schema: the evidence file cannot travel in JSON.
    @extend_schema(
        request={"multipart/form-data": ManualEntryInputSerializer},
        responses={201: ManualEntrySerializer},
    )
    def create(self, request: Request) -> Response:
        payload = ManualEntryInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        entry = services.submit_entry(
            data["indicator"],
            actor=request.user,
            value=data["value"],
            unit=data["unit"],
            evidence=data.get("evidence"),
            note=data["note"],
        )
        return Response(self.get_serializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ManualEntryCommentSerializer, responses=ManualEntrySerializer)
    @action(detail=True, methods=["post"], write_roles=access.APPROVE_ROLES)
    def approve(self, request: Request, pk: str | None = None) -> Response:
        """승인하면 실적과 달성률이 바로 반영됩니다. 본인이 입력한 실적은 승인할 수 없습니다."""
        return self._act(request, "approve")

    @extend_schema(request=ManualEntryCommentSerializer, responses=ManualEntrySerializer)
    @action(detail=True, methods=["post"], write_roles=access.APPROVE_ROLES)
    def reject(self, request: Request, pk: str | None = None) -> Response:
        """반려 사유(comment)가 필요합니다. 본인이 입력한 실적은 반려할 수 없습니다."""
        return self._act(request, "reject")

    @extend_schema(request=ManualEntryCommentSerializer, responses=ManualEntrySerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        """입력자 본인만 승인 대기 중인 실적을 철회할 수 있습니다."""
        return self._act(request, "withdraw")

    def _act(self, request: Request, action: str) -> Response:
        entry = services.act_on_entry(
            self.get_object(), action, actor=request.user, comment=self._comment(request)
        )
        return Response(self.get_serializer(entry).data)

    @staticmethod
    def _comment(request: Request) -> str:
        payload = ManualEntryCommentSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return str(payload.validated_data["comment"])


router = routers.SimpleRouter(trailing_slash=False)
router.register("kpi-indicators", IndicatorViewSet, basename="kpi-indicator")
router.register("kpi-values", IndicatorValueViewSet, basename="kpi-value")
router.register("kpi-measures", MeasureViewSet, basename="kpi-measure")
router.register("kpi-entries", ManualEntryViewSet, basename="kpi-entry")
urlpatterns = router.urls
