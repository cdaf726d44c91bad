from rest_framework import serializers

from impact_bonds.models import BudgetLine, ImpactBond, Investor, Measurement, OutcomeMetric
from seoul_se.core.api import DecimalField


class ImpactBondBudgetLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = BudgetLine
        fields = ["name", "amount"]


class ImpactBondInvestorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Investor
        fields = ["name", "commitment"]


class ImpactBondMetricSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutcomeMetric
        fields = ["id", "name", "unit", "description", "is_payout_basis"]


class ImpactBondPayoutSerializer(serializers.Serializer):
    amount = serializers.IntegerField()
    percent = DecimalField(max_digits=7, decimal_places=2)
    explanation = serializers.CharField()


class ImpactBondSerializer(serializers.ModelSerializer):
    budget_lines = ImpactBondBudgetLineSerializer(many=True, read_only=True)
    investors = ImpactBondInvestorSerializer(many=True, read_only=True)
    metrics = ImpactBondMetricSerializer(many=True, read_only=True)

    class Meta:
        model = ImpactBond
        fields = [
            "id",
            "number",
            "name",
            "target_group",
            "starts_on",
            "ends_on",
            "project_cost",
            "operator",
            "evaluator",
            "contracted_on",
            "budget_lines",
            "investors",
            "metrics",
        ]


class ImpactBondMeasurementSerializer(serializers.ModelSerializer):
    payout = serializers.SerializerMethodField()

    class Meta:
        model = Measurement
        fields = ["id", "metric", "year", "value", "note", "entered_at", "payout"]
        read_only_fields = ["entered_at"]

    def get_payout(self, measurement: Measurement) -> dict | None:
        from impact_bonds.selectors import payout_for

        result = payout_for(measurement)
        return ImpactBondPayoutSerializer(result).data if result else None


class ImpactBondMeasurementInputSerializer(serializers.Serializer):
    metric = serializers.IntegerField()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    value = DecimalField(max_digits=14, decimal_places=2, min_value=0)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ImpactBondBandSerializer(serializers.Serializer):
    lower = DecimalField(max_digits=14, decimal_places=2)
    upper = DecimalField(max_digits=14, decimal_places=2, allow_null=True)
    payout_percent = DecimalField(max_digits=7, decimal_places=2)
