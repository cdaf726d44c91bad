from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from rest_framework import serializers
from rest_framework.validators import UniqueTogetherValidator

from enterprises.access import PERSONAL_FIELDS, editable_enterprises, personal_data_policy
from enterprises.fields import ENTERPRISE_NAMING_FIELDS, ENTERPRISE_PROFILE_FIELDS
from enterprises.models import Certification, ChangeRequest, Enterprise, YearlyFigures
from enterprises.services import FIGURE_FIELDS
from enterprises.validators import normalize_business_number, normalize_corporate_number
from enterprises.workflow import CHANGE_REQUEST_MACHINE, VERIFICATION_MACHINE
from seoul_se.core.api import AllowedActionsField
from seoul_se.reference.models import District, LegalType, Sector, StrategicField


class EditableEnterpriseField(serializers.PrimaryKeyRelatedField):
    """An enterprise the requesting user may write to. Another enterprise's id gets the same
    answer as a missing one, so its existence is not disclosed."""

    default_error_messages = {
        "required": "기업을 지정하세요.",
        "does_not_exist": "기업을 찾을 수 없습니다.",
        "incorrect_type": "기업 번호는 숫자여야 합니다.",
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=Enterprise.objects.none(), **kwargs)

    def get_queryset(self) -> QuerySet[Enterprise]:
        return editable_enterprises(self.context["request"].user)


class CertificationSerializer(serializers.ModelSerializer):
    enterprise = EditableEnterpriseField()
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    kind_display = serializers.CharField(source="kind_label", read_only=True)
    document = serializers.FileField(write_only=True, required=False)
    document_url = serializers.SerializerMethodField()

    class Meta:
        model = Certification
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "kind",
            "kind_display",
            "valid_from",
            "valid_to",
            "issuer",
            "note",
            "document",
            "document_url",
            "created_at",
        ]

    def get_document_url(self, obj: Certification) -> str | None:
        # The download view checks access again; the storage path itself is never served.
        if not obj.document:
            return None
        url = reverse("enterprises:certification_document", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url


# DRF's message for a big integer has no Korean translation.
WHOLE_WON = {"invalid": "금액은 원 단위 정수로 입력하세요."}


class YearlyFiguresSerializer(serializers.ModelSerializer):
    """Entering a new year. Money is whole won: a fraction is refused, never rounded."""

    enterprise: "serializers.PrimaryKeyRelatedField[Enterprise]" = EditableEnterpriseField()
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    is_confirmed = serializers.BooleanField(read_only=True)

    class Meta:
        model = YearlyFigures
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "year",
            *FIGURE_FIELDS,
            "is_confirmed",
            "entered_by",
            "confirmed_by",
            "confirmed_at",
            "updated_at",
        ]
        read_only_fields = ["entered_by", "confirmed_by", "confirmed_at", "updated_at"]
        # A year's figures are entered completely; the model's zero defaults are no answer.
        extra_kwargs = {
            "revenue": {"required": True, "error_messages": WHOLE_WON},
            "employees": {"required": True},
            "vulnerable_employees": {"required": True},
            "public_procurement_sales": {"required": True, "error_messages": WHOLE_WON},
        }
        validators = [
            UniqueTogetherValidator(
                queryset=YearlyFigures.objects.all(),
                fields=["enterprise", "year"],
                message="이 기업의 해당 연도 실적이 이미 있습니다. 기존 실적을 수정하세요.",
            )
        ]


class YearlyFiguresUpdateSerializer(YearlyFiguresSerializer):
    """Correcting a year: enterprise and year identify the row and stay as they are."""

    enterprise: "serializers.PrimaryKeyRelatedField[Enterprise]" = (
        serializers.PrimaryKeyRelatedField(read_only=True)
    )

    class Meta(YearlyFiguresSerializer.Meta):
        read_only_fields = [*YearlyFiguresSerializer.Meta.read_only_fields, "year"]
        validators: list[Any] = []


class ChangeRequestSerializer(serializers.ModelSerializer):
    actions = AllowedActionsField(CHANGE_REQUEST_MACHINE)

    class Meta:
        model = ChangeRequest
        fields = [
            "id",
            "field",
            "old",
            "new",
            "status",
            "reason",
            "requested_at",
            "decided_at",
            "actions",
        ]


class ReferenceCodesField(serializers.ManyRelatedField):
    """Reference rows as a list of codes. Reads the list that ``selectors.for_api`` prefetches
    (``prefetched``), falling back to the relation (e.g. just after create)."""

    def __init__(self, model: type[Any], prefetched: str, **kwargs: Any) -> None:
        child = serializers.SlugRelatedField(slug_field="code", queryset=model.objects.all())
        self.prefetched = prefetched
        super().__init__(child_relation=child, required=False, **kwargs)

    def get_attribute(self, instance: Any) -> Any:
        rows = getattr(instance, self.prefetched, None)
        return rows if rows is not None else super().get_attribute(instance)


class EnterpriseSerializer(serializers.ModelSerializer):
    legal_type = serializers.SlugRelatedField(slug_field="code", queryset=LegalType.objects.all())
    district = serializers.SlugRelatedField(slug_field="code", queryset=District.objects.all())
    sectors = ReferenceCodesField(Sector, prefetched="sector_list")
    strategic_fields = ReferenceCodesField(StrategicField, prefetched="strategic_field_list")
    business_number = serializers.CharField(max_length=12)
    corporate_number = serializers.CharField(max_length=14, required=False, allow_blank=True)
    business_number_display = serializers.CharField(read_only=True)
    current_certifications = serializers.SerializerMethodField()
    actions = AllowedActionsField(VERIFICATION_MACHINE)

    class Meta:
        model = Enterprise
        fields = [
            "id",
            *ENTERPRISE_NAMING_FIELDS,
            "business_number_display",
            *ENTERPRISE_PROFILE_FIELDS,
            "verification",
            "is_generated",
            "current_certifications",
            "updated_at",
            "actions",
        ]
        read_only_fields = ["verification", "is_generated", "updated_at"]

    def to_representation(self, instance: Enterprise) -> dict[str, Any]:
        data = super().to_representation(instance)
        # The view passes one policy per request; without it, decide from the request's user
        # (no user: everything masked).
        policy = self.context.get("policy") or personal_data_policy(
            getattr(self.context.get("request"), "user", None)
        )
        return policy.apply(data, PERSONAL_FIELDS, owner_id=instance.pk)

    def get_current_certifications(self, obj: Enterprise) -> list[str]:
        # Filled by selectors.for_api (prefetch), so no query per row.
        return [c.kind for c in getattr(obj, "current_certifications", [])]

    def validate_business_number(self, value: str) -> str:
        return normalize_business_number(value)

    def validate_corporate_number(self, value: str) -> str:
        return normalize_corporate_number(value) if value else ""

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        return dict(super().to_internal_value(data))


class EnterpriseUpdateResultSerializer(EnterpriseSerializer):
    """Update answer: the enterprise plus change requests opened for identity fields."""

    change_requests = serializers.SerializerMethodField()

    class Meta(EnterpriseSerializer.Meta):
        fields = [*EnterpriseSerializer.Meta.fields, "change_requests"]

    def get_change_requests(self, obj: Enterprise) -> list[dict[str, Any]]:
        opened = self.context.get("opened", [])
        return ChangeRequestSerializer(opened, many=True).data  # type: ignore[return-value]
