"""Registry API: list/detail/create/update with the pages' permissions and FilterSet."""

from typing import Any

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, routers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from enterprises import selectors, services
from enterprises.access import (
    REGISTRY_ROLES,
    REGISTRY_WRITE_ROLES,
    editable_enterprises,
    visible_enterprises,
)
from enterprises.filters import EnterpriseFilter
from enterprises.models import Enterprise
from enterprises.serializers import EnterpriseSerializer, EnterpriseUpdateResultSerializer
from seoul_se.access import RolePermission


class EnterpriseViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Enterprise members see and update only their own enterprises (others: 404); their
    changes to name, registration numbers or legal type become change requests."""

    queryset = Enterprise.objects.none()
    serializer_class = EnterpriseSerializer
    permission_classes = [RolePermission]
    read_roles = REGISTRY_ROLES
    write_roles = REGISTRY_WRITE_ROLES
    # Sorting is the FilterSet's ``ordering`` (as on the page), not DRF's OrderingFilter.
    filter_backends = [DjangoFilterBackend]
    filterset_class = EnterpriseFilter

    def get_queryset(self) -> QuerySet[Enterprise]:
        scope = (
            editable_enterprises(self.request.user)
            if self.request.method not in ("GET", "HEAD", "OPTIONS")
            else visible_enterprises(self.request.user)
        )
        return selectors.for_api(scope.order_by("name", "pk"))

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


router = routers.SimpleRouter(trailing_slash=False)
router.register("enterprises", EnterpriseViewSet, basename="enterprises-enterprise")
urlpatterns = router.urls
