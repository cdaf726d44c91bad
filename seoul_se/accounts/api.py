from django.urls import path
from rest_framework import generics, serializers
from rest_framework.authtoken.views import ObtainAuthToken

from seoul_se.accounts.models import User
from seoul_se.core.middleware import auditor_may_write


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "name", "role", "organisation", "phone"]
        read_only_fields = ["id", "email", "role", "organisation"]


class MeView(generics.RetrieveUpdateAPIView):
    """The signed-in user; PATCH changes one's own name and phone."""

    serializer_class = UserSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self) -> User:
        return self.request.user


@auditor_may_write
class TokenView(ObtainAuthToken):
    """POST username (e-mail) and password to get an API token."""


urlpatterns = [
    path("me", MeView.as_view(), name="me"),
    path("auth/token", TokenView.as_view(), name="token"),
]
