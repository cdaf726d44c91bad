"""Districts API: the centres (contacts; the head's name masked as on the pages) and the stage
applications, scoped by ``districts.access`` like the programs pages."""

from typing import Any

from django.db.models import QuerySet
from rest_framework import routers

from districts import access, selectors
from districts.models import DistrictCentre, StageApplication
from districts.serializers import DistrictCentreSerializer, StageApplicationSerializer
from seoul_se.core.viewsets import RoleViewSet


class CentreViewSet(RoleViewSet):
    queryset = DistrictCentre.objects.none()
    serializer_class = DistrictCentreSerializer
    read_roles = access.READ_ROLES

    def get_queryset(self) -> QuerySet[DistrictCentre]:
        return selectors.centres()

    def get_serializer_context(self) -> dict[str, Any]:
        # One policy for the whole page of rows.
        return {
            **super().get_serializer_context(),
            "policy": access.personal_data_policy(self.request.user),
        }


class StageApplicationViewSet(RoleViewSet):
    queryset = StageApplication.objects.none()
    serializer_class = StageApplicationSerializer
    read_roles = access.STAGE_ROLES
    filterset_fields = ["district", "stage", "year"]

    def get_queryset(self) -> QuerySet[StageApplication]:
        return selectors.stage_applications(access.visible_stage_applications(self.request.user))


router = routers.SimpleRouter(trailing_slash=False)
router.register("district-centres", CentreViewSet, basename="districts-centre")
router.register(
    "district-stage-applications", StageApplicationViewSet, basename="districts-stage-application"
)
urlpatterns = router.urls
