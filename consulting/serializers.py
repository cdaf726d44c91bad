from rest_framework import serializers

from consulting.models import Case, Field, Session


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = ["id", "held_on", "hours", "notes"]


# Set by the case's workflow (assigning, closing, rating), never by the request creating it.
WORKFLOW_FIELDS = [
    "status",
    "assignee",
    "expert",
    "follow_up_of",
    "outcome",
    "closed_on",
    "satisfaction",
    "satisfaction_comment",
]


class CaseSerializer(serializers.ModelSerializer):
    """Reading a case; creating one takes enterprise, field, description (staff also kind,
    channel and requested_on)."""

    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    sessions = SessionSerializer(many=True, read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "enterprise",
            "enterprise_name",
            "kind",
            "field",
            "channel",
            "description",
            "requested_on",
            *WORKFLOW_FIELDS,
            "sessions",
        ]
        read_only_fields = ["number", *WORKFLOW_FIELDS]
        extra_kwargs = {
            "kind": {"required": False},
            "channel": {"required": False},
            "requested_on": {"required": False},
            "field": {"choices": Field.choices},
        }


class RateSerializer(serializers.Serializer):
    satisfaction = serializers.IntegerField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")
