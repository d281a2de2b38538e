"""Bulk actions on the case list: one change applied to many cases, each on its own.

Each action has a confirmation page: the editor gives its values (a status and
its citation, a charge, a position, an editor), sees what will change in each
selected case, then applies it. Every case is changed in a transaction of its
own, with its row locked and its version checked against the one the
confirmation page showed: a case changed by someone else meanwhile, or one
where the change breaks a rule (the models' validation), is refused and left
exactly as it was, and listed with the reason. History entries carry the
action as their change reason.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cases import versioning
from cases.admin.forms import pick_by_typing
from cases.models import Case, Charge, Citation, Position, Source, StatusChange
from cases.models.base import DatePrecision
from cases.models.review import (
    ReviewState,
    publication_refused,
    submit_for_review,
)
from cases.models.status import refresh_statuses

# simple-history keeps a change reason of at most 100 characters.
REASON_LENGTH = 100


def fields_of(model, names, **widgets):
    """A plain form with the model's own fields (labels, choices, help), validated per case later."""
    return type(
        f"{model.__name__}Values",
        (forms.Form,),
        forms.fields_for_model(model, fields=names, widgets=widgets),
    )


def reason(text):
    return text if len(text) <= REASON_LENGTH else f"{text[: REASON_LENGTH - 1]}…"


def saved_with_reason(record, why):
    """Validate `record` by its model's rules, then save it with `why` in its history."""
    record.full_clean()
    record._change_reason = reason(why)
    record.save()
    return record


class BulkAction:
    """One change for many cases. Subclasses say what it asks, shows and does."""

    name = ""
    label = ""
    values_form = None

    def __init__(self, admin_site):
        self.admin_site = admin_site

    def form(self, data):
        return None if self.values_form is None else self.values_form(data)

    def preview(self, case, values) -> str:
        raise NotImplementedError

    def why(self, values) -> str:
        """What was done, in the editor's language."""
        raise NotImplementedError

    def history_reason(self, values) -> str:
        """`why()` as the history keeps it, in the site's language whoever applied it."""
        with translation.override(settings.LANGUAGE_CODE):
            return str(self.why(values))

    def apply(self, case, values, user):
        """Change `case` (locked, current); raises ValidationError to refuse it."""
        raise NotImplementedError


class Publish(BulkAction):
    name, label = "publish", _("Publish the selected cases")
    published = True

    def preview(self, case, values):
        if case.published == self.published:
            if self.published:
                return _("unchanged: already published")
            return _("unchanged: already a draft")
        return _("draft → published") if self.published else _("published → draft")

    def why(self, values):
        return _("Bulk action: published") if self.published else _("Bulk action: unpublished")

    def apply(self, case, values, user):
        if case.published == self.published:
            return
        if self.published:
            refused = publication_refused(user, case)
            if refused:
                raise ValidationError(refused)
        case.published = self.published
        saved_with_reason(case, self.history_reason(values))


class Unpublish(Publish):
    name, label = "unpublish", _("Unpublish the selected cases (back to draft)")
    published = False


class SubmitForReview(BulkAction):
    name, label = "submit_for_review", _("Submit the selected cases for review")

    # Spelled out: the review states' own labels (cases.models.review) are English only.
    UNCHANGED = {
        ReviewState.NEEDS_REVIEW: _("unchanged: needs review"),
        ReviewState.PUBLISHED: _("unchanged: published"),
    }

    def preview(self, case, values):
        if case.review_state != ReviewState.DRAFT:
            return self.UNCHANGED[case.review_state]
        return _("draft → needs review")

    def why(self, values):
        return _("Bulk action: submitted for review")

    def apply(self, case, values, user):
        if case.review_state != ReviewState.DRAFT:
            return
        submit_for_review(case, user)
        saved_with_reason(case, self.history_reason(values))


class AssignValues(forms.Form):
    editor = forms.ModelChoiceField(
        get_user_model().objects.filter(is_active=True, is_staff=True).order_by("username"),
        required=False,
        empty_label=_("Nobody (unassign)"),
        help_text=_("The editor who will work on the cases."),
    )


