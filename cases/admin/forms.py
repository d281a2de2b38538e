"""Admin forms: where researchers type registry data.

Validation stays on the models (`clean()` and constraints); these forms only
shape the input — one alias per line, a country picker, a single "claim"
choice for a citation, an article pasted whole — and hand it to the model's
rules. Every form of an existing record also carries the version it was
opened at, so that one editor's save never silently overwrites another's.
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, FilteredSelectMultiple
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases import versioning
from cases.ingest.articles import (
    ArticleError,
    article_text,
    existing_source,
    is_html,
    parse_html,
    source_from_text,
)
from cases.ingest.mentions import review_link
from cases.models import Case, Citation, Person, Source, SourceLink
from cases.models.base import create_with_history, saves_plainly
from cases.models.review import publication_refused
from cases.models.sources import FACT_FIELDS, claim_key
from cases.search.counts import bump_registry_version

SAVE_REFUSED = _(
    "Nothing was saved, so their change is kept: reload the page to see it, "
    "then make your changes again."
)


def changed_meanwhile(model, pk) -> str:
    """The refusal of a stale save: who changed (or deleted) the record `pk` of `model`, and when."""
    changed = gettext("This %(name)s was %(change)s after you opened this page.") % {
        "name": model._meta.verbose_name,
        "change": versioning.describe_last_change(model, pk),
    }
    return f"{changed} {SAVE_REFUSED}"


class VersionedModelForm(forms.ModelForm):
    """Refuses to save a record that someone else changed after this form was opened.

    The hidden `version` field holds the record's version (its ETag, see
    cases.versioning) as the page was rendered; on save it must still match
    the record as loaded for the save, or the form is invalid and names who
    changed it and when (from the record's history). Without the check, the
    stale values the page still shows would overwrite the other editor's
    change. In a formset, a row that was deleted meanwhile is reported the
    same way instead of as an invalid hidden id. `checks_version = False`
    checks only for deleted rows.
    """

    checks_version = True
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    stale_error = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["version"] = self.current_version()
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)
            if isinstance(widget, RowAutocompleteSelect):
                widget.known = loaded_relation(self.instance, name)

    def current_version(self) -> str:
        return "" if self.instance.pk is None else versioning.etag(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        self.check_version()
        return cleaned_data

    def check_version(self):
        model = self._meta.model
        vanished_pk = self.vanished_pk()
        if vanished_pk is not None:
            # The formset's hidden id field reports an "invalid choice"; this says what happened.
            self._errors.pop(model._meta.pk.name, None)
            self.stale_error = ValidationError(changed_meanwhile(model, vanished_pk), code="stale")
            raise self.stale_error
        if self.instance.pk is None or not self.checks_version:
            return
        if self.cleaned_data.get("version") != self.current_version():
            self.stale_error = ValidationError(
                changed_meanwhile(model, self.instance.pk), code="stale"
            )
            raise self.stale_error

    def vanished_pk(self):
        """The id posted for this formset row when its record no longer exists."""
        if self.instance.pk is not None or self.prefix is None:
            return None
        posted = self.data.get(self.add_prefix(self._meta.model._meta.pk.name))
        return int(posted) if posted and posted.isdigit() else None


SLUG_HELP = _(
    "Leave empty to derive it from the name; it never changes afterwards, so links stay valid."
)


def loaded_relation(instance, name):
    """The record `instance.<name>` names, when it is loaded already (select_related), else None."""
    field = instance._meta.get_field(name)
    return getattr(instance, name) if field.is_cached(instance) else None


def pick_by_typing(form, name, model, admin_site):
    """Let `form`'s field `name` (the foreign key `name` of `model`) be picked by typing.

    The admin's autocomplete of the model `name` points to, not a list of every record.
    """
    field = form.fields[name]
    field.widget = AutocompleteSelect(model._meta.get_field(name), admin_site)
    # A widget set after the field is built must be given the field's choices.
    field.widget.choices = field.choices
    return form


class RowAutocompleteSelect(AutocompleteSelect):
    """An autocomplete that names its selected record from the row's own loaded record.

    Django's looks the selected record up to name it, one query per row of an
    inline; a row whose queryset selected the record along (`known`) needs none.
    """

    known = None

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        if self.known is None or selected != {str(self.known.pk)}:
            return super().optgroups(name, value, attr)
        options = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        label = self.choices.field.label_from_instance(self.known)
        options.append(self.create_option(name, self.known.pk, label, selected, len(options)))
        return [(None, options, 0)]


class VersionedInlineFormSet(BaseInlineFormSet):
    """Also refuses to delete a row someone changed after the page was opened.

    A formset ignores the errors of the rows it deletes, so the row's
    `VersionedModelForm` check is raised again here, for the whole formset.
    Rows being saved are locked when loaded, as their parent record is
    (`RegistryAdmin.get_object`), so their checks and writes are one step too.
    """

    def _construct_form(self, i, **kwargs):
        # A row posted back unchanged (its version too) is what the database
        # holds: it needs no validation, which would look up each record it
        # names and check it again, queries per row. A row someone changed
        # meanwhile has another version, so it is validated and refused as stale.
        if self.is_bound and i < self.initial_form_count():
            kwargs.setdefault("empty_permitted", True)
        return super()._construct_form(i, **kwargs)

    def get_queryset(self):
        bound = self.is_bound and versioning.in_transaction(self.model)
        if not hasattr(self, "_queryset") and bound:
            self.queryset = versioning.for_update(self.queryset)
        return super().get_queryset()

    def clean(self):
        super().clean()
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form) and form.stale_error:
                raise form.stale_error

    def save_new_objects(self, commit=True):
        """New rows in two statements (the rows, their history), not two per row.

        The admin saves in one transaction, which holds every row or none.
        """
        if not commit or not saves_plainly(self.model):
            return super().save_new_objects(commit)
        forms = [
            form
            for form in self.extra_forms
            if form.has_changed() and not (self.can_delete and self._should_delete_form(form))
        ]
        self.new_objects = [self.save_new(form, commit=False) for form in forms]
        if self.new_objects:
            create_with_history(self.model, self.new_objects)
            bump_registry_version()
        for form in forms:
            form.save_m2m()
        return self.new_objects


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
    # Whose request this is (set by the admin): publishing may need a reviewer.
    user = None

    def clean(self):
        cleaned_data = super().clean()
        # The instance still holds the saved values: is this save the one publishing it?
        if cleaned_data.get("published") and not self.instance.published:
            refused = publication_refused(self.user, self.instance)
            if refused:
                self.add_error("published", refused)
        return cleaned_data

    class Meta:
        model = Case
        fields = [
            "person",
            "status",
            "published",
            "slug",
            *Case.place_and_dates,
            "summary",
            "assigned_to",
        ]
        help_texts = {
            "slug": _(
                "Leave empty to derive it from the person's name and the detention year; "
                "it never changes afterwards, so links stay valid."
            )
        }


class Claims:
    """What citations of some cases may support, offered as one choice per record.

    A citation supports the case record itself or exactly one of its facts;
    the model stores that as foreign keys, a form as one value, the record's
    `claim_key` ("case:3", "charge:12"). `cases` should come with their
    charges, events, positions (and the positions' actors) and status changes prefetched.
    """

    CASE_ITSELF = _("The case record itself (dates, status, place)")

    def __init__(self, cases):
        self.cases = list(cases)
        self.records = {}
        self.choices = []
        for case in self.cases:
            options = [self.offer(case, self.CASE_ITSELF)]
            if case.pk is None:
                self.choices.append((gettext("The new case"), options))
                continue
            for kind in FACT_FIELDS:
                facts = getattr(case, f"{kind}s").all()
                # "Charge: Espionage", in the model's own name.
                label = capfirst(facts.model._meta.verbose_name)
                options += [
                    self.offer(fact, gettext("%(kind)s: %(fact)s") % {"kind": label, "fact": fact})
                    for fact in facts
                ]
            self.choices.append((str(case), options))

    def offer(self, record, label):
        key = claim_key(record)
        self.records[key] = record
        return key, label

    def offer_in(self, field):
        field.choices = [("", "---------"), *self.choices]


class CitationInlineForm(VersionedModelForm):
    """A citation on the case page: the source, the passage and the one claim it supports.

    The quote is checked by `Citation.clean()` (run by the model form), so a
    passage that is not in the source is reported on the quote field.
    """

    claim = forms.ChoiceField(
        label=_("Supports"),
        required=False,
        help_text=_("Facts added on this page can be chosen once the case is saved."),
    )

    class Meta:
        model = Citation
        fields = ["source", "quote", "claim", "note"]
        widgets = {"quote": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, claims, **kwargs):
        super().__init__(*args, **kwargs)
        self.claims = claims
        claims.offer_in(self.fields["claim"])
        self.case_itself = claim_key(claims.cases[0])
        self.initial.setdefault(
            "claim", self.instance.claim_key if self.instance.pk else self.case_itself
        )

    def clean_claim(self):
        # The value is one of the choices, so the record is the case or one of its facts;
        # none chosen is the case record itself.
        key = self.cleaned_data["claim"] or self.case_itself
        self.instance.set_claim(self.claims.records[key])
        return key


class CitationInlineFormSet(VersionedInlineFormSet):
    """Gives every citation form the facts of the case being edited, loaded once for all forms."""

    @cached_property
    def claims(self):
        case = self.instance
        if case.pk is not None:
            case = Case.objects.with_facts().get(pk=case.pk)
        return Claims([case])

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "claims": self.claims}


# Fields the first lines (or front matter) of a pasted article fill in where the editor
# left them empty.
FIRST_LINE_FIELDS = (
    "title",
    "url",
    "byline",
    "author",
    "dateline",
    "outlet",
    "published_at",
    "updated_at",
)


class SourceAdminForm(VersionedModelForm):
    """A source; a new one can be pasted whole, its title and byline read as `import_article` does."""

    read_first_lines = forms.BooleanField(
        label=_("Read the title and byline from the text"),
        required=False,
        initial=True,
        help_text=_(
            "The pasted text starts with the article's title, then its byline "
            "(“By REN QI in Moscow | CHINA DAILY | Updated: 2021-02-06 09:12”), then the body. "
            "They fill the fields below that you left empty, and the body becomes the text. "
            "Markdown with a YAML front matter (title, published_time, source_url), as web "
            "archives keep statements, is read the same way. Untick for a text that is all body."
        ),
    )
    upload = forms.FileField(
        label=_("Or upload the article"),
        required=False,
        help_text=_(
            "A saved .txt or .md file, read as if its text were pasted above, or a saved web "
            "page (.html), read as import_article reads one."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and "title" in self.fields:
            # The pasted text's first line may give it.
            self.fields["title"].required = False

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("upload"):
            self.read_upload(cleaned_data)
        if self.instance.pk is None and cleaned_data.get("read_first_lines"):
            self.read_pasted_article(cleaned_data)
        text = cleaned_data.get("text")
        if self.instance.pk is None and text:
            self.refuse_duplicate(text)
        return cleaned_data

    def read_upload(self, cleaned_data):
        if cleaned_data.get("text"):
            self.add_error("upload", gettext("Paste the article or upload it, not both."))
            return
        upload = cleaned_data["upload"]
        content = upload.read()
        try:
            if is_html(upload.name, content):
                self.read_saved_page(cleaned_data, content)
            else:
                cleaned_data["text"], _ = article_text(content)
        except ArticleError as error:
            self.add_error(
                "upload", gettext("The file cannot be read: %(error)s.") % {"error": error}
            )

    def read_saved_page(self, cleaned_data, content):
        """A saved web page, read as `import_article` reads one: its text, and the title, author,
        outlet, dates and address it gives where the editor left those empty."""
        fields = parse_html(content, timezone.get_default_timezone())
        cleaned_data["text"] = fields.pop("text")
        for name, value in fields.items():
            if name in (*FIRST_LINE_FIELDS, "language") and value and not cleaned_data.get(name):
                cleaned_data[name] = value
        # The page's text has no title and byline on its first lines.
        cleaned_data["read_first_lines"] = False

    def read_pasted_article(self, cleaned_data):
        text = cleaned_data.get("text")
        if not text:
            return
        typed = {name: cleaned_data[name] for name in FIRST_LINE_FIELDS if cleaned_data.get(name)}
        try:
            parsed = source_from_text(text, **typed)
        except ArticleError as error:
            self.add_error(
                "text", gettext("Could not read the pasted article: %(error)s.") % {"error": error}
            )
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
                format_html(
                    gettext('This text is already registered as <a href="{url}">{source}</a>.'),
                    url=url,
                    source=found,
                ),
            )


class CitePassageForm(forms.ModelForm):
    """Cite a passage of one source for a case or one of its facts.

    The page shows one button per claim it offers (`claims.choices`), each
    posting its key as `claim`. The passage is the text the editor selected
    (the page's script fills `quote` and `start`) or pasted into `quote`.
    `Citation.clean()` locates it in the text, the occurrence at `start`
    first, and stores its offsets: the rule of every citation.
    """

    claim = forms.ChoiceField(label=_("Supports"))
    start = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = Citation
        fields = ["claim", "quote", "note"]
        widgets = {"quote": forms.Textarea(attrs={"rows": 3, "cols": 80})}
        help_texts = {
            "quote": _(
                "Filled in when you select a passage in the text; "
                "or paste it here (spacing and quote marks may differ)."
            )
        }

    def __init__(self, *args, source, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.source = source
        self.claims = Claims(cases)
        self.claims.offer_in(self.fields["claim"])

    def clean_claim(self):
        # The value is one of the choices, so the record is one of the listed cases or their facts.
        self.instance.set_claim(self.claims.records[self.cleaned_data["claim"]])
        return self.cleaned_data["claim"]

    def clean(self):
        cleaned_data = super().clean()
        # Where the selection began: the occurrence Citation.locate() prefers.
        self.instance.start = cleaned_data.get("start")
        return cleaned_data


class CitationPickForm(forms.Form):
    """Picks what a citation will name on a citing page (its source, its case) by typing.

    Each field is named as the Citation foreign key whose admin autocomplete finds it.
    """

    def __init__(self, *args, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            pick_by_typing(self, name, Citation, admin_site)


class SourcePickForm(CitationPickForm):
    """Picks the source to cite on a case's citing page, found by its title or text."""

    source = forms.ModelChoiceField(
        Source.objects.all(),
        label=_("Source"),
        required=True,
        help_text=_("Find any other source by words of its title or text."),
    )


class LinkReviewForm(VersionedModelForm):
    """One suggested source-to-case link, to accept, reject or leave for later."""

    ACCEPT, REJECT = "accept", "reject"

    # Only the decision is posted, so a suggestion changed meanwhile (its names
    # found again) is still the same question; one reviewed meanwhile leaves
    # the list and is reported as gone.
    checks_version = False
    decision = forms.ChoiceField(
        label=_("Review"),
        choices=[("", _("Later")), (ACCEPT, _("Accept")), (REJECT, _("Reject"))],
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = SourceLink
        fields = ["decision"]


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
