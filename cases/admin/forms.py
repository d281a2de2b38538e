"""Admin forms: where researchers type registry data.

Validation stays on the models (`clean()` and constraints); these forms only
shape the input — one alias per line, a country picker, a single "supports"
choice for a citation, an article pasted whole — and hand it to the model's
rules. Every form of an existing record also carries the version it was
opened at, so that one editor's save never silently overwrites another's.
"""

from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html

from cases.ingest.articles import ArticleError, existing_source, source_from_text
from cases.ingest.mentions import review_link
from cases.models import Case, Citation, Person, SourceLink

SAVE_REFUSED = (
    "Nothing was saved, so their change is kept: reload the page to see it, "
    "then make your changes again."
)


def describe_last_change(model, pk) -> str:
    """ "changed by alice on 6 Feb 2021, 09:12", from the record's newest history entry."""
    record = (
        model.history.filter(**{model._meta.pk.attname: pk}).select_related("history_user").first()
    )
    if record is None:
        return "changed by someone else"
    action = "deleted" if record.history_type == "-" else "changed"
    who = record.history_user.get_username() if record.history_user else "someone (unrecorded)"
    when = date_format(timezone.localtime(record.history_date), "DATETIME_FORMAT")
    return f"{action} by {who} on {when}"


class VersionedModelForm(forms.ModelForm):
    """Refuses to save a record that someone else changed after this form was opened.

    The hidden `version` field holds the record's `version_field` timestamp as
    the page was rendered; on save it must still match the record as loaded
    for the save, or the form is invalid and names who changed it and when
    (from the record's history). Without the check, the stale values the page
    still shows would overwrite the other editor's change. In a formset, a row
    that was deleted meanwhile is reported the same way instead of as an
    invalid hidden id. `version_field = None` checks only for deleted rows.
    """

    version_field = "updated_at"
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    stale_error = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["version"] = self.current_version()

    def current_version(self) -> str:
        if self.instance.pk is None or self.version_field is None:
            return ""
        value = getattr(self.instance, self.version_field)
        return value.isoformat() if value else ""

    def clean(self):
        cleaned_data = super().clean()
        self.check_version()
        return cleaned_data

    def check_version(self):
        model = self._meta.model
        name = model._meta.verbose_name
        vanished_pk = self.vanished_pk()
        if vanished_pk is not None:
            # The formset's hidden id field reports an "invalid choice"; this says what happened.
            self._errors.pop(model._meta.pk.name, None)
            self.stale_error = ValidationError(
                f"This {name} was {describe_last_change(model, vanished_pk)} "
                f"after you opened this page. {SAVE_REFUSED}",
                code="stale",
            )
            raise self.stale_error
        if self.instance.pk is None or self.version_field is None:
            return
        if self.cleaned_data.get("version") != self.current_version():
            self.stale_error = ValidationError(
                f"This {name} was {describe_last_change(model, self.instance.pk)} "
                f"after you opened this page. {SAVE_REFUSED}",
                code="stale",
            )
            raise self.stale_error

    def vanished_pk(self):
        """The id posted for this formset row when its record no longer exists."""
        if self.instance.pk is not None or self.prefix is None:
            return None
        posted = self.data.get(self.add_prefix(self._meta.model._meta.pk.name))
        return int(posted) if posted and posted.isdigit() else None


SLUG_HELP = (
    "Leave empty to derive it from the name; it never changes afterwards, so links stay valid."
)


def saving_in_transaction(model) -> bool:
    return transaction.get_connection(router.db_for_write(model)).in_atomic_block


def lock_for_save(model, object_id, from_field=None):
    """Lock a record's row until the transaction of the save ends, waiting for other saves.

    The admin saves in a transaction (ModelAdmin.changeform_view). With the row
    locked before the record is loaded, its version check and its write are
    one step: two editors saving at the same moment cannot both pass the check,
    the second waits and then sees the first one's version. (SQLite serialises
    writing transactions from their start, transaction_mode IMMEDIATE.)
    """
    if not saving_in_transaction(model):
        return
    field = model._meta.pk if from_field is None else model._meta.get_field(from_field)
    try:
        value = field.to_python(object_id)
    except ValidationError:
        return  # Not an id: the admin answers that the record does not exist.
    rows = model._default_manager.select_for_update().filter(**{field.name: value}).order_by()
    list(rows.values_list("pk", flat=True))


