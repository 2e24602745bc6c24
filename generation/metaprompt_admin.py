"""The metaprompt's admin: versions that say plainly which one is in use, and a second
step before a save that would leave out a safety part."""

from collections.abc import Iterable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from classrooms.admin_accessibility import LabelledFieldsMixin
from generation.capabilities import active_capabilities
from generation.messages import (
    METAPROMPT_IN_USE,
    METAPROMPT_IN_USE_DETAIL,
    METAPROMPT_KEEPS_FENCE_NOTE,
    METAPROMPT_LOSES_CHILD_SAFETY,
    METAPROMPT_LOSES_DISALLOW_LIST,
    METAPROMPT_NEW_DETAIL,
    METAPROMPT_NOT_IN_USE_DETAIL,
    METAPROMPT_OLDER,
    METAPROMPT_PART_CHILD_SAFETY,
    METAPROMPT_SAVED_WITHOUT,
    METAPROMPT_SWITCH_HELP,
    METAPROMPT_SWITCHED_OFF,
    METAPROMPT_TEXT_HELP,
)
from generation.models import DisallowedTerm, Metaprompt, SafetyAuditEntry
from generation.safety.audit import METAPROMPT_SUBJECT, audit_record, request_actor
from generation.safety.metaprompt import (
    LIST_PLACE,
    SafetyPart,
    active_metaprompt,
    frame_terms,
    metaprompts_marked_in_use,
)
from generation.safety.metaprompt_edits import metaprompt_save, metaprompt_save_would_lose

# The name of the confirmation page's button: a POST with it saves what was confirmed.
SAVE_ANYWAY = "_save_anyway"
EMPTY = "—"
CONFIRM_TEMPLATE = "admin/generation/metaprompt/confirm_save.html"
LOSSES = {
    SafetyPart.CHILD_SAFETY: METAPROMPT_LOSES_CHILD_SAFETY,
    SafetyPart.DISALLOW_LIST: METAPROMPT_LOSES_DISALLOW_LIST,
}
PART_NAMES = {
    SafetyPart.CHILD_SAFETY: METAPROMPT_PART_CHILD_SAFETY,
    SafetyPart.DISALLOW_LIST: LIST_PLACE,
}


class MetapromptForm(forms.ModelForm):
    class Meta:
        model = Metaprompt
        fields = ("text", "is_active")
        labels = {"is_active": _("Switched on")}
        help_texts = {"text": METAPROMPT_TEXT_HELP, "is_active": METAPROMPT_SWITCH_HELP}


def _status(metaprompt: Metaprompt, *, in_use: bool) -> str:
    if in_use:
        return str(METAPROMPT_IN_USE)
    return str(METAPROMPT_OLDER if metaprompt.is_active else METAPROMPT_SWITCHED_OFF)


