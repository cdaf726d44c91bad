from rest_framework import serializers

from procurement.models import Institution, MatchContract, MatchmakingEvent, Meeting, Purchase
from seoul_se.core.api import DecimalField


class ProcurementInstitutionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Institution
        fields = ["id", "name", "kind"]


class ProcurementPurchaseSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    business_number = serializers.CharField(source="enterprise.business_number")
    # No bound here: the service decides (amount_not_positive), the same for page and API.
    amount = serializers.IntegerField()

    class Meta:
        model = Purchase
        fields = [
            "id",
            "institution",
            "enterprise",
            "enterprise_name",
            "business_number",
            "purchased_on",
            "amount",
            "item",
            "source",
        ]
        read_only_fields = ["enterprise", "source"]


class ProcurementEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = MatchmakingEvent
        fields = ["id", "name", "starts_on", "ends_on", "place"]


class ProcurementMeetingSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)

    class Meta:
        model = Meeting
        fields = ["id", "event", "enterprise", "enterprise_name", "institution", "note"]


class ProcurementContractSerializer(serializers.ModelSerializer):
    class Meta:
        model = MatchContract
        fields = ["id", "meeting", "signed_on", "amount"]


class ProcurementYearFiguresSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    target = serializers.IntegerField(allow_null=True)
    actual = serializers.IntegerField()
    rate = DecimalField(max_digits=8, decimal_places=1, allow_null=True)
    matching_contract_total = serializers.IntegerField()