class VersionedInlineFormSet(BaseInlineFormSet):
    """Also refuses to delete a row someone changed after the page was opened.

    A formset ignores the errors of the rows it deletes, so the row's
    `VersionedModelForm` check is raised again here, for the whole formset.
    Rows being saved are locked when loaded, as their parent record is
    (`lock_for_save`), so their checks and writes are one step too.
    """

    def get_queryset(self):
        if not hasattr(self, "_queryset") and self.is_bound and saving_in_transaction(self.model):
            self.queryset = self.queryset.select_for_update(of=("self",))
        return super().get_queryset()

    def clean(self):
        super().clean()
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form) and form.stale_error:
                raise form.stale_error


class PersonAdminForm(VersionedModelForm):
    class Meta:
        model = Person
        fields = [
            "name",
            "native_name",
            "name_transliterated",
            "aliases",
            "slug",
            "citizenships",
            "birth_date",
            "birth_date_precision",
            "wikidata_id",
            "description",
        ]
        widgets = {
            "aliases": forms.Textarea(attrs={"rows": 4}),
            # Two lists with a search box: far easier than ctrl-clicking in 250 countries.
            "citizenships": FilteredSelectMultiple("citizenships", is_stacked=False),
        }
        help_texts = {"slug": SLUG_HELP}

    def clean_aliases(self):
        """Trimmed, one per line, without blank lines or repeats: name matching reads this list."""
        lines = (line.strip() for line in self.cleaned_data["aliases"].splitlines())
        return "\n".join(dict.fromkeys(line for line in lines if line))


class CaseAdminForm(VersionedModelForm):
    class Meta:
        model = Case
        fields = [
            "person",
            "status",
            "published",
            "slug",
            "detaining_country",
            "place",
            "detained_on",
            "detained_on_precision",
            "released_on",
            "released_on_precision",
            "summary",
        ]
        help_texts = {
            "slug": "Leave empty to derive it from the person's name and the detention year; "
            "it never changes afterwards, so links stay valid."
        }


# A citation supports the case record itself or exactly one of its facts. The
# model stores that as three nullable foreign keys; the form offers one choice
# whose value is "<field>:<pk>", e.g. "charge:12", or "" for the case itself.
FACT_FIELDS = ("charge", "event", "position")
CASE_ITSELF = ("", "The case record itself (dates, status, place)")


def supports_choices(case) -> list:
    """The grouped choices for what a citation of `case` supports."""
    choices = [CASE_ITSELF]
    if case is None or case.pk is None:
        return choices
    groups = (
        ("Charges", "charge", case.charges.all()),
        ("Events", "event", case.events.all()),
        ("Positions", "position", case.positions.select_related("actor")),
    )
    for label, field, records in groups:
        options = [(f"{field}:{record.pk}", str(record)) for record in records]
        if options:
            choices.append((label, options))
    return choices


def supports_value(citation) -> str:
    for field in FACT_FIELDS:
        pk = getattr(citation, f"{field}_id")
        if pk is not None:
            return f"{field}:{pk}"
    return ""


class CitationInlineForm(VersionedModelForm):
    """A citation on the case page: the source, the passage and the one claim it supports.

    The quote is checked by `Citation.clean()` (run by the model form), so a
    passage that is not in the source is reported on the quote field.
    """

    supports = forms.ChoiceField(
        required=False,
        help_text="Facts added on this page can be chosen once the case is saved.",
    )

    class Meta:
        model = Citation
        fields = ["source", "quote", "supports", "note"]
        widgets = {"quote": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, supports_choices=(CASE_ITSELF,), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supports"].choices = supports_choices
        self.initial.setdefault("supports", supports_value(self.instance))

    def clean(self):
        cleaned_data = super().clean()
        chosen, _, pk = (cleaned_data.get("supports") or "").partition(":")
        # The choice was validated against this case's own records, so the pk is one of them.
        for field in FACT_FIELDS:
            setattr(self.instance, f"{field}_id", int(pk) if field == chosen else None)
        return cleaned_data


class CitationInlineFormSet(VersionedInlineFormSet):
    """Gives every citation form the facts of the case being edited, loaded once for all forms."""

    @cached_property
    def supports_choices(self):
        return supports_choices(self.instance)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "supports_choices": self.supports_choices}


# Fields the first lines of a pasted article fill in where the editor left them empty.
FIRST_LINE_FIELDS = (
    "title",
    "byline",
    "author",
    "dateline",
    "outlet",
    "published_at",
    "updated_at",
)


