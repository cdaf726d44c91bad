from auditlog.models import LogEntry
from django_filters import rest_framework as filters
from rest_framework import routers, serializers, viewsets

from seoul_se.access import AUDIT_TRAIL_ROLES, RolePermission
from seoul_se.audit import selectors


class LogEntrySerializer(serializers.ModelSerializer):
    model = serializers.SerializerMethodField()
    # None for entries without an actor (system jobs, anonymous requests).
    actor_email = serializers.CharField(source="actor.email", default=None, allow_null=True)
    action_label = serializers.CharField(source="get_action_display")

    class Meta:
        model = LogEntry
        fields = [
            "id",
            "timestamp",
            "model",
            "object_pk",
            "object_repr",
            "action",
            "action_label",
            "changes",
            "actor",
            "actor_email",
            "remote_addr",
        ]

    def get_model(self, entry: LogEntry) -> str:
        return f"{entry.content_type.app_label}.{entry.content_type.model}"


class LogEntryFilter(filters.FilterSet):
    model = filters.CharFilter(method="noop", label="app_label.model")
    object_pk = filters.CharFilter()
    actor = filters.NumberFilter(field_name="actor_id")
    action = filters.NumberFilter()
    date_from = filters.DateFilter(field_name="timestamp__date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="timestamp__date", lookup_expr="lte")

    class Meta:
        model = LogEntry
        fields: list[str] = []

    def noop(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return queryset  # applied by the selector in get_queryset


class LogEntryViewSet(viewsets.ReadOnlyModelViewSet):
    """The audit trail, read-only for officials, auditors and administrators."""

    serializer_class = LogEntrySerializer
    permission_classes = [RolePermission]
    read_roles = AUDIT_TRAIL_ROLES
    filterset_class = LogEntryFilter

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.log_entries(model=self.request.query_params.get("model") or None)


router = routers.SimpleRouter(trailing_slash=False)
router.register("audit-entries", LogEntryViewSet, basename="audit-entry")
urlpatterns = router.urls
