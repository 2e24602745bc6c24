"""Staff pages beside the admin: disallow-list import and export, the default lists' switches,
and "try a prompt"."""

from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from classrooms.models import Classroom
from generation.models import Generation
from generation.safety import check_prompt
from generation.safety.audit import request_actor
from generation.safety.bulk import (
    MAX_TERM_LENGTH,
    terms_export_csv,
    terms_export_text,
    terms_text_check,
)
from generation.safety.categories import BY_SLUG, INFO
from generation.safety.category_switches import category_switch
from generation.safety.terms import terms_import
from generation.selectors.categories import category_rows

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

IMPORT_TITLE = _("Import or export disallow lists")
TRY_TITLE = _("Try a prompt")
DEFAULT_LISTS_TITLE = _("Default lists")
DEFAULT_LISTS_SAVED = _("Switched on: %(on)s. Switched off: %(off)s.")
DEFAULT_LISTS_UNCHANGED = _("Nothing changed.")
NONE = _("none")
SCHOOL_WIDE = _("School-wide list")
NEITHER_TEXT_NOR_FILE = _("Paste some terms or choose a file.")
BOTH_TEXT_AND_FILE = _("Paste the terms or choose a file, not both.")
FILE_TOO_BIG = _("The file is larger than 1 MB; split it into smaller files.")
FILE_NOT_UTF8 = _(
    "The file is not UTF-8 text. Save it as UTF-8 (or “CSV UTF-8”) and try again. "
    "Nothing was imported."
)
IMPORTED = _(
    "Imported into %(list)s: %(added)d added, %(already_there)d already there, %(skipped)d skipped."
)
SKIPPED_LINES = _(
    "Skipped lines %(lines)s: empty, longer than %(max)d characters, punctuation alone "
    "(which would block nothing), or with an unknown language or 'active' value."
)
WOULD_BE_BLOCKED = _("Would be blocked by %(layer)s: %(rule)s")
WOULD_BE_BLOCKED_BY_CATEGORY = _("Would be blocked by the default list “%(category)s”: %(rule)s")
WOULD_BE_ALLOWED = _(
    "Would be allowed by the disallow lists (moderation and the image service's filter "
    "may still stop it)."
)

MAX_UPLOAD_BYTES = 1024 * 1024
SKIPPED_LINES_SHOWN = 20
EXPORTS = {"txt": ("text/plain", terms_export_text), "csv": ("text/csv", terms_export_csv)}


def _class_choice(label: "_StrOrPromise") -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        Classroom.objects.order_by("name"),
        required=False,
        empty_label=SCHOOL_WIDE,
        label=label,
    )


