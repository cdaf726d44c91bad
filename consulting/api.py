"""Consulting API: cases (list/retrieve/create, ``rate``) with the pages' access rules."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, routers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from consulting import access, selectors, services
from consulting.models import Case
from consulting.serializers import CaseSerializer, RateSerializer
from seoul_se.access import AuthenticatedPermission


class ConsultingPermission(AuthenticatedPermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return super().has_permission(request, view) and access.may_open(request.user)


class CaseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Members see and request only their own enterprises' cases (others: 404); staff all.
    ``?mine=1&status=open&year=2018&enterprise=<id>&kind=daily`` filter like the page."""

    permission_classes = [ConsultingPermission]
    serializer_class = CaseSerializer
    queryset = Case.objects.none()

    def get_queryset(self) -> QuerySet[Case]:
        params = self.request.query_params
        try:
            year = int(params["year"]) if params.get("year") else None
            enterprise = int(params["enterprise"]) if params.get("enterprise") else None
        except ValueError:
            year = enterprise = None
        cases = selectors.filter_cases(
            access.visible_cases(self.request.user),
            user=self.request.user,
            mine=params.get("mine") == "1",
            status=params.get("status", ""),
            enterprise_id=enterprise,
            year=year,
            kind=params.get("kind", ""),
        )
        return selectors.for_detail(cases)

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        options = {k: data[k] for k in ("kind", "channel", "requested_on") if k in data}
        serializer.instance = services.open_case(
            actor=self.request.user,
            enterprise=data["enterprise"],
            field=data["field"],
            description=data["description"],
            **options,
        )

    @extend_schema(request=RateSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def rate(self, request: Request, pk: str | None = None) -> Response:
        case = self.get_object()
        if not access.may_rate(request.user, case):
            raise PermissionDenied("기업 담당자만 만족도를 남길 수 있습니다.")
        body = RateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.rate(
            actor=request.user,
            case=case,
            rating=body.validated_data["satisfaction"],
            comment=body.validated_data["comment"],
        )
        return Response(CaseSerializer(self.get_queryset().get(pk=case.pk)).data)


router = routers.DefaultRouter()
router.register("consulting/cases", CaseViewSet, basename="consulting-case")
urlpatterns = router.urls
