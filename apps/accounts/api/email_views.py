"""Password reset and e-mail change by e-mail link (apps/accounts/email_flows.py).

Requests are rate limited per client address and per target e-mail address (django-ratelimit
counters in the cache, per process while Redis is down) and answer the same whether or not an
account uses the address.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts import email_flows
from apps.accounts.models import User
from apps.core.api.schema import ERROR_RESPONSES

DetailSerializer = inline_serializer("Detail", fields={"detail": serializers.CharField()})


class PasswordResetInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)


class PasswordResetConfirmInputSerializer(serializers.Serializer):
    uid = serializers.CharField(max_length=64)
    token = serializers.CharField(max_length=128)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})


class EmailChangeInputSerializer(serializers.Serializer):
    new_email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=128, style={"input_type": "password"})


class EmailChangeConfirmInputSerializer(serializers.Serializer):
    token = serializers.CharField(max_length=512)


def _limit(request: Request, group: str, address: str) -> None:
    """Count this request; 429 once the client or the target address used up its budget."""
    limits = (
        (f"{group}-ip", "ip", settings.ACCOUNT_EMAIL_RATE_PER_IP),
        (
            f"{group}-address",
            lambda _group, _request: address.strip().lower(),
            settings.ACCOUNT_EMAIL_RATE,
        ),
    )
    for name, key, rate in limits:
        usage = get_usage(request, group=name, key=key, rate=rate, increment=True)
        if usage is not None and usage["should_limit"]:
            raise exceptions.Throttled(
                wait=usage["time_left"], detail=_("Too many requests; try again later.")
            )


class PasswordResetApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        tags=["auth"],
        summary="E-mail a password reset link (same answer whether or not the address is known)",
        request=PasswordResetInputSerializer,
        responses={202: DetailSerializer, **ERROR_RESPONSES},
    )
    def post(self, request: Request) -> Response:
        data = PasswordResetInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        email = data.validated_data["email"]
        _limit(request, "password-reset", email)
        email_flows.password_reset_request(email=email)
        detail = _("If an account uses this address, a reset link is on its way.")
        return Response({"detail": detail}, status=status.HTTP_202_ACCEPTED)


class PasswordResetConfirmApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        tags=["auth"],
        summary="Set a new password with the link's uid and token",
        request=PasswordResetConfirmInputSerializer,
        responses={200: DetailSerializer, **ERROR_RESPONSES},
    )
    def post(self, request: Request) -> Response:
        data = PasswordResetConfirmInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _limit(request, "password-reset-confirm", data.validated_data["uid"])
        email_flows.password_reset_confirm(**data.validated_data)
        return Response({"detail": _("Your password was changed; sign in with it.")})


class EmailChangeApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        tags=["user"],
        summary="E-mail a confirmation link to a new address (needs the current password)",
        request=EmailChangeInputSerializer,
        responses={202: DetailSerializer, **ERROR_RESPONSES},
    )
    def post(self, request: Request) -> Response:
        data = EmailChangeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = request.user
        assert isinstance(user, User)
        _limit(request, "email-change", data.validated_data["new_email"])
        email_flows.email_change_request(user=user, **data.validated_data)
        detail = _("A confirmation link is on its way to the new address.")
        return Response({"detail": detail}, status=status.HTTP_202_ACCEPTED)


class EmailChangeConfirmApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        tags=["auth"],
        summary="Confirm a new e-mail address with the link's token",
        request=EmailChangeConfirmInputSerializer,
        responses={200: DetailSerializer, **ERROR_RESPONSES},
    )
    def post(self, request: Request) -> Response:
        data = EmailChangeConfirmInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        _limit(request, "email-change-confirm", "")
        user = email_flows.email_change_confirm(token=data.validated_data["token"])
        return Response(
            {"detail": _("Your e-mail address is now %(email)s.") % {"email": user.email}}
        )