class Assign(BulkAction):
    name, label = "assign", _("Assign the selected cases to an editor…")
    values_form = AssignValues

    def preview(self, case, values):
        now = case.assigned_to.get_username() if case.assigned_to else _("nobody")
        editor = values["editor"].get_username() if values["editor"] else _("nobody")
        return f"{now} → {editor}"

    def why(self, values):
        if values["editor"] is None:
            return _("Bulk action: assigned to nobody")
        return _("Bulk action: assigned to %(editor)s") % {
            "editor": values["editor"].get_username()
        }

    def apply(self, case, values, user):
        case.assigned_to = values["editor"]
        saved_with_reason(case, self.history_reason(values))


StatusChangeValues = fields_of(
    StatusChange, ["status", "changed_on", "changed_on_precision", "certainty", "description"]
)


class StatusValues(StatusChangeValues):
    source = forms.ModelChoiceField(
        Source.objects.all(),
        required=False,
        help_text=_(
            "The source saying so; its passage below is cited for each case's status change."
        ),
    )
    quote = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("The passage, as it stands in the source's text."),
    )
    not_yet_cited = forms.BooleanField(
        label=_("Not yet cited"),
        required=False,
        help_text=_(
            "No passage supports it yet (a list's row, say): recorded with the mark, "
            "for an editor to cite later."
        ),
    )

    def clean(self):
        cleaned_data = super().clean()
        cited = cleaned_data.get("source") and cleaned_data.get("quote")
        if cited and cleaned_data.get("not_yet_cited"):
            raise ValidationError(_("Give a passage or the “not yet cited” mark, not both."))
        if not cited and not cleaned_data.get("not_yet_cited"):
            raise ValidationError(
                _("Cite a passage (a source and its quote), or mark the change “not yet cited”.")
            )
        return cleaned_data


class SetStatus(BulkAction):
    name, label = "set_status", _("Set the status of the selected cases…")

    def form(self, data):
        return pick_by_typing(StatusValues(data), "source", Citation, self.admin_site)

    def described(self, values):
        status = Case.Status(values["status"]).label
        if values["changed_on"] is None:
            return status
        change = StatusChange(
            changed_on=values["changed_on"],
            changed_on_precision=values["changed_on_precision"] or DatePrecision.DAY,
        )
        return _("%(status)s from %(date)s") % {
            "status": status,
            "date": change.display_date("changed_on"),
        }

    def preview(self, case, values):
        if values.get("quote"):
            cited = _("cited: “%(quote)s”") % {"quote": values["quote"]}
        else:
            cited = _("marked not yet cited")
        return f"{case.get_status_display()} → {self.described(values)} ({cited})"

    def why(self, values):
        return _("Bulk action: status set to %(status)s") % {"status": self.described(values)}

    def apply(self, case, values, user):
        change = StatusChange(
            case=case,
            status=values["status"],
            changed_on=values["changed_on"],
            changed_on_precision=values["changed_on_precision"],
            certainty=values["certainty"],
            description=values["description"],
        )
        saved_with_reason(change, self.history_reason(values))
        if values.get("quote"):
            citation = Citation(source=values["source"], quote=values["quote"])
            citation.set_claim(change)
            saved_with_reason(citation, self.history_reason(values))
        refresh_statuses([case.pk])


class AddFact(BulkAction):
    """Adds a new `model` record (a charge, a position), the same in each case."""

    model = None

    def apply(self, case, values, user):
        saved_with_reason(self.model(case=case, **values), self.history_reason(values))


class AddCharge(AddFact):
    name, label = "add_charge", _("Add a charge to the selected cases…")
    model = Charge
    values_form = fields_of(
        Charge,
        [
            "description",
            "statute",
            "outcome",
            "charged_on",
            "charged_on_precision",
            "decided_on",
            "decided_on_precision",
            "certainty",
        ],
    )

    def preview(self, case, values):
        return _("adds the charge “%(charge)s”") % {"charge": values["description"]}

    def why(self, values):
        return _("Bulk action: charge “%(charge)s” added") % {"charge": values["description"]}


