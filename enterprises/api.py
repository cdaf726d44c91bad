"""Registry API: list/detail/create/update with the pages' permissions and FilterSet, plus
an enterprise's certifications and yearly figures (``?enterprise=<id>``)."""

from typing import Any

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, routers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from enterprises import selectors, services
from enterprises.access import (
    REGISTRY_ROLES,
    REGISTRY_STAFF_ROLES,
    REGISTRY_WRITE_ROLES,
    editable_enterprises,
    editable_yearly_figures,
    personal_data_policy,
    visible_certifications,
    visible_enterprises,
    visible_yearly_figures,
)
from enterprises.filters import CertificationFilter, EnterpriseFilter, YearlyFiguresFilter
from enterprises.models import Certification, Enterprise, YearlyFigures
from enterprises.serializers import (
    CertificationSerializer,
    EnterpriseSerializer,
    EnterpriseUpdateResultSerializer,
    YearlyFiguresSerializer,
    YearlyFiguresUpdateSerializer,
)
from seoul_se.access import RolePermission
from seoul_se.audit.models import AccessLog
from seoul_se.audit.recording import log_access


def _writing(request: Request) -> bool:
    return request.method not in permissions.SAFE_METHODS


class RegistryViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The registry's roles (members write only their own enterprises, by the scope of each
    queryset) and its FilterSets."""

    permission_classes = [RolePermission]
    read_roles = REGISTRY_ROLES
    write_roles = REGISTRY_WRITE_ROLES
    # Sorting is the FilterSet's ``ordering`` (as on the page) or fixed, not DRF's
    # OrderingFilter.
    filter_backends = [DjangoFilterBackend]


class EnterpriseViewSet(mixins.UpdateModelMixin, RegistryViewSet):
    """Enterprise members see and update only their own enterprises (others: 404); their
    changes to name, registration numbers or legal type become change requests."""

    queryset = Enterprise.objects.none()
    serializer_class = EnterpriseSerializer
    filterset_class = EnterpriseFilter

    def get_queryset(self) -> QuerySet[Enterprise]:
        scope = (
            editable_enterprises(self.request.user)
            if _writing(self.request)
            else visible_enterprises(self.request.user)
        )
        return selectors.for_api(scope.order_by("name", "pk"))

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "policy": personal_data_policy(self.request.user),
        }

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().list(request, *args, **kwargs)
        rows = response.data["results"] if isinstance(response.data, dict) else response.data
        log_access(
            request,
            action=AccessLog.Action.API,
            model=Enterprise,
            record_ids=[r["id"] for r in rows],
        )
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        log_access(
            request, action=AccessLog.Action.API, model=Enterprise, record_ids=[response.data["id"]]
        )
        return response

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = services.create_enterprise(
            actor=self.request.user, data=serializer.validated_data
        )

    @extend_schema(responses=EnterpriseUpdateResultSerializer)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        partial = kwargs.pop("partial", False)
        enterprise = self.get_object()
        serializer = self.get_serializer(enterprise, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        opened = services.update_profile(
            actor=request.user, enterprise=enterprise, data=serializer.validated_data
        )
        fresh = self.get_queryset().get(pk=enterprise.pk)
        body = EnterpriseUpdateResultSerializer(
            fresh, context={**self.get_serializer_context(), "opened": opened}
        ).data
        return Response(body, status=status.HTTP_202_ACCEPTED if opened else status.HTTP_200_OK)

    @extend_schema(responses=EnterpriseUpdateResultSerializer)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)


class CertificationViewSet(RegistryViewSet):
    """Certification history: read with the enterprise (members: their own only); staff add
    records; the optional document (multipart) is judged by its content."""

    queryset = Certification.objects.none()
    serializer_class = CertificationSerializer
    write_roles = REGISTRY_STAFF_ROLES
    filterset_class = CertificationFilter

    def get_queryset(self) -> QuerySet[Certification]:
        return selectors.certifications_for_api(visible_certifications(self.request.user))

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = services.add_certification(
            actor=self.request.user, enterprise=data.pop("enterprise"), data=data
        )


class YearlyFiguresViewSet(mixins.UpdateModelMixin, RegistryViewSet):
    """Yearly figures: members enter and correct their own enterprises' years until staff
    confirm them; confirmed figures only staff change (the service decides)."""

    queryset = YearlyFigures.objects.none()
    serializer_class = YearlyFiguresSerializer
    filterset_class = YearlyFiguresFilter

    def get_queryset(self) -> QuerySet[YearlyFigures]:
        scope = editable_yearly_figures if _writing(self.request) else visible_yearly_figures
        return selectors.yearly_figures_for_api(scope(self.request.user))

    def get_serializer_class(self) -> type[YearlyFiguresSerializer]:
        if self.action in ("update", "partial_update"):
            return YearlyFiguresUpdateSerializer
        return YearlyFiguresSerializer

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = services.save_yearly_figures(
            actor=self.request.user,
            enterprise=data.pop("enterprise"),
            year=data.pop("year"),
            data=data,
        )

    def perform_update(self, serializer: Any) -> None:
        figures = serializer.instance
        serializer.instance = services.save_yearly_figures(
            actor=self.request.user,
            enterprise=figures.enterprise,
            year=figures.year,
            data=serializer.validated_data,
        )

    @extend_schema(request=None, responses=YearlyFiguresSerializer)
    @action(detail=True, methods=["post"], write_roles=REGISTRY_STAFF_ROLES)
    def confirm(self, request: Request, pk: str | None = None) -> Response:
        figures = services.confirm_yearly_figures(actor=request.user, figures=self.get_object())
        return Response(self.get_serializer(figures).data)


router = routers.SimpleRouter(trailing_slash=False)
# Before "enterprises", whose "enterprises/{id}" would otherwise take these paths.
router.register(
    "enterprises/certifications", CertificationViewSet, basename="enterprises-certification"
)
router.register(
    "enterprises/yearly-figures", YearlyFiguresViewSet, basename="enterprises-yearly-figures"
)
router.register("enterprises", EnterpriseViewSet, basename="enterprises-enterprise")
urlpatterns = router.urls
