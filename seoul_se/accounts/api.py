from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response
from django.urls import path

from seoul_se.accounts.models import User


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "name", "role", "organisation"]


@api_view(["GET"])
def me(request: Request) -> Response:
    return Response(UserSerializer(request.user).data)


class TokenView(ObtainAuthToken):
    """POST username (e-mail) and password to get an API token."""


urlpatterns = [
    path("me", me, name="me"),
    path("auth/token", TokenView.as_view(), name="token"),
]
