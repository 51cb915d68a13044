"""Admin: the configuration of the association's bodies (their names, remit, voting rule) and of their terms and
seats, through the services. Meetings, consultations and trainings are worked in the portal's pages; a
re-election (which ends a term) is the body page's form in the portal."""

from django import forms
from django.contrib import admin

from association.admin.base import ReadOnlyInline, ScopedAdmin, ServiceInline
from governance.choices import Position
from governance.models import Body, Seat, Term
from governance.services import bodies as body_services


class TermsInline(ReadOnlyInline):
    model = Term
    fields = ["number", "starts_on", "ends_on", "status", "note"]
    readonly_fields = fields
    show_change_link = True


@admin.register(Body)
class BodyAdmin(ScopedAdmin):
    list_display = ["name", "kind", "votes", "quorum_num", "quorum_den", "is_active", "order"]
    list_filter = ["kind", "votes", "is_active"]
    search_fields = ["name", "short_name"]
    inlines = [TermsInline]

    def service_create(self, request, fields):
        return body_services.body_create(actor=request.user, **fields)

    def service_update(self, request, obj, changes):
        return body_services.body_update(actor=request.user, body=obj, **changes)


class SeatForm(forms.ModelForm):
    """A seat's organisation is fixed once it sits (another organisation: remove the seat, add one)."""

    class Meta:
        model = Seat
        fields = ["organisation", "position", "representative", "representative_title", "joined_on", "left_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["organisation"].disabled = True


class SeatInline(ServiceInline, admin.TabularInline):
    model = Seat
    form = SeatForm
    extra = 0
    autocomplete_fields = ["organisation"]

    def service_create(self, request, parent, fields):
        spec = body_services.SeatSpec(
            organisation=fields["organisation"],
            position=fields.get("position") or Position.MEMBER,
            representative=fields.get("representative", ""),
            representative_title=fields.get("representative_title", ""),
        )
        return body_services.seat_add(actor=request.user, term=parent, spec=spec, joined_on=fields.get("joined_on"))

    def service_update(self, request, obj, changes):
        changes.pop("organisation", None)
        return body_services.seat_update(actor=request.user, seat=obj, **changes)

    def service_delete(self, request, obj):
        body_services.seat_delete(actor=request.user, seat=obj)


@admin.register(Term)
class TermAdmin(ScopedAdmin):
    """A body's first term known to the portal is opened here (``term_open``); later ones by a re-election."""

    list_display = ["body", "number", "starts_on", "ends_on", "status"]
    list_filter = ["status", "body__kind"]
    search_fields = ["body__name"]
    list_select_related = ["body"]
    inlines = [SeatInline]

    def get_readonly_fields(self, request, obj=None):
        return ["body", "number", "ends_on", "status"] if obj is not None else ["ends_on", "status"]

    def service_create(self, request, fields):
        return body_services.term_open(
            actor=request.user,
            body=fields["body"],
            number=fields["number"],
            starts_on=fields["starts_on"],
            note=fields.get("note", ""),
            seats=[],
        )

    def service_update(self, request, obj, changes):
        return body_services.term_update(actor=request.user, term=obj, **changes)
