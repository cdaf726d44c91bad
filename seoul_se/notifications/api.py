from rest_framework import mixins, routers, serializers, viewsets

from seoul_se.notifications import selectors
from seoul_se.notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Notification
        fields = ["id", "subject", "body", "url", "created_at", "read_at"]


class NotificationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The signed-in user's own inbox."""

    serializer_class = NotificationSerializer
    queryset = Notification.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.inbox(self.request.user)


router = routers.SimpleRouter(trailing_slash=False)
router.register("notifications", NotificationViewSet, basename="notification")
urlpatterns = router.urls
