from django.contrib.auth import authenticate
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from association.api.filters import ContactFilter, OrganisationFilter
from association.api.permissions import ContactWrites, StaffWritesOthersRead
from association.api.serializers import (
    ContactPersonSerializer,
    OrganisationSerializer,
    RegionSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
)
from association.models import Region
from association.selectors import registry as selectors
from association.services.contacts import contact_create, contact_delete, contact_update
from association.services.organisations import organisation_create, organisation_delete, organisation_update


class TokenView(APIView):
    """Exchange a username and password for an API token (throttled, counted by django-axes)."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_scope = "token"

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenResponseSerializer})
    def post(self, request):
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(request=request._request, **serializer.validated_data)
        if user is None or not user.is_active:
            return Response(
                {"non_field_errors": [_("Unable to sign in with the given username and password.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RegionSerializer
    queryset = Region.objects.select_related("parent")
    filterset_fields = ["level", "parent", "code"]
    search_fields = ["name", "name_en", "code"]


class OrganisationViewSet(viewsets.ModelViewSet):
    serializer_class = OrganisationSerializer
    permission_classes = [StaffWritesOthersRead]
    filterset_class = OrganisationFilter
    search_fields = ["name", "short_name", "name_en", "credit_code"]
    ordering_fields = ["name", "joined_on", "kind"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return selectors.organisation_list(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = organisation_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = organisation_update(
            organisation=serializer.instance, actor=self.request.user, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        organisation_delete(organisation=instance, actor=self.request.user)


class ContactViewSet(viewsets.ModelViewSet):
    serializer_class = ContactPersonSerializer
    permission_classes = [ContactWrites]
    filterset_class = ContactFilter
    search_fields = ["name", "phone", "email", "organisation__name"]
    ordering_fields = ["organisation", "duty", "slot", "updated_at"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return selectors.contact_list(user=self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        organisation = data.pop("organisation")
        serializer.instance = contact_create(actor=self.request.user, organisation=organisation, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("organisation", None)
        serializer.instance = contact_update(actor=self.request.user, contact=serializer.instance, **data)

    def perform_destroy(self, instance):
        contact_delete(actor=self.request.user, contact=instance)
