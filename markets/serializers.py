from rest_framework import serializers

from markets.models import EventParticipation, MarketEvent, Placement, SalesChannel, SalesReport


class MarketChannelSerializer(serializers.ModelSerializer):
    class Meta:
        model = SalesChannel
        fields = ["id", "kind", "name", "operator", "opened_on", "is_active"]


class MarketPlacementSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    business_number = serializers.CharField(source="enterprise.business_number")

    class Meta:
        model = Placement
        fields = [
            "id",
            "channel",
            "enterprise",
            "enterprise_name",
            "business_number",
            "started_on",
            "ended_on",
            "products",
        ]
        read_only_fields = ["enterprise"]


class MarketSalesSerializer(serializers.ModelSerializer):
    # No bound here: the service refuses a negative figure with its own code (negative_sales).
    amount = serializers.IntegerField()

    class Meta:
        model = SalesReport
        fields = ["id", "placement", "period_kind", "year", "period", "amount", "reported_at"]
        read_only_fields = ["reported_at"]


class MarketEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = MarketEvent
        fields = ["id", "series", "name", "held_on", "place"]


class MarketParticipationSerializer(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    business_number = serializers.CharField(source="enterprise.business_number")
    sales = serializers.IntegerField()

    class Meta:
        model = EventParticipation
        fields = ["id", "event", "enterprise", "enterprise_name", "business_number", "sales"]
        read_only_fields = ["enterprise"]
