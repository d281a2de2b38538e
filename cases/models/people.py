import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from cases.text.names import clean_name, has_visible_letter, padded_keys

from .base import (
    Derived,
    PartialDates,
    Timestamped,
    WrittenWithHistory,
    one_transaction,
    partial_date_constraint,
    precision_field,
    required_constraint,
    save_with_unique_slug,
    stored_country_codes,
    unique_slug,
)
from .visibility import ExistsProbe, can_see_drafts

# The bound birth years had before birth dates: nobody detained today was born earlier.
EARLIEST_BIRTH_DATE = MinValueValidator(
    datetime.date(1850, 1, 1), _("A birth date is in 1850 or later.")
)
wikidata_id_validator = RegexValidator(
    r"^Q[1-9][0-9]*$", _("A Wikidata item id is Q followed by digits, e.g. Q1234.")
)


NO_VISIBLE_LETTER = _("A name needs at least one visible letter.")


class PersonQuerySet(models.QuerySet):
    def with_cases_in(self, cases):
        """People who are the person of at least one of `cases` (say, those a user may see)."""
        return self.filter(Exists(cases.filter(person=OuterRef("pk"))))

    def visible_to(self, user):
        """People with a published case; everyone for editors and viewers (see visibility)."""
        if can_see_drafts(user):
            return self
        from .cases import Case

        # Nearly everyone has a published case: probed person by person in the list's
        # order, the first page is found at once, where a semi-join of every person with
        # every published case took 150 ms at 100,000 cases before a page could be cut.
        return self.filter(ExistsProbe(Case.objects.published().filter(person=OuterRef("pk"))))


class Person(Derived, WrittenWithHistory, PartialDates, Timestamped):
    """Someone detained; the same person may have several cases."""

    partial_date_fields = ("birth_date",)

    name = models.CharField(
        max_length=200,
        help_text=_("Display name in Latin script, e.g. Alexei Navalny."),
        verbose_name=_("name"),
    )
    native_name = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Name in the person's own script, e.g. Алексей Навальный."),
        verbose_name=_("native name"),
    )
    name_transliterated = models.BooleanField(
        verbose_name=_("name is a transliteration"),
        default=False,
        help_text=_(
            "The display name was made by machine from the native-script name; "
            "untick once an editor has checked it."
        ),
    )
    aliases = models.TextField(
        blank=True,
        help_text=_("Alternative spellings and transliterations, one per line."),
        verbose_name=_("aliases"),
    )
    citizenships = CountryField(
        multiple=True,
        multiple_sort=False,
        blank=True,
        help_text=_("Every citizenship held."),
        verbose_name=_("citizenships"),
    )
    birth_date = models.DateField(
        null=True,
        blank=True,
        validators=[EARLIEST_BIRTH_DATE],
        help_text=_("Often known only to the month or the year."),
        verbose_name=_("birth date"),
    )
    birth_date_precision = precision_field(_("birth date"), _("birth date precision"))
    description = models.CharField(
        max_length=300,
        blank=True,
        help_text=_("Who the person is, in a line."),
        verbose_name=_("description"),
    )
    wikidata_id = models.CharField(
        verbose_name=_("Wikidata item id"),
        max_length=20,
        blank=True,
        validators=[wikidata_id_validator],
    )
    slug = models.SlugField(max_length=80, unique=True, blank=True, verbose_name=_("slug"))
    search_names = models.TextField(
        editable=False,
        blank=True,
        help_text=_("Every name as transliterated search keys; see cases.search."),
        verbose_name=_("search names"),
    )

    objects = PersonQuerySet.as_manager()

    history = HistoricalRecords(excluded_fields=["search_names"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        indexes = [models.Index(fields=["name", "id"], name="person_name_order")]
        constraints = [
            required_constraint("person", "name"),
            required_constraint("person", "slug"),
            partial_date_constraint("person", "birth_date"),
        ]

    def __str__(self):
        return self.name

    def derive(self):
        self.assign_slug()
        self.search_names = self.build_search_names()

    def clean(self):
        self.clean_names()
        super().clean()

    def clean_names(self):
        """Names without invisible reordering characters; each must have a letter one can read."""
        self.name = clean_name(self.name)
        self.native_name = clean_name(self.native_name)
        aliases = [clean_name(alias) for alias in split_aliases(self.aliases)]
        self.aliases = "\n".join(alias for alias in aliases if alias)
        errors = {}
        if not has_visible_letter(self.name):
            errors["name"] = NO_VISIBLE_LETTER
        if self.native_name and not has_visible_letter(self.native_name):
            errors["native_name"] = NO_VISIBLE_LETTER
        if any(alias and not has_visible_letter(alias) for alias in aliases):
            errors["aliases"] = gettext("Each alias needs at least one visible letter.")
        if errors:
            raise ValidationError(errors)

    @one_transaction
    def save(self, *args, **kwargs):
        # A slug another transaction took meanwhile is derived again (save_with_unique_slug).
        save_with_unique_slug(self, lambda: super(Person, self).save(*args, **kwargs), self.name)

    def build_search_names(self):
        return padded_keys(*self.all_names)

    def assign_slug(self):
        """Give a new record its slug once; it never changes afterwards, so links stay valid."""
        if not self.slug and self.name:
            self.slug = unique_slug(self, self.name)

    @property
    def birth_year(self) -> int | None:
        return self.birth_date.year if self.birth_date else None

    @property
    def citizenship_codes(self) -> list[str]:
        return list(stored_country_codes(self, "citizenships") or [])

    @property
    def alias_list(self) -> list[str]:
        return split_aliases(self.aliases)

    @property
    def all_names(self) -> list[str]:
        """Every name the person is known by, display name first."""
        names = [self.name, self.native_name, *self.alias_list]
        return [name for name in dict.fromkeys(names) if name]


def split_aliases(aliases: str) -> list[str]:
    """The names of an `aliases` text, one per line, blank lines ignored."""
    return [line.strip() for line in aliases.splitlines() if line.strip()]
