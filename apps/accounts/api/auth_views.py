"""Registration, login (limited by apps/accounts/limits.py), refresh with rotation, logout."""

from django.contrib.auth import authenticate
from django.contrib.auth.models import update_last_login
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.views import TokenRefreshView

from apps.accounts.api.serializers import (
    LoginInputSerializer,
    RefreshInputSerializer,
    RegisterInputSerializer,
    RegisterOutputSerializer,
    TokenPairSerializer,
    UserOutputSerializer,
    tokens_for,
)
from apps.accounts.models import User
from apps.accounts.services import user_register
from apps.core.api.schema import ERROR_RESPONSES
from apps.core.client_ip import client_ip
from apps.integrations.geo import geo_locate

_PASSWORD_EXAMPLE = "correct-horse-battery-staple"  # noqa: S105 (documentation example)


class RegisterApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        tags=["auth"],
        summary="Create an account and receive a token pair",
        request=RegisterInputSerializer,
        responses={201: RegisterOutputSerializer, **ERROR_RESPONSES},
        examples=[
            OpenApiExample(
                "Register",
                value={
                    "email": "asha@example.com",
                    "password": _PASSWORD_EXAMPLE,
                    "handle": "asha-reads",
                    "display_name": "Asha",
                    "preferred_languages": ["te", "hi"],
                    "preferred_content_types": ["movie", "anime"],
                },
                request_only=True,
            )
        ],
    )
    def post(self, request: Request) -> Response:
        data = RegisterInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        location = geo_locate(client_ip(request))  # offline; fills an empty profile location
        user = user_register(**data.validated_data, location=location)
        body = {"user": UserOutputSerializer(user).data, "tokens": tokens_for(user)}
        return Response(body, status=status.HTTP_201_CREATED)


class LoginApi(APIView):
    """The password check and its limits are the backend's (apps/accounts/limits.py): a lockout
    is a 429 with Retry-After, a wrong password a 401."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    def get_authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'  # a wrong password is a 401, not a 403

    @extend_schema(
        tags=["auth"],
        summary="Log in with e-mail or username and password",
        request=LoginInputSerializer,
        responses={200: TokenPairSerializer, **ERROR_RESPONSES},
        examples=[
            OpenApiExample(
                "Login",
                value={"login": "asha@example.com", "password": _PASSWORD_EXAMPLE},
                request_only=True,
            )
        ],
    )
    def post(self, request: Request) -> Response:
        data = LoginInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        identifier, password = data.validated_data["identifier"], data.validated_data["password"]
        user = authenticate(request._request, username=identifier, password=password)
        if user is None:
            raise exceptions.AuthenticationFailed("E-mail, username or password is incorrect.")
        assert isinstance(user, User)
        update_last_login(User, user)
        return Response(tokens_for(user))


class RefreshApi(TokenRefreshView):
    """Rotates the refresh token: the one sent is blacklisted and cannot be used again."""

    @extend_schema(
        tags=["auth"],
        summary="Exchange a refresh token for a new token pair",
        request=RefreshInputSerializer,
        responses={200: TokenPairSerializer, **ERROR_RESPONSES},
    )
    def post(self, request: Request, *args: object, **kwargs: object) -> Response:
        try:
            return super().post(request, *args, **kwargs)
        except User.DoesNotExist:  # the account was deleted (for example by an admin)
            raise exceptions.AuthenticationFailed(
                "The account of this token no longer exists.", code="token_not_valid"
            ) from None


class LogoutApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["auth"],
        summary="Blacklist a refresh token",
        request=RefreshInputSerializer,
        responses={204: OpenApiResponse(description="Logged out"), **ERROR_RESPONSES},
    )
    def post(self, request: Request) -> Response:
        data = RefreshInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            token = RefreshToken(data.validated_data["refresh"])
        except TokenError as exc:
            raise exceptions.ValidationError({"refresh": [str(exc)]}) from None
        if str(token.get("user_id")) != str(request.user.pk):
            raise exceptions.PermissionDenied("This refresh token belongs to another account.")
        token.blacklist()
        return Response(status=status.HTTP_204_NO_CONTENT)