@admin.register(Metaprompt)
class MetapromptAdmin(LabelledFieldsMixin, admin.ModelAdmin):
    """Versions are switched on or off on their own page, where a text that leaves out a
    safety part asks first; the list says which one frames new pictures."""

    form = MetapromptForm
    list_display = ("version", "status", "written_by", "written_at")
    list_select_related = ("created_by",)
    readonly_fields = ("version", "in_use_now", "written_by", "written_at", "terms_in_frame")
    fields = (
        "version",
        "in_use_now",
        "text",
        "is_active",
        "written_by",
        "written_at",
        "terms_in_frame",
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Metaprompt]:
        return metaprompts_marked_in_use(super().get_queryset(request))

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, object] | None = None
    ) -> HttpResponse:
        # With every version switched off the next picture makes the lesson's default:
        # make it now, so the list shows the version that will really be used.
        active_metaprompt()
        return super().changelist_view(request, extra_context)

    @admin.display(description=_("status"))
    def status(self, obj: Metaprompt) -> str:
        return _status(obj, in_use=getattr(obj, "in_use", False))

    # The model's fields have no translated names: these columns give them one.
    @admin.display(description=_("written by"), ordering="created_by")
    def written_by(self, obj: Metaprompt) -> str:
        return str(obj.created_by) if obj.created_by else EMPTY

    @admin.display(description=_("written at"), ordering="created_at")
    def written_at(self, obj: Metaprompt) -> str:
        # As the admin shows a date column, on the list and on the version's page alike.
        if obj.created_at is None:
            return EMPTY
        return str(formats.localize(timezone.localtime(obj.created_at)))

    @admin.display(description=_("status"))
    def in_use_now(self, obj: Metaprompt) -> str:
        if obj.pk is None:
            return str(METAPROMPT_NEW_DETAIL)
        in_use = active_metaprompt()
        if in_use.pk == obj.pk:
            return str(METAPROMPT_IN_USE_DETAIL)
        return str(METAPROMPT_NOT_IN_USE_DETAIL) % {
            "status": _status(obj, in_use=False),
            "version": in_use.version,
        }

    @admin.display(description=_("Terms the frame carries"))
    def terms_in_frame(self, obj: Metaprompt) -> str:
        """Which school terms the model is shown with this text, on the model in use now;
        the student's allowance never shrinks for the rest."""
        if obj.pk and LIST_PLACE not in obj.text:
            return str(_("None: this version has no {disallow_list} place for them."))
        carried = frame_terms(limit=active_capabilities().max_prompt_chars)
        total = DisallowedTerm.objects.filter(is_active=True, classroom__isnull=True).count()
        shown = format_html_join(", ", "<code>{}</code>", ((term,) for term in carried))
        left_out = total - len(carried)
        note = (
            _(
                "%(left_out)s of the school's %(total)s active terms are left out of the "
                "frame to leave room for the student's words."
            )
            % {"left_out": left_out, "total": total}
            if left_out
            else _("That is every active school term.")
        )
        return format_html(
            '<span id="frame-terms">{}</span><br>{} {}',
            shown or _("None."),
            note,
            _("Every term is still checked before anything is sent to the image service."),
        )

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, object] | None = None,
    ) -> HttpResponse:
        if request.method == "POST" and SAVE_ANYWAY not in request.POST:
            asking = self._confirmation_page(request, object_id)
            if asking is not None:
                return asking
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _confirmation_page(
        self, request: HttpRequest, object_id: str | None
    ) -> TemplateResponse | None:
        """The second step, if this valid save would leave out a safety part; None lets
        Django's own view go on (and refuse whoever may not save, or show the errors)."""
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if object_id and obj is None:
            return None
        if not (
            self.has_change_permission(request, obj) if obj else self.has_add_permission(request)
        ):
            return None
        form = self.get_form(request, obj, change=obj is not None)(
            request.POST, request.FILES, instance=obj
        )
        if not form.is_valid():
            return None
        missing = metaprompt_save_would_lose(metaprompt=form.instance, changed=form.changed_data)
        if not missing:
            return None
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("Save this metaprompt without its safety parts?"),
            "opts": opts,
            "original": obj,
            "losses": [LOSSES[part] for part in missing],
            "kept": METAPROMPT_KEEPS_FENCE_NOTE,
            "text": form.cleaned_data["text"],
            "posted": [
                (name, value)
                for name, values in request.POST.lists()
                if name != "csrfmiddlewaretoken"
                for value in values
            ],
            "save_anyway": SAVE_ANYWAY,
            "back_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
            if obj
            else reverse(f"admin:{opts.app_label}_{opts.model_name}_add"),
        }
        return TemplateResponse(request, CONFIRM_TEMPLATE, context)

    def save_model(
        self, request: HttpRequest, obj: Metaprompt, form: forms.ModelForm, change: bool
    ) -> None:
        confirmed = SAVE_ANYWAY in request.POST
        missing = metaprompt_save_would_lose(metaprompt=obj, changed=form.changed_data)
        new_version = metaprompt_save(
            metaprompt=obj,
            actor=request_actor(request),
            changed=form.changed_data,
            confirmed=confirmed,
        )
        if new_version:
            messages.info(request, _("Saved as a new version; earlier versions are kept."))
        if missing:
            parts = ", ".join(str(PART_NAMES[part]) for part in missing)
            messages.warning(request, str(METAPROMPT_SAVED_WITHOUT) % {"parts": parts})

    def delete_model(self, request: HttpRequest, obj: Metaprompt) -> None:
        with transaction.atomic():
            self._audit_removed(request, [obj])
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Metaprompt]) -> None:
        with transaction.atomic():
            self._audit_removed(request, queryset.order_by("version"))
            super().delete_queryset(request, queryset)

    def _audit_removed(self, request: HttpRequest, versions: Iterable[Metaprompt]) -> None:
        for metaprompt in versions:
            audit_record(
                actor=request_actor(request),
                action=SafetyAuditEntry.Action.REMOVED,
                subject=METAPROMPT_SUBJECT,
                detail=f"version {metaprompt.version}:\n{metaprompt.text}",
            )
