"""Programs API: the same scoping as the pages (``programs.access``) and the same services."""

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, routers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from enterprises.models import Enterprise
from programs import access, selectors, services
from programs.models import Agreement, Application, Call, Disbursement, Result, Review
from programs.serializers import (
    ActInputSerializer,
    AgreementSerializer,
    ApplicationSerializer,
    CallSerializer,
    DisbursementSerializer,
    ResultSerializer,
    ReviewSerializer,
    ScoreInputSerializer,
)
from seoul_se.access import ALL_ROLES, READ_ALL_ROLES, STAFF_ROLES, RolePermission
from seoul_se.accounts.models import Role

ENTERPRISE = frozenset({Role.ENTERPRISE_MEMBER})


class CallViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Call.objects.none()
    serializer_class = CallSerializer
    permission_classes = [RolePermission]
    read_roles = ALL_ROLES
    filterset_fields = ["status", "program"]

    def get_queryset(self) -> QuerySet[Call]:
        return (
            access.visible_calls(self.request.user)
            .select_related("program")
            .order_by("-opens_at", "-pk")
        )


class ApplicationViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Enterprises see and create only their own; reviewers their assigned calls after closing."""

    queryset = Application.objects.none()
    serializer_class = ApplicationSerializer
    permission_classes = [RolePermission]
    read_roles = ALL_ROLES
    write_roles = ENTERPRISE
    filterset_fields = ["call", "status", "enterprise"]

    def get_queryset(self) -> QuerySet[Application]:
        return selectors.application_list(access.visible_applications(self.request.user))

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        call = get_object_or_404(access.visible_calls(self.request.user), pk=data["call"].pk)
        enterprise = get_object_or_404(Enterprise, pk=data["enterprise"].pk)
        serializer.instance = services.create_application(
            call,
            enterprise,
            actor=self.request.user,
            title=data["title"],
            summary=data.get("summary", ""),
            requested_amount=data["requested_amount"],
            duration_months=data["duration_months"],
            persons=data.get("persons", 0),
            rule=data.get("rule"),
        )

    @extend_schema(request=None, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        application = self.get_object()
        application = services.submit_application(application.pk, actor=request.user)
        return Response(self.get_serializer(application).data)

    @extend_schema(request=ActInputSerializer, responses=ApplicationSerializer)
    @action(detail=True, methods=["post"], write_roles=STAFF_ROLES | ENTERPRISE)
    def act(self, request: Request, pk: str | None = None) -> Response:
        """A manual workflow move (staff: screen, review, ineligible with a reason, interim,
        complete, settle); the workflow refuses other roles with a stable code."""
        payload = ActInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        application = services.act_on_application(
            self.get_object(),
            payload.validated_data["action"],
            actor=request.user,
            comment=payload.validated_data["comment"],
            acknowledged=payload.validated_data["acknowledged"],
        )
        return Response(self.get_serializer(application).data)


class ReviewViewSet(viewsets.ReadOnlyModelViewSet):
    """Reviewers see only their own reviews and score only assigned applications."""

    queryset = Review.objects.none()
    serializer_class = ReviewSerializer
    permission_classes = [RolePermission]
    read_roles = READ_ALL_ROLES | {Role.REVIEWER}
    write_roles = frozenset({Role.REVIEWER})

    def get_queryset(self) -> QuerySet[Review]:
        return access.visible_reviews(self.request.user).prefetch_related("scores").order_by("pk")

    @extend_schema(request=ScoreInputSerializer, responses=ReviewSerializer)
    @action(detail=False, methods=["post"], url_path=r"score/(?P<application_id>\d+)")
    def score(self, request: Request, application_id: str) -> Response:
        application = get_object_or_404(
            access.visible_applications(request.user), pk=application_id
        )
        payload = ScoreInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        review = services.score_application(
            application,
            {int(k): v for k, v in payload.validated_data["scores"].items()},
            payload.validated_data["comment"],
            actor=request.user,
        )
        return Response(ReviewSerializer(review).data)


class AgreementViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Agreement.objects.none()
    serializer_class = AgreementSerializer
    permission_classes = [RolePermission]
    read_roles = READ_ALL_ROLES | ENTERPRISE
    filterset_fields = ["program", "enterprise"]

    def get_queryset(self) -> QuerySet[Agreement]:
        return selectors.with_paid(access.visible_agreements(self.request.user)).order_by("-pk")


class DisbursementViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Disbursement.objects.none()
    serializer_class = DisbursementSerializer
    permission_classes = [RolePermission]
    read_roles = READ_ALL_ROLES | ENTERPRISE
    write_roles = STAFF_ROLES
    filterset_fields = ["agreement"]

    def get_queryset(self) -> QuerySet[Disbursement]:
        return access.visible_disbursements(self.request.user).order_by("paid_on", "pk")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        agreement = get_object_or_404(
            access.visible_agreements(request.user), pk=data["agreement"].pk
        )
        disbursement = services.record_disbursement(
            agreement.pk,
            actor=request.user,
            amount=data["amount"],
            paid_on=data["paid_on"],
            note=data.get("note", ""),
        )
        return Response(DisbursementSerializer(disbursement).data, status=status.HTTP_201_CREATED)


class ResultViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Result.objects.none()
    serializer_class = ResultSerializer
    permission_classes = [RolePermission]
    read_roles = READ_ALL_ROLES | ENTERPRISE
    write_roles = STAFF_ROLES | ENTERPRISE
    filterset_fields = ["program", "application", "kind"]

    def get_queryset(self) -> QuerySet[Result]:
        return (
            access.visible_results(self.request.user)
            .select_related("program")
            .order_by("-period_end", "pk")
        )

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        if data.get("application") is None:
            raise PermissionDenied("실적은 사업(신청서)에 연결해야 합니다.")
        application = get_object_or_404(
            access.visible_applications(self.request.user), pk=data["application"].pk
        )
        serializer.instance = services.record_result(
            application,
            actor=self.request.user,
            kind=data["kind"],
            quantity=data["quantity"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            description=data.get("description", ""),
        )


router = routers.SimpleRouter(trailing_slash=False)
router.register("programs/calls", CallViewSet, basename="programs-call")
router.register("programs/applications", ApplicationViewSet, basename="programs-application")
router.register("programs/reviews", ReviewViewSet, basename="programs-review")
router.register("programs/agreements", AgreementViewSet, basename="programs-agreement")
router.register("programs/disbursements", DisbursementViewSet, basename="programs-disbursement")
router.register("programs/results", ResultViewSet, basename="programs-result")

urlpatterns = router.urls
