from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from association.api.fields import ScopedPrimaryKeyRelatedField
from association.credit_code import normalise_credit_code, validate_credit_code
from association.models import ContactPerson, Organisation, Region


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name", "name_en", "level", "parent"]


class OrganisationSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True, default=None, allow_null=True)
    parent_name = serializers.CharField(source="parent.name", read_only=True, default=None, allow_null=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "short_name",
            "name_en",
            "kind",
            "kind_display",
            "tier",
            "parent",
            "parent_name",
            "region",
            "region_name",
            "credit_code",
            "membership_status",
            "joined_on",
            "left_on",
            "address",
            "phone",
            "email",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate_credit_code(self, value):
        value = normalise_credit_code(value)
        validate_credit_code(value)
        return value

    def validate(self, attrs):
        # run the model's own rules (clean) so the API says what the admin says
        instance = Organisation(**{**self._current(), **attrs})
        if self.instance is not None:
            instance.pk = self.instance.pk
        instance.clean()
        return attrs

    def _current(self):
        if self.instance is None:
            return {}
        return {
            f: getattr(self.instance, f)
            for f in [
                "name",
                "kind",
                "tier",
                "parent",
                "region",
                "credit_code",
                "membership_status",
                "joined_on",
                "left_on",
            ]
        }


class ContactPersonSerializer(serializers.ModelSerializer):
    serializer_related_field = ScopedPrimaryKeyRelatedField  # a foreign organisation reads as "not found"
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)

    class Meta:
        model = ContactPerson
        fields = [
            "id",
            "organisation",
            "organisation_name",
            "duty",
            "slot",
            "name",
            "position",
            "phone",
            "office_phone",
            "email",
            "effective_from",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]

    def validate(self, attrs):
        org = attrs.get("organisation") or getattr(self.instance, "organisation", None)
        request = self.context.get("request")
        if request is not None and org is not None and not request.user.may_manage(org.pk):
            raise serializers.ValidationError({"organisation": _("You may not change this organisation's contacts.")})
        return attrs


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