class SourceAdminForm(VersionedModelForm):
    """A source; a new one can be pasted whole, its title and byline read as `import_article` does."""

    version_field = "modified_at"
    read_first_lines = forms.BooleanField(
        label="Read the title and byline from the text",
        required=False,
        initial=True,
        help_text="The pasted text starts with the article's title, then its byline "
        "(“By REN QI in Moscow | CHINA DAILY | Updated: 2021-02-06 09:12”), then the body. "
        "They fill the fields below that you left empty, and the body becomes the text. "
        "Untick for a text that is all body.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and "title" in self.fields:
            # The pasted text's first line may give it.
            self.fields["title"].required = False

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None and cleaned_data.get("read_first_lines"):
            self.read_pasted_article(cleaned_data)
        text = cleaned_data.get("text")
        if self.instance.pk is None and text:
            self.refuse_duplicate(text)
        return cleaned_data

    def read_pasted_article(self, cleaned_data):
        text = cleaned_data.get("text")
        if not text:
            return
        typed = {name: cleaned_data[name] for name in FIRST_LINE_FIELDS if cleaned_data.get(name)}
        try:
            parsed = source_from_text(text, **typed)
        except ArticleError as error:
            self.add_error("text", f"Could not read the pasted article: {error}.")
            return
        for name in (*FIRST_LINE_FIELDS, "text"):
            if name in self.fields:
                cleaned_data[name] = getattr(parsed, name)

    def refuse_duplicate(self, text):
        # The form has no sha256 (it is not editable), so Django skips the
        # unique-text constraint; this check names the source already holding the text.
        found = existing_source(text)
        if found is not None:
            url = reverse("admin:cases_source_change", args=[found.pk])
            self.add_error(
                "text",
                format_html('This text is already registered as <a href="{}">{}</a>.', url, found),
            )


def claim_choices(cases) -> list:
    """Grouped choices of everything a citation of one of `cases` can support.

    Values are "case:<pk>", "charge:<pk>", "event:<pk>" or "position:<pk>";
    `cases` should come with their charges, events and positions (and the
    positions' actors) prefetched.
    """
    choices = []
    for case in cases:
        options = [(f"case:{case.pk}", "The case record itself (dates, status, place)")]
        for field, records in (
            ("charge", case.charges.all()),
            ("event", case.events.all()),
            ("position", case.positions.all()),
        ):
            options += [
                (f"{field}:{record.pk}", f"{field.capitalize()}: {record}") for record in records
            ]
        choices.append((str(case), options))
    return choices


class CitePassageForm(forms.ModelForm):
    """Cite a passage of one source for a case or one of its facts, from the source's page.

    The quote is located in the text by `Citation.clean()`, which stores its offsets.
    """

    claim = forms.ChoiceField(
        label="Supports",
        help_text="The cases linked to this source or already citing it, with their facts.",
    )

    class Meta:
        model = Citation
        fields = ["claim", "quote", "note"]
        widgets = {"quote": forms.Textarea(attrs={"rows": 4, "cols": 80})}
        help_texts = {
            "quote": "Copy the passage from the text below; spacing and quote marks may differ."
        }

    def __init__(self, *args, source, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.source = source
        self.cases = {case.pk: case for case in cases}
        self.fields["claim"].choices = [("", "---------"), *claim_choices(cases)]

    def clean_claim(self):
        field, _, pk = self.cleaned_data["claim"].partition(":")
        # The value is one of the choices, so the record is one of the listed cases or their facts.
        if field == "case":
            self.instance.case = self.cases[int(pk)]
            return self.cleaned_data["claim"]
        for case in self.cases.values():
            for record in getattr(case, f"{field}s").all():
                if record.pk == int(pk):
                    self.instance.case = case
                    setattr(self.instance, field, record)
        return self.cleaned_data["claim"]


class LinkReviewForm(VersionedModelForm):
    """One suggested source-to-case link, to accept, reject or leave for later."""

    ACCEPT, REJECT = "accept", "reject"

    # A suggestion has no timestamp of its own; one reviewed meanwhile leaves the list
    # and is reported as gone.
    version_field = None
    decision = forms.ChoiceField(
        label="Review",
        choices=[("", "Later"), (ACCEPT, "Accept"), (REJECT, "Reject")],
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = SourceLink
        fields = ["decision"]


class SourceLinkAdminForm(VersionedModelForm):
    # A link has no modification time of its own to compare.
    version_field = None


class LinkReviewFormSet(VersionedInlineFormSet):
    """Saves each decision through `review_link()`, which records the reviewer.

    `reviewer` is set by the inline for the request's user.
    """

    reviewer = None

    def save(self, commit=True):
        # What the admin's change message and history read after a save.
        self.new_objects, self.deleted_objects, self.changed_objects = [], [], []
        for form in self.initial_forms:
            decision = form.cleaned_data.get("decision")
            if decision:
                link = review_link(
                    form.instance, accept=decision == LinkReviewForm.ACCEPT, user=self.reviewer
                )
                self.changed_objects.append((link, ["status"]))
        return [link for link, _ in self.changed_objects]