class TermsImportForm(forms.Form):
    text = forms.CharField(
        label=_("Terms"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 60}),
        help_text=_(
            "One term per line, or CSV with a header row naming a “term” column (and "
            "optionally “language” and “active”). Blank lines and lines starting with # "
            "are ignored."
        ),
    )
    upload = forms.FileField(
        label=_("…or a file"), required=False, help_text=_(".txt or .csv, UTF-8, up to 1 MB.")
    )
    language = forms.ChoiceField(
        label=_("Language"),
        choices=settings.LANGUAGES,
        initial="en",
        help_text=_("For lines that do not say their language."),
    )
    classroom = _class_choice(_("Into"))

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        text, upload = cleaned.get("text") or "", cleaned.get("upload")
        if upload and text.strip():
            raise forms.ValidationError(BOTH_TEXT_AND_FILE)
        if upload:
            if upload.size > MAX_UPLOAD_BYTES:
                raise forms.ValidationError(FILE_TOO_BIG)
            try:
                # utf-8-sig: spreadsheets on Windows start CSV files with a BOM.
                cleaned["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(FILE_NOT_UTF8) from None
        elif not text.strip():
            raise forms.ValidationError(NEITHER_TEXT_NOR_FILE)
        if "text" in cleaned:
            terms_text_check(str(cleaned["text"]))
        return cleaned


class ExportForm(forms.Form):
    classroom = _class_choice(_("List"))


class DefaultListsForm(forms.Form):
    """One box per shipped category: on for the whole school or not."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for info in INFO:
            self.fields[info.slug] = forms.BooleanField(
                label=info.label, required=False, help_text=info.why
            )


class TryPromptForm(forms.Form):
    prompt = forms.CharField(
        label=_("Prompt"),
        max_length=32000,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
    )
    classroom = forms.ModelChoiceField(
        Classroom.objects.order_by("name"),
        required=False,
        empty_label=_("No class (school-wide list only)"),
        label=_("As a student of"),
        help_text=_("A class's own additions count only when its class is chosen."),
    )


@staff_member_required
@permission_required("generation.add_disallowedterm", raise_exception=True)
@require_http_methods(["GET", "POST"])
def terms_import_page(request: HttpRequest) -> HttpResponse:
    form = TermsImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        classroom: Classroom | None = form.cleaned_data["classroom"]
        result = terms_import(
            actor=request_actor(request),
            text=form.cleaned_data["text"],
            classroom=classroom,
            language=form.cleaned_data["language"],
        )
        summary = IMPORTED % {
            "list": classroom.name if classroom else SCHOOL_WIDE,
            "added": result.added,
            "already_there": result.already_there,
            "skipped": result.skipped_invalid,
        }
        messages.success(request, summary)
        if result.skipped_lines:
            lines = ", ".join(str(n) for n in result.skipped_lines[:SKIPPED_LINES_SHOWN])
            if len(result.skipped_lines) > SKIPPED_LINES_SHOWN:
                lines += " …"
            messages.warning(request, SKIPPED_LINES % {"lines": lines, "max": MAX_TERM_LENGTH})
        changelist = reverse("admin:generation_disallowedterm_changelist")
        if classroom is not None:
            return redirect(f"{changelist}?classroom__id__exact={classroom.pk}")
        return redirect(f"{changelist}?classroom__isnull=True")
    return render(
        request,
        "admin/generation/safety/terms_import.html",
        {
            **admin.site.each_context(request),
            "title": IMPORT_TITLE,
            "form": form,
            "export_form": ExportForm(auto_id="id_export_%s"),
        },
        # A refused import is the request's fault, and says so to scripts as well.
        status=400 if request.method == "POST" else 200,
    )


@staff_member_required
@permission_required("generation.view_disallowedterm", raise_exception=True)
@require_GET
def terms_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in EXPORTS:
        raise Http404
    # The same form the import page shows for choosing the list; no class is the school's.
    form = ExportForm(request.GET)
    if not form.is_valid():
        raise Http404
    classroom: Classroom | None = form.cleaned_data["classroom"]
    content_type, export = EXPORTS[fmt]
    content = export(classroom=classroom)
    if fmt == "csv":
        # Excel reads a UTF-8 CSV without this mark as a legacy code page (ñ becomes Ã±).
        content = "\ufeff" + content
    name = "school" if classroom is None else f"class-{classroom.pk}-{slugify(classroom.name)}"
    return HttpResponse(
        content,
        content_type=f"{content_type}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="disallow-list-{name}.{fmt}"'},
    )


@staff_member_required
@permission_required("generation.view_disallowedterm", raise_exception=True)
@require_http_methods(["GET", "POST"])
def try_prompt(request: HttpRequest) -> HttpResponse:
    # POST although nothing is written: a prompt can be longer than a request line may
    # be, and it stays out of access logs. Nothing changes, so it renders, not redirects.
    form = TryPromptForm(request.POST or None)
    verdict_text, blocked = "", False
    if request.method == "POST" and form.is_valid():
        verdict = check_prompt(
            form.cleaned_data["prompt"], classroom=form.cleaned_data["classroom"]
        )
        blocked = not verdict.allowed
        if blocked and verdict.category:
            term = verdict.rule.split(": ", 1)[-1]
            verdict_text = str(
                WOULD_BE_BLOCKED_BY_CATEGORY
                % {"category": BY_SLUG[verdict.category].label, "rule": term}
            )
        elif blocked:
            layer = dict(Generation.SafetyLayer.choices).get(verdict.layer, verdict.layer)
            verdict_text = str(WOULD_BE_BLOCKED % {"layer": layer, "rule": verdict.rule})
        else:
            verdict_text = str(WOULD_BE_ALLOWED)
    return render(
        request,
        "admin/generation/safety/try_prompt.html",
        {
            **admin.site.each_context(request),
            "title": TRY_TITLE,
            "form": form,
            "verdict": verdict_text,
            "blocked": blocked,
        },
    )


@staff_member_required
@permission_required("generation.change_safetycategoryswitch", raise_exception=True)
@require_http_methods(["GET", "POST"])
def default_lists_page(request: HttpRequest) -> HttpResponse:
    rows = category_rows()
    form = DefaultListsForm(request.POST or None, initial={row.slug: row.school_on for row in rows})
    if request.method == "POST" and form.is_valid():
        switched: dict[bool, list[str]] = {True: [], False: []}
        for row in rows:
            on = form.cleaned_data[row.slug]
            if category_switch(actor=request_actor(request), category=row.slug, on=on):
                switched[on].append(str(row.label))
        if switched[True] or switched[False]:
            messages.success(
                request,
                DEFAULT_LISTS_SAVED
                % {
                    "on": ", ".join(switched[True]) or NONE,
                    "off": ", ".join(switched[False]) or NONE,
                },
            )
        else:
            messages.info(request, DEFAULT_LISTS_UNCHANGED)
        return redirect("admin_default_lists")
    return render(
        request,
        "admin/generation/safety/default_lists.html",
        {
            **admin.site.each_context(request),
            "title": DEFAULT_LISTS_TITLE,
            "form": form,
            "rows": rows,
        },
    )
