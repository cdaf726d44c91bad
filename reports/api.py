"""Read API for budgets with their settlement figures and for generated workbooks."""

from typing import Any

from rest_framework import mixins, routers, serializers, viewsets

from reports import access, selectors
from reports.models import Budget, GeneratedReport
from seoul_se.access import RolePermission


class BudgetSerializer(serializers.ModelSerializer):
    settlement = serializers.SerializerMethodField()

    class Meta:
        model = Budget
        fields = ["id", "fiscal_year", "owner_kind", "owner_key", "title", "status", "settlement"]

    def get_settlement(self, budget: Budget) -> dict[str, int]:
        s = selectors.settlement_summary(budget)
        return {
            "revenue_budget": s.revenue_budget,
            "revenue_executed": s.revenue_executed,
            "expenditure_budget": s.expenditure_budget,
            "expenditure_executed": s.expenditure_executed,
            "interest_income": s.interest_income,
            "disallowed": s.disallowed,
            "grant_used": s.grant_used,
            "amount_to_return": s.amount_to_return,
        }


class GeneratedReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = GeneratedReport
        fields = [
            "id",
            "kind",
            "parameters",
            "generated_at",
            "generated_by",
            "filename",
            "size",
            "checksum",
        ]


class _ReadOnly(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    permission_classes = [RolePermission]
    read_roles = access.READ_ROLES


class BudgetViewSet(_ReadOnly):
    """Budgets with their settlement figures (whole won). The detail computes per budget."""

    serializer_class = BudgetSerializer
    queryset = Budget.objects.none()
    filterset_fields = ["fiscal_year", "owner_kind", "status"]

    def get_queryset(self) -> Any:
        return access.budgets_for(self.request.user).order_by("-fiscal_year", "pk")


class GeneratedReportViewSet(_ReadOnly):
    serializer_class = GeneratedReportSerializer
    queryset = GeneratedReport.objects.none()
    filterset_fields = ["kind"]

    def get_queryset(self) -> Any:
        return access.reports_for(self.request.user)


router = routers.SimpleRouter(trailing_slash=False)
router.register("report-budgets", BudgetViewSet, basename="report-budget")
router.register("generated-reports", GeneratedReportViewSet, basename="generated-report")
urlpatterns = router.urls