class AddPosition(AddFact):
    name, label = "add_position", _("Add a position of one actor to the selected cases…")
    model = Position
    values_form = fields_of(
        Position, ["actor", "stance", "stated_on", "stated_on_precision", "summary"]
    )

    def form(self, data):
        return pick_by_typing(super().form(data), "actor", Position, self.admin_site)

    def preview(self, case, values):
        return _("adds “%(actor)s: %(stance)s”") % {
            "actor": values["actor"],
            "stance": Position.Stance(values["stance"]).label,
        }

    def why(self, values):
        return _("Bulk action: position of %(actor)s added") % {"actor": values["actor"]}


def run(model_admin, request, queryset, action):
    """The confirmation page of `action` for the selected cases, or, confirmed, its outcome."""
    cases = list(queryset.select_related("person", "assigned_to").order_by("pk"))
    given = "_values" in request.POST or "_apply" in request.POST
    form = action.form(request.POST if given else None)
    values = {} if form is None else (form.cleaned_data if given and form.is_valid() else None)
    if "_apply" in request.POST and values is not None:
        versions = {case.pk: request.POST.get(f"version-{case.pk}") for case in cases}
        done, refused = apply_to_each(action, cases, values, versions, request.user)
        report(model_admin, request, action, values, done, refused)
        return None
    rows = [
        {
            "case": case,
            "version": versioning.etag(case),
            "change": None if values is None else action.preview(case, values),
        }
        for case in cases
    ]
    context = {
        **model_admin.admin_site.each_context(request),
        "title": action.label.rstrip("…"),
        "opts": model_admin.opts,
        "action": action,
        "form": form,
        "rows": rows,
        "ready": values is not None,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "media": model_admin.media + (form.media if form is not None else forms.Media()),
    }
    return TemplateResponse(request, "admin/cases/case/bulk_action.html", context)


def apply_to_each(action, cases, values, versions, user):
    """(done, refused): each case changed in its own transaction, or refused with the reason."""
    done, refused = [], []
    for case in cases:
        try:
            with transaction.atomic():
                current = (
                    versioning.for_update(Case.objects.filter(pk=case.pk))
                    .select_related("person")
                    .first()
                )
                if current is None:
                    raise ValidationError(_("deleted after you confirmed"))
                if versions.get(case.pk) != versioning.etag(current):
                    raise ValidationError(
                        _("%(change)s after the confirmation page was opened; nothing was changed"),
                        params={"change": versioning.describe_last_change(Case, case.pk)},
                    )
                action.apply(current, values, user)
        except ValidationError as error:
            refused.append((case, "; ".join(error.messages)))
        else:
            done.append(case)
    return done, refused


def report(model_admin, request, action, values, done, refused):
    """Counts, then each refused case with its reason; each changed case in the admin's log.

    The messages are in the editor's language; the log, stored, has the history's reason.
    """
    # English keeps its "case(s)" (both msgids alike); Russian still picks its form by the count.
    summary = ngettext(
        "%(action)s: %(changed)s case(s) changed, %(refused)s refused.",
        "%(action)s: %(changed)s case(s) changed, %(refused)s refused.",
        len(done),
    ) % {"action": action.why(values), "changed": len(done), "refused": len(refused)}
    model_admin.message_user(request, summary, messages.WARNING if refused else messages.SUCCESS)
    for case, problem in refused:
        refusal = _("Refused: %(case)s — %(reason)s") % {"case": case, "reason": problem}
        model_admin.message_user(request, refusal, messages.ERROR)
    logged = action.history_reason(values)
    for case in done:
        model_admin.log_change(request, case, logged)


ACTIONS = [Publish, Unpublish, SubmitForReview, SetStatus, AddCharge, AddPosition, Assign]
