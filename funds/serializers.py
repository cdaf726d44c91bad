from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from funds.fields import DEPOSIT_FIELDS, INSTALMENT_FIELDS, PRODUCT_FIELDS
from funds.kinds import POSTABLE_KINDS
from funds.models import (
    Deposit,
    Intermediary,
    Loan,
    LoanProduct,
    LoanTransaction,
    PrepaymentMode,
    ScheduleInstalment,
)
from seoul_se.core.api import DecimalField


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
        fields = INSTALMENT_FIELDS


class TransactionSerializer(serializers.ModelSerializer):
    reversed_by = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    # Blank unless the posting is a prepayment: the schema must allow "".
    prepayment_mode = serializers.ChoiceField(
        choices=PrepaymentMode.choices, allow_blank=True, read_only=True
    )

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
    kind = serializers.ChoiceField(choices=POSTABLE_KINDS)
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


class LoanBalanceSerializer(serializers.Serializer):
    """One loan's balance on a date (``fund-loans/{id}/balance``)."""

    as_of = serializers.DateField()
    lent = serializers.IntegerField()
    recovered = serializers.IntegerField()
    written_off = serializers.IntegerField()
    outstanding = serializers.IntegerField()
    interest_received = serializers.IntegerField()
    days_past_due = serializers.IntegerField()


class AgingSerializer(serializers.Serializer):
    label = serializers.CharField()
    loan_count = serializers.IntegerField()
    outstanding = serializers.IntegerField()


# The status is one object, though served by the viewset's "list" action.
@extend_schema_serializer(many=False)
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
    par30 = DecimalField(max_digits=6, decimal_places=4)
    par90 = DecimalField(max_digits=6, decimal_places=4)


class IntermediarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Intermediary
        fields = ["id", "name", "representative", "is_active"]


class ProductSerializer(serializers.ModelSerializer):
    class Meta:
        model = LoanProduct
        fields = ["id", *PRODUCT_FIELDS]


class DepositSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deposit
        fields = ["id", *DEPOSIT_FIELDS]
