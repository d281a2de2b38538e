"""Importing a spreadsheet of cases in the admin: upload → mapping → preview → confirm.

The preview is the import itself run as a dry run (cases.ingest.case_lists),
so it shows exactly what confirming will do, and nothing is written before
the editor confirms. A confirmed import is recorded as an ImportLog.
"""

import re
import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cases.ingest.case_lists import (
    FIELDS,
    CaseImport,
    Mapping,
    UsageError,
    column_key,
    column_reference,
)
from cases.ingest.spreadsheets import UnreadableFile, read_table
from cases.models import CaseList, ColumnMapping, ImportLog, ListEntry

from .links import change_link, change_url

# Uploaded files wait here between the steps, named by their SHA-256.
UPLOADS = Path(tempfile.gettempdir()) / "registry-imports"
UPLOAD_NAME = re.compile(r"^[0-9a-f]{64}\.(csv|tsv|txt|xlsx)$")
IGNORE = ""


class UploadForm(forms.Form):
    file = forms.FileField(help_text=_("A .csv file (any common encoding and delimiter) or .xlsx."))
    saved_mapping = forms.ModelChoiceField(
        ColumnMapping.objects.all(),
        required=False,
        help_text=_("Start from a mapping saved by an earlier import."),
    )


class MappingForm(forms.Form):
    """Which column is which field (one choice per column of the file), constants and the key."""

    upload = forms.CharField(widget=forms.HiddenInput)
    file_name = forms.CharField(widget=forms.HiddenInput)
    constants = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "A value for every row, one FIELD=VALUE a line, e.g. case.detaining_country=CN."
        ),
    )
    key = forms.CharField(
        required=False,
        help_text=_(
            "The fields identifying a case, joined by +. Empty: case.external_id "
            "when mapped, else person.name+case.detained_on."
        ),
    )
    source_url = forms.URLField(
        label=_("Source URL"),
        required=False,
        help_text=_(
            "Where the list is published; it then names the list (else the file name does)."
        ),
    )
    publish = forms.BooleanField(required=False, help_text=_("Publish new cases (else drafts)."))
    save_as = forms.CharField(
        label=_("Save the mapping as"),
        required=False,
        help_text=_("Optional; saved on confirming."),
    )

    def __init__(self, *args, headers, saved=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.headers = headers
        saved_columns = {column_key(c): f for c, f in (saved.columns if saved else {}).items()}
        choices = [(IGNORE, _("— ignore —")), *((name, name) for name in FIELDS)]
        self.column_fields = []
        for index, header in enumerate(headers):
            name = f"column_{index}"
            reference = column_key(column_reference(headers, index))
            initial = saved_columns.get(reference) or (header if header in FIELDS else "")
            self.fields[name] = forms.ChoiceField(
                label=header or _("(column %(number)s)") % {"number": index + 1},
                choices=choices,
                required=False,
                initial=initial,
            )
            self.column_fields.append(name)
        if saved is not None:
            self.fields["constants"].initial = "\n".join(
                f"{name}={value}" for name, value in saved.constants.items()
            )
            self.fields["key"].initial = saved.key

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if not UPLOAD_NAME.match(upload) or not (UPLOADS / upload).exists():
            raise forms.ValidationError(_("The uploaded file is gone: upload it again."))
        return upload

    def clean(self):
        data = super().clean()
        constants = [line for line in data.get("constants", "").splitlines() if line.strip()]
        columns = {
            column_reference(self.headers, index): data[name]
            for index, name in enumerate(self.column_fields)
            if data.get(name)
        }
        try:
            self.mapping = Mapping.from_options(sets=constants, key=data.get("key", ""))
            self.mapping.columns = columns
            self.mapping.check()
        except UsageError as error:
            raise forms.ValidationError(str(error)) from None
        return data


def store_upload(name: str, data: bytes, sha256: str) -> str:
    UPLOADS.mkdir(parents=True, exist_ok=True)
    stored = f"{sha256}{Path(name).suffix.lower()}"
    (UPLOADS / stored).write_bytes(data)
    return stored


@admin.register(ImportLog)
class ImportLogAdmin(admin.ModelAdmin):
    """The record of confirmed imports; new ones are made through "Import a spreadsheet"."""

    list_display = [
        "created_at",
        "file_name",
        "user",
        "created",
        "updated",
        "unchanged",
        "rejected",
        "rejects_link",
    ]
    list_filter = ["case_list"]
    list_select_related = ["user", "case_list"]
    search_fields = ["file_name", "file_sha256"]
    fields = [
        ("created_at", "user"),
        ("file_name", "file_sha256"),
        ("case_list", "source_link"),
        ("created", "updated", "unchanged", "rejected"),
        "rejects_link",
        "summary",
    ]
    readonly_fields = [
        name for entry in fields for name in (entry if isinstance(entry, tuple) else (entry,))
    ]
    change_list_template = "admin/cases/importlog/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("source"))
    def source_link(self, log):
        if log.source is None:
            return None
        return change_link(log.source)

    @admin.display(description=_("rejected rows"))
    def rejects_link(self, log):
        if not log.rejects:
            return None
        url = reverse("admin:cases_importlog_rejects", args=[log.pk])
        return format_html('<a href="{}">rejects-{}.csv</a>', url, log.pk)

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="cases_importlog_import",
            ),
            path(
                "<int:log_id>/rejects.csv",
                self.admin_site.admin_view(self.rejects_view),
                name="cases_importlog_rejects",
            ),
            *super().get_urls(),
        ]

    def rejects_view(self, request, log_id):
        log = get_object_or_404(ImportLog, pk=log_id)
        if not self.has_view_permission(request, log):
            raise PermissionDenied
        response = HttpResponse(log.rejects, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="rejects-{log.pk}.csv"'
        return response

    def import_view(self, request):
        """Upload, then map and preview (as often as needed), then confirm."""
        user = request.user
        if not (user.has_perm("cases.add_case") and user.has_perm("cases.change_case")):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import a spreadsheet of cases"),
            "opts": self.opts,
        }
        if request.method != "POST":
            return self.render_import(request, context, upload_form=UploadForm())
        if "upload" not in request.POST:
            return self.uploaded(request, context)
        stored = request.POST.get("upload", "")
        table = None
        if UPLOAD_NAME.match(stored) and (UPLOADS / stored).exists():
            table = read_table(
                request.POST.get("file_name", stored), (UPLOADS / stored).read_bytes()
            )
        form = MappingForm(request.POST, headers=table.headers if table else [])
        if table is None or not form.is_valid():
            if table is None:
                return self.render_import(
                    request, context, upload_form=UploadForm(), error=_("Upload the file again.")
                )
            return self.render_import(request, context, form=form, table=table)
        try:
            run = CaseImport(
                table,
                form.mapping,
                source_url=form.cleaned_data["source_url"],
                publish=form.cleaned_data["publish"],
                user=user,
            )
        except UsageError as error:
            form.add_error(None, str(error))
            return self.render_import(request, context, form=form, table=table)
        if request.POST.get("action") != "confirm":
            report = run.run(dry_run=True)
            return self.render_import(request, context, form=form, table=table, report=report)
        # What the import keeps (its log's summary, each rejected row's reason) is the
        # registry's record, in the site's language whoever confirmed it, as the history's
        # reasons are; the preview above and the message below speak the editor's.
        with translation.override(settings.LANGUAGE_CODE):
            report = run.run()
        if form.cleaned_data["save_as"]:
            form.mapping.save_as(form.cleaned_data["save_as"])
        (UPLOADS / stored).unlink(missing_ok=True)
        # The report's totals_line() is the import's own record (the command's output, the
        # log's summary), kept in English; the editor is told the same counts in their language.
        imported = _(
            "Imported %(file)s: %(created)s created, %(updated)s updated, "
            "%(unchanged)s unchanged, %(rejected)s rejected."
        ) % {"file": table.name, **report.counts}
        self.message_user(request, imported, messages.SUCCESS)
        return HttpResponseRedirect(change_url(report.log))

    def uploaded(self, request, context):
        upload_form = UploadForm(request.POST, request.FILES)
        if not upload_form.is_valid():
            return self.render_import(request, context, upload_form=upload_form)
        upload = upload_form.cleaned_data["file"]
        data = upload.read()
        try:
            table = read_table(upload.name, data)
        except UnreadableFile as error:
            upload_form.add_error("file", f"This file cannot be read: {error}.")
            return self.render_import(request, context, upload_form=upload_form)
        stored = store_upload(upload.name, data, table.sha256)
        form = MappingForm(
            initial={"upload": stored, "file_name": table.name},
            headers=table.headers,
            saved=upload_form.cleaned_data["saved_mapping"],
        )
        return self.render_import(request, context, form=form, table=table)

    def render_import(self, request, context, **step):
        form = step.get("form")
        if form is not None:
            sample = step["table"].rows[:3]
            step["column_fields"] = [
                (form[name], [row[index] for row in sample if index < len(row) and row[index]])
                for index, name in enumerate(form.column_fields)
            ]
            step["option_fields"] = [
                form[name] for name in ("constants", "key", "source_url", "publish", "save_as")
            ]
        return TemplateResponse(request, "admin/cases/importlog/import.html", {**context, **step})


class ListEntryInline(admin.TabularInline):
    model = ListEntry
    fields = ["external_id", "case", "row", "source"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("case__person", "source")


@admin.register(CaseList)
class CaseListAdmin(admin.ModelAdmin):
    """The lists cases were imported from, each with its cases' ids."""

    list_display = ["name", "created_at"]
    search_fields = ["name"]
    fields = ["name", "created_at"]
    readonly_fields = ["created_at"]
    inlines = [ListEntryInline]


@admin.register(ColumnMapping)
class ColumnMappingAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "updated_at"]
    search_fields = ["name"]
