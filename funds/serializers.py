from rest_framework import serializers

from funds.models import (
    Deposit,
    Intermediary,
    Loan,
    LoanProduct,
    LoanTransaction,
    PrepaymentMode,
    ScheduleInstalment,
)


class LoanSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    intermediary_name = serializers.CharField(source="intermediary.name", read_only=True)

    class Meta:
        model = Loan
        fields = [
            "id",
            "number",
            "enterprise",
            "enterprise_name",
            "intermediary",
            "intermediary_name",
            "product",
            "requested_amount",
            "approved_amount",
            "rate",
            "term_months",
            "grace_months",
            "repayment_method",
            "frequency",
            "purpose",
            "status",
            "applied_on",
            "approved_on",
            "contracted_on",
        ]
        read_only_fields = [
            "number",
            "approved_amount",
            "repayment_method",
            "frequency",
            "status",
            "approved_on",
            "contracted_on",
        ]


class InstalmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ScheduleInstalment
        fields = [
            "number",
            "due_date",
            "principal",
            "interest",
            "is_grace",
            "is_prepayment",
            "principal_paid",
            "interest_paid",
            "settled_on",
        ]


class TransactionSerializer(serializers.ModelSerializer):
    reversed_by = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = LoanTransaction
        fields = [
            "id",
            "loan",
            "kind",
            "value_date",
            "amount",
            "overdue_interest",
            "interest",
            "principal",
            "written_off",
            "prepayment_mode",
            "idempotency_key",
            "reversal_of",
            "reversed_by",
            "reason",
            "posted_at",
        ]
        read_only_fields = fields


class PostingInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["repayment", "prepayment", "payoff", "recovery"])
    value_date = serializers.DateField()
    amount = serializers.IntegerField()
    prepayment_mode = serializers.ChoiceField(
        choices=PrepaymentMode.choices, required=False, allow_blank=True, default=""
    )


class DisbursementInputSerializer(serializers.Serializer):
    amount = serializers.IntegerField()
    disbursed_on = serializers.DateField()


class WorkflowInputSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=["approve", "contract", "write_off"])
    on = serializers.DateField(required=False)
    amount = serializers.IntegerField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class BalanceSerializer(serializers.Serializer):
    key = serializers.IntegerField()
    label = serializers.CharField()
    lent = serializers.IntegerField()
    recovered = serializers.IntegerField()
    written_off = serializers.IntegerField()
    outstanding = serializers.IntegerField()
    interest_received = serializers.IntegerField()
    loan_count = serializers.IntegerField()


class AgingSerializer(serializers.Serializer):
    label = serializers.CharField()
    loan_count = serializers.IntegerField()
    outstanding = serializers.IntegerField()


class FundStatusSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    total_lent = serializers.IntegerField()
    enterprise_count = serializers.IntegerField()
    loan_count = serializers.IntegerField()
    principal_recovered = serializers.IntegerField()
    written_off = serializers.IntegerField()
    outstanding = serializers.IntegerField()
    interest_received = serializers.IntegerField()
    deposits_total = serializers.IntegerField()
    deposits_by_kind = serializers.DictField(child=serializers.IntegerField())
    by_intermediary = BalanceSerializer(many=True)
    by_product = BalanceSerializer(many=True)
    aging = AgingSerializer(many=True)
    par30 = serializers.DecimalField(max_digits=6, decimal_places=4)
    par90 = serializers.DecimalField(max_digits=6, decimal_places=4)


class IntermediarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Intermediary
        fields = ["id", "name", "representative", "is_active"]


class ProductSerializer(serializers.ModelSerializer):
    class Meta:
        model = LoanProduct
        fields = [
            "id",
            "code",
            "name",
            "category",
            "cap",
            "rate",
            "term_months",
            "grace_months",
            "repayment_method",
            "frequency",
            "is_active",
        ]


class DepositSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deposit
        fields = ["id", "kind", "bank", "principal", "rate", "start", "maturity", "interest"]
