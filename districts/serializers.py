"""API shapes of the districts app (read-only)."""

from typing import Any

from rest_framework import serializers

from districts import access
from districts.models import DistrictCentre, StageApplication
from programs.serializers import DistrictRefSerializer


class DistrictCentreSerializer(serializers.ModelSerializer):
    district = DistrictRefSerializer(read_only=True)

    class Meta:
        model = DistrictCentre
        fields = ["id", "district", "name", "address", "phone", "email", "head"]

    def to_representation(self, instance: DistrictCentre) -> dict[str, Any]:
        data = super().to_representation(instance)
        policy = self.context.get("policy") or access.personal_data_policy(
            getattr(self.context.get("request"), "user", None)
        )
        return policy.apply(data, access.PERSONAL_FIELDS, owner_id=None)


class StageApplicationSerializer(serializers.ModelSerializer):
    district = DistrictRefSerializer(read_only=True)
    stage_code = serializers.CharField(source="stage.code", read_only=True)
    stage_name = serializers.CharField(source="stage.name", read_only=True)
    track = serializers.CharField(source="stage.track", read_only=True)
    status = serializers.CharField(source="application.status", read_only=True)
    title = serializers.CharField(source="application.title", read_only=True)
    requested_amount = serializers.IntegerField(
        source="application.requested_amount", read_only=True
    )

    class Meta:
        model = StageApplication
        fields = [
            "id",
            "application",
            "district",
            "track",
            "stage",
            "stage_code",
            "stage_name",
            "year",
            "year_index",
            "title",
            "status",
            "requested_amount",
        ]
        read_only_fields = fields
