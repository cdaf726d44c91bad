from django.contrib.auth import authenticate
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from seoul_se.accounts import selectors, services
from seoul_se.accounts.lockout import normalise_email
from seoul_se.accounts.models import ApiToken, User
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


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("이메일"))
    password = serializers.CharField(label=_("비밀번호"), style={"input_type": "password"})
    otp = serializers.CharField(
        label=_("인증 코드"),
        required=False,
        allow_blank=True,
        help_text=_("2단계 인증 사용자: 인증 앱의 6자리 코드 또는 복구 코드"),
    )


class TokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "prefix", "created", "expires_at"]


class IssuedTokenSerializer(TokenSerializer):
    token = serializers.CharField(help_text=_("API 키: 이 응답에서 한 번만 보입니다."))

    class Meta(TokenSerializer.Meta):
        fields = [*TokenSerializer.Meta.fields, "token"]


class OtpRequired(exceptions.APIException):
    status_code = status.HTTP_403_FORBIDDEN
    default_code = "otp_required"


@auditor_may_write
class TokenView(APIView):
    """POST ``username`` (e-mail), ``password`` and, for second-factor users, ``otp`` to get an
    API token. Failures share the login page's lock-out (429 once locked)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth_token"

    @extend_schema(request=TokenRequestSerializer, responses={201: IssuedTokenSerializer})
    def post(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # django-axes reads and marks the Django request; its middleware answers a lock-out.
        user = authenticate(
            request._request,
            username=normalise_email(data.validated_data["username"]),
            password=data.validated_data["password"],
        )
        if user is None:
            raise serializers.ValidationError(
                _("이메일 또는 비밀번호가 올바르지 않습니다."), code="invalid_credentials"
            )
        if selectors.second_factor_required(user):
            if not selectors.has_second_factor(user):
                raise OtpRequired(
                    _("2단계 인증을 먼저 설정하세요. 포털에 로그인하면 설정 화면이 열립니다."),
                    code="otp_setup_required",
                )
            if services.verify_second_factor(user, data.validated_data.get("otp", "")) is None:
                raise OtpRequired(
                    _("2단계 인증 코드가 없거나 올바르지 않습니다 (otp 항목)."), code="otp_required"
                )
        token, key = services.issue_api_token(actor=user)
        body = IssuedTokenSerializer({**TokenSerializer(token).data, "token": key}).data
        return Response(body, status=status.HTTP_201_CREATED)


@auditor_may_write
class LogoutView(APIView):
    """POST with a token: that token ends."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, ApiToken):
            services.revoke_api_token(token=request.auth, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenListView(generics.ListAPIView):
    """The signed-in user's unexpired tokens (key prefix only)."""

    serializer_class = TokenSerializer
    queryset = ApiToken.objects.none()  # for the schema; requests use get_queryset

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.active_tokens(self.request.user)


@auditor_may_write
class TokenRevokeView(APIView):
    """DELETE one of one's own tokens."""

    @extend_schema(responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        token = get_object_or_404(ApiToken, pk=pk, user=request.user)
        services.revoke_api_token(token=token, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("me", MeView.as_view(), name="me"),
    path("auth/token", TokenView.as_view(), name="token"),
    path("auth/logout", LogoutView.as_view(), name="logout"),
    path("auth/tokens", TokenListView.as_view(), name="tokens"),
    path("auth/tokens/<int:pk>", TokenRevokeView.as_view(), name="token-revoke"),
]
