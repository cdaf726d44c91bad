"""Education API: courses (read; staff create) and enrolments (members enrol and cancel their
own; staff and auditors read all) with the pages' access rules."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, routers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from education import access, services
from education.models import Course, Enrolment
from education.serializers import CourseSerializer, EnrolmentSerializer
from seoul_se.core.viewsets import RoleViewSet


class CourseViewSet(mixins.CreateModelMixin, RoleViewSet):
    read_roles = access.EDUCATION_ROLES
    write_roles = access.EDUCATION_STAFF_ROLES
    serializer_class = CourseSerializer
    queryset = Course.objects.none()

    def get_queryset(self) -> QuerySet[Course]:
        return access.visible_courses(self.request.user)

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = services.save_course(
            actor=self.request.user, data=serializer.validated_data
        )


class EnrolmentViewSet(mixins.CreateModelMixin, RoleViewSet):
    """``POST {"course": id}`` enrols the signed-in member (or puts them on the waiting list)."""

    read_roles = access.EDUCATION_ROLES
    write_roles = access.EDUCATION_ROLES - {"auditor"}
    serializer_class = EnrolmentSerializer
    queryset = Enrolment.objects.none()

    def get_queryset(self) -> QuerySet[Enrolment]:
        return access.visible_enrolments(self.request.user).order_by("pk")

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "policy": access.personal_data_policy(self.request.user),
        }

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = services.enrol_member(
            actor=self.request.user, course=serializer.validated_data["course"]
        )

    @extend_schema(request=None, responses=EnrolmentSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        enrolment = self.get_object()
        services.cancel_enrolment(actor=request.user, enrolment=enrolment)
        enrolment.refresh_from_db()
        return Response(self.get_serializer(enrolment).data)


router = routers.DefaultRouter()
router.register("education/courses", CourseViewSet, basename="education-course")
router.register("education/enrolments", EnrolmentViewSet, basename="education-enrolment")
urlpatterns = router.urls
