from typing import Any

from rest_framework import serializers

from enterprises.models import Certification, ChangeRequest, Enterprise
from enterprises.validators import normalize_business_number, normalize_corporate_number
from seoul_se.reference.models import District, LegalType, Sector, StrategicField


class CertificationSerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Certification
        fields = ["id", "kind", "kind_display", "valid_from", "valid_to", "issuer", "note"]


class ChangeRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChangeRequest
        fields = ["id", "field", "old", "new", "status", "reason", "requested_at", "decided_at"]


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

    class Meta:
        model = Enterprise
        fields = [
            "id",
            "name",
            "legal_type",
            "business_number",
            "business_number_display",
            "corporate_number",
            "representative",
            "address",
            "district",
            "sectors",
            "strategic_fields",
            "founded_on",
            "phone",
            "email",
            "website",
            "social_mission",
            "verification",
            "is_generated",
            "current_certifications",
            "updated_at",
        ]
        read_only_fields = ["verification", "is_generated", "updated_at"]

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
