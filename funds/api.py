"""Fund API: the same scoping (``funds.access``) and services as the pages.

Postings take an ``Idempotency-Key`` header: the same key returns the transaction posted the
first time (HTTP 200 instead of 201) and never posts twice.
"""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, routers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from funds import access, selectors, services
from funds.models import Deposit, Intermediary, Loan, LoanProduct, LoanTransaction
from funds.serializers import (
    BalanceSerializer,
    DepositSerializer,
    DisbursementInputSerializer,
    FundStatusSerializer,
    InstalmentSerializer,
    IntermediarySerializer,
    LoanBalanceSerializer,
    LoanSerializer,
    PostingInputSerializer,
    ProductSerializer,
    ReasonSerializer,
    TransactionSerializer,
    WorkflowInputSerializer,
)
from seoul_se.access import RolePermission

AS_OF = OpenApiParameter("as_of", dt.date, description="기준일 (기본: 오늘)")


def _as_of(request: Request) -> dt.date:
    raw = request.query_params.get("as_of")
    if not raw:
        return timezone.localdate()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError as exc:
        raise ValidationError({"as_of": "기준일은 YYYY-MM-DD 형식이어야 합니다."}) from exc


def _require_writable(request: Request, loan: Loan) -> None:
    if not access.writable_loans(request.user).filter(pk=loan.pk).exists():
        raise PermissionDenied("이 융자의 거래를 기록할 권한이 없습니다.")


class LoanViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Loan.objects.none()
    serializer_class = LoanSerializer
    permission_classes = [RolePermission]
    read_roles = access.LOAN_READ_ROLES
    write_roles = access.LEDGER_WRITE_ROLES
    filterset_fields = ["status", "intermediary", "product", "enterprise"]

    def get_queryset(self) -> QuerySet[Loan]:
        return (
            access.visible_loans(self.request.user)
            .select_related("enterprise", "intermediary")
            .order_by("-applied_on", "-pk")
        )

    def perform_create(self, serializer: Any) -> None:
        if self.request.user.role not in access.LOAN_MANAGE_ROLES:
            raise PermissionDenied("융자 신청은 서울시·지원센터 직원만 등록할 수 있습니다.")
        data = serializer.validated_data
        serializer.instance = services.apply_for_loan(
            actor=self.request.user,
            enterprise=data["enterprise"],
            intermediary=data["intermediary"],
            product=data["product"],
            amount=data["requested_amount"],
            rate=data["rate"],
            term_months=data["term_months"],
            grace_months=data.get("grace_months", 0),
            purpose=data.get("purpose", ""),
            applied_on=data.get("applied_on"),
        )

    # Whole lists, not pages: without pagination_class=None the schema announced a page.
    @extend_schema(responses=InstalmentSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def schedule(self, request: Request, pk: str | None = None) -> Response:
        loan = self.get_object()
        return Response(InstalmentSerializer(loan.instalments.all(), many=True).data)

    @extend_schema(responses=TransactionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def statement(self, request: Request, pk: str | None = None) -> Response:
        loan = self.get_object()
        return Response(
            TransactionSerializer(loan.transactions.order_by("value_date", "pk"), many=True).data
        )

    @extend_schema(parameters=[AS_OF], responses=LoanBalanceSerializer)
    @action(detail=True, methods=["get"])
    def balance(self, request: Request, pk: str | None = None) -> Response:
        loan = self.get_object()
        as_of = _as_of(request)
        b = selectors.loan_balance(loan, as_of)
        body = {
            "as_of": as_of,
            "lent": b.lent,
            "recovered": b.recovered,
            "written_off": b.written_off,
            "outstanding": b.outstanding,
            "interest_received": b.interest_received,
            "days_past_due": b.days_past_due,
        }
        return Response(LoanBalanceSerializer(body).data)

    @extend_schema(
        request=PostingInputSerializer,
        responses={201: TransactionSerializer, 200: TransactionSerializer},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description="같은 키는 한 번만 기록",
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def transactions(self, request: Request, pk: str | None = None) -> Response:
        loan = self.get_object()
        _require_writable(request, loan)
        payload = PostingInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        key = request.headers.get("Idempotency-Key") or None
        txn = services.post_transaction(
            loan, actor=request.user, idempotency_key=key, **payload.validated_data
        )
        code = status.HTTP_200_OK if getattr(txn, "was_repeat", False) else status.HTTP_201_CREATED
        return Response(TransactionSerializer(txn).data, status=code)

    @extend_schema(request=DisbursementInputSerializer, responses={201: LoanSerializer})
    @action(detail=True, methods=["post"])
    def disburse(self, request: Request, pk: str | None = None) -> Response:
        loan = self.get_object()
        _require_writable(request, loan)
        payload = DisbursementInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        services.disburse(
            loan,
            actor=request.user,
            amount=payload.validated_data["amount"],
            on=payload.validated_data["disbursed_on"],
        )
        loan.refresh_from_db()
        return Response(LoanSerializer(loan).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=WorkflowInputSerializer, responses=LoanSerializer)
    @action(detail=True, methods=["post"])
    def workflow(self, request: Request, pk: str | None = None) -> Response:
        """Approve (optionally with an amount), contract or write off a loan."""
        loan = self.get_object()
        if request.user.role not in access.LOAN_MANAGE_ROLES:
            raise PermissionDenied("서울시·지원센터 직원만 처리할 수 있습니다.")
        payload = WorkflowInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        loan = services.act_on_loan(
            loan,
            data["action"],
            actor=request.user,
            on=data.get("on"),
            amount=data.get("amount"),
            comment=data.get("reason", ""),
        )
        return Response(LoanSerializer(loan).data)


class TransactionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = LoanTransaction.objects.none()
    serializer_class = TransactionSerializer
    permission_classes = [RolePermission]
    read_roles = access.LOAN_READ_ROLES
    write_roles = access.LEDGER_WRITE_ROLES
    filterset_fields = ["loan", "kind"]

    def get_queryset(self) -> QuerySet[LoanTransaction]:
        return (
            LoanTransaction.objects.filter(loan__in=access.visible_loans(self.request.user))
            .select_related("reversed_by")
            .order_by("value_date", "pk")
        )

    @extend_schema(request=ReasonSerializer, responses={201: TransactionSerializer})
    @action(detail=True, methods=["post"])
    def reverse(self, request: Request, pk: str | None = None) -> Response:
        txn = self.get_object()
        _require_writable(request, txn.loan)
        payload = ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        reversal = services.reverse_transaction(
            txn, actor=request.user, reason=payload.validated_data["reason"]
        )
        return Response(TransactionSerializer(reversal).data, status=status.HTTP_201_CREATED)


class FundStatusViewSet(viewsets.GenericViewSet):
    """The fund on a date (same figures as the status page) and balances by group."""

    queryset = Loan.objects.none()
    serializer_class = FundStatusSerializer
    permission_classes = [RolePermission]
    read_roles = access.FUND_READ_ROLES
    pagination_class = None

    @extend_schema(parameters=[AS_OF], responses=FundStatusSerializer)
    def list(self, request: Request) -> Response:
        return Response(FundStatusSerializer(selectors.fund_status(_as_of(request))).data)

    @extend_schema(
        parameters=[
            AS_OF,
            OpenApiParameter("group", str, enum=[*selectors.GROUPS], description="묶음 기준"),
        ],
        responses=BalanceSerializer(many=True),
    )
    @action(detail=False, methods=["get"])
    def balances(self, request: Request) -> Response:
        group = request.query_params.get("group", "intermediary")
        if group not in selectors.GROUPS:
            raise ValidationError(
                {"group": "loan, enterprise, intermediary, product 중 하나입니다."}
            )
        rows = selectors.balances(_as_of(request), group)
        return Response(BalanceSerializer(rows, many=True).data)


class IntermediaryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Intermediary.objects.order_by("name")
    serializer_class = IntermediarySerializer
    permission_classes = [RolePermission]
    read_roles = access.FUND_READ_ROLES


class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = LoanProduct.objects.order_by("cap")
    serializer_class = ProductSerializer
    permission_classes = [RolePermission]
    read_roles = access.LOAN_READ_ROLES


class DepositViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Deposit.objects.order_by("start")
    serializer_class = DepositSerializer
    permission_classes = [RolePermission]
    read_roles = access.FUND_READ_ROLES


router = routers.SimpleRouter(trailing_slash=False)
router.register("fund-loans", LoanViewSet, basename="funds-loan")
router.register("fund-transactions", TransactionViewSet, basename="funds-transaction")
router.register("fund-status", FundStatusViewSet, basename="funds-status")
router.register("fund-intermediaries", IntermediaryViewSet, basename="funds-intermediary")
router.register("fund-products", ProductViewSet, basename="funds-product")
router.register("fund-deposits", DepositViewSet, basename="funds-deposit")
urlpatterns = router.urls
