"""API shapes of the programs app (read models; writes go through services)."""

from rest_framework import serializers

from programs.fields import CALL_TERMS_FIELDS
from programs.models import Agreement, Application, Call, Disbursement, Result, Review, Score
from programs.workflow import MACHINE
from seoul_se.core.api import AllowedActionsField, DecimalField


class CallSerializer(serializers.ModelSerializer):
    program_type = serializers.CharField(source="program.program_type", read_only=True)
    year = serializers.IntegerField(source="program.year", read_only=True)

    class Meta:
        model = Call
        fields = [
            "id",
            "program",
            "program_type",
            "year",
            *CALL_TERMS_FIELDS,
            "status",
        ]


class DistrictRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)


class ApplicationSerializer(serializers.ModelSerializer):
    # A district's application (통합지원사업, 특구) has no enterprise: these are then null.
    enterprise_name = serializers.CharField(
        source="enterprise.name", read_only=True, allow_null=True
    )
    district = DistrictRefSerializer(read_only=True, allow_null=True)
    applicant_name = serializers.CharField(source="applicant.name", read_only=True)
    actions = AllowedActionsField(MACHINE)

    class Meta:
        model = Application
        fields = [
            "id",
            "call",
            "enterprise",
            "enterprise_name",
            "district",
            "applicant_name",
            "rule",
            "title",
            "summary",
            "requested_amount",
            "duration_months",
            "persons",
            "status",
            "receipt_number",
            "submitted_at",
            "selected_at",
            "awarded_amount",
            "created_at",
            "actions",
        ]
        read_only_fields = [
            "status",
            "receipt_number",
            "submitted_at",
            "selected_at",
            "awarded_amount",
            "created_at",
        ]
        # No generated (call, enterprise) uniqueness check: it ran before the permission check
        # and told a member whether another enterprise had applied. The service checks it after.
        validators: list[object] = []


class ActInputSerializer(serializers.Serializer):
    action = serializers.CharField(
        help_text="screen, review, ineligible, interim, complete, settle"
    )
    comment = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="부적격일 때는 사유가 필수"
    )
    acknowledged = serializers.BooleanField(
        required=False,
        default=False,
        help_text="review: 접수 마감 전이거나 심사 기준이 없을 때 경고를 확인했다는 표시",
    )


class ScoreSerializer(serializers.ModelSerializer):
    class Meta:
        model = Score
        fields = ["criterion", "value"]


class ReviewSerializer(serializers.ModelSerializer):
    scores = ScoreSerializer(many=True, read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "application",
            "reviewer",
            "has_conflict",
            "conflict_reason",
            "total",
            "comment",
            "submitted_at",
            "scores",
        ]


class ScoreInputSerializer(serializers.Serializer):
    """``{"scores": {"<criterion id>": 8.5, ...}, "comment": "..."}``"""

    scores = serializers.DictField(child=DecimalField(max_digits=6, decimal_places=2))
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class AgreementSerializer(serializers.ModelSerializer):
    paid = serializers.IntegerField(read_only=True)
    remaining = serializers.IntegerField(read_only=True)

    class Meta:
        model = Agreement
        fields = [
            "id",
            "application",
            "program",
            "enterprise",
            "award_amount",
            "national_amount",
            "city_amount",
            "starts_on",
            "ends_on",
            "signed_on",
            "terminated_on",
            "paid",
            "remaining",
        ]


class DisbursementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Disbursement
        fields = ["id", "agreement", "paid_on", "amount", "national_amount", "city_amount", "note"]
        read_only_fields = ["national_amount", "city_amount"]


class ResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = Result
        fields = [
            "id",
            "program",
            "application",
            "kind",
            "quantity",
            "description",
            "period_start",
            "period_end",
            "confirmed_at",
        ]
        read_only_fields = ["program", "confirmed_at"]
