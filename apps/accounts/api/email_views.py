"""Password reset and e-mail change by e-mail link (apps/accounts/email_flows.py).

Requests are limited per client address and per receiving inbox (apps/accounts/limits.py) and
answer the same whether or not an account uses the address; the e-mail change's password check
shares the sign-in budgets.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from apps.accounts import email_flows
from apps.accounts.limits import (
    account_email_spend,
    link_guard,
    password_guard,
    trust_address,
)
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
        account_email_spend(request, flow="account-email", target=email)
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
        with link_guard(request, flow="reset-confirm", target=data.validated_data["uid"]):
            user = email_flows.password_reset_confirm(**data.validated_data)
        trust_address(request, user=user)
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
        with password_guard(request, user=user):
            account_email_spend(
                request, flow="account-email", target=data.validated_data["new_email"]
            )
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
        token = data.validated_data["token"]
        with link_guard(request, flow="email-confirm", target=token):
            user = email_flows.email_change_confirm(token=token)
        return Response(
            {"detail": _("Your e-mail address is now %(email)s.") % {"email": user.email}}
        )
