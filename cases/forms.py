"""Admin forms: where researchers type registry data.

Validation stays on the models (`clean()` and constraints); these forms only
shape the input — one alias per line, a country picker, a single "supports"
choice for a citation — and hand it to the model's rules.
"""

from django import forms
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.forms.models import BaseInlineFormSet
from django.utils.functional import cached_property

from cases.models import Case, Citation, Person

SLUG_HELP = (
    "Leave empty to derive it from the name; it never changes afterwards, so links stay valid."
)


class PersonAdminForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [
            "name",
            "native_name",
            "aliases",
            "slug",
            "citizenships",
            "birth_year",
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


class CaseAdminForm(forms.ModelForm):
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


class CitationInlineForm(forms.ModelForm):
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


class CitationInlineFormSet(BaseInlineFormSet):
    """Gives every citation form the facts of the case being edited, loaded once for all forms."""

    @cached_property
    def supports_choices(self):
        return supports_choices(self.instance)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "supports_choices": self.supports_choices}
