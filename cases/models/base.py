"""Pieces every registry model shares: timestamps, slugs and partial dates."""

import datetime
import functools
import re
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, router, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from unidecode import unidecode

from cases.text import partial_dates

from . import checks
from .visibility import InCaseQuerySet


class DatePrecision(models.TextChoices):
    DAY = partial_dates.DAY, "Day"
    MONTH = partial_dates.MONTH, "Month"
    YEAR = partial_dates.YEAR, "Year"


class Certainty(models.TextChoices):
    """Whether the source states a fact or only reports it.

    "the reported death", "if they're true": the source passes on what others
    say without vouching for it. A later source that states the fact confirms
    it in a record of its own, so the earlier report keeps its citation.
    """

    REPORTED = "reported", _("Reported, not confirmed")
    CONFIRMED = "confirmed", _("Confirmed")


def certainty_field():
    return models.CharField(
        max_length=10,
        choices=Certainty,
        default=Certainty.CONFIRMED,
        verbose_name=_("certainty"),
        help_text=_(
            "Reported: the source passes it on without confirming it. "
            "Confirmed: the source states it as fact."
        ),
    )


def certainty_constraint(prefix):
    return choice_constraint(prefix, "certainty", Certainty)


def choice_constraint(prefix, field_name, choices):
    """The column holds one of its choices, whoever writes to the table."""
    return models.CheckConstraint(
        condition=Q(**{f"{field_name}__in": choices.values}), name=f"{prefix}_{field_name}_valid"
    )


def required_constraint(prefix, field_name):
    return models.CheckConstraint(
        condition=~Q(**{field_name: ""}), name=f"{prefix}_{field_name}_required"
    )


def not_before_constraint(prefix, later, earlier):
    """A later date, when both are known, is not before the earlier one."""
    return models.CheckConstraint(
        condition=Q(**{f"{later}__isnull": True})
        | Q(**{f"{earlier}__isnull": True})
        | Q(**{f"{later}__gte": models.F(earlier)}),
        name=f"{prefix}_{later.removesuffix('_on')}_not_before_{earlier.removesuffix('_on')}",
    )


def in_case_by_date(date_field_name):
    """The order of a case's dated facts.

    By the column, not "case": that would expand to Case's ordering and join.
    Undated last on every database (SQLite would put NULL first, PostgreSQL last).
    """
    return ["case_id", models.F(date_field_name).asc(nulls_last=True), "id"]


def precision_field(date_verbose_name, verbose_name):
    """The precision of a partial date; both names are the translatable ones of the fields."""
    return models.CharField(
        max_length=5,
        choices=DatePrecision,
        blank=True,
        verbose_name=verbose_name,
        help_text=format_lazy(
            _("How precisely the source gives {date}; empty when the date is unknown."),
            date=date_verbose_name,
        ),
    )


def partial_date_constraint(prefix, date_field_name):
    """A known date has a valid precision; an unknown date has none."""
    precision = f"{date_field_name}_precision"
    return models.CheckConstraint(
        condition=(
            Q(**{f"{date_field_name}__isnull": True, precision: ""})
            | Q(**{f"{date_field_name}__isnull": False, f"{precision}__in": DatePrecision.values})
        ),
        name=f"{prefix}_{date_field_name}_precision_valid",
    )


def one_transaction(method):
    """Run a model's save() or delete() in a transaction (joining one already open).

    simple-history writes the history row in post_save / post_delete, after
    Django's own save has finished; without a transaction around both, a
    process killed in between leaves a record with no "created" entry. What a
    save derives for other rows (search documents, citation offsets) joins it.
    """

    @functools.wraps(method)
    def in_transaction(self, *args, **kwargs):
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using, savepoint=False):
            return method(self, *args, **kwargs)

    return in_transaction


class WrittenWithHistory(models.Model):
    """A model with `history`: each save or delete commits together with its history row.

    A subclass that overrides save() or delete() decorates it with `one_transaction` too.
    Its check constraints are validated in Python where they can be (cases.models.checks),
    not with a query and a savepoint each.
    """

    class Meta:
        abstract = True

    @one_transaction
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)

    @one_transaction
    def delete(self, *args, **kwargs):
        return super().delete(*args, **kwargs)

    def validate_constraints(self, exclude=None):
        checks.validate_constraints(self, exclude)


def saves_plainly(model) -> bool:
    """Whether a record of `model` is saved by `WrittenWithHistory.save` alone, with nothing derived."""
    return issubclass(model, WrittenWithHistory) and model.save is WrittenWithHistory.save


def create_with_history(model, records):
    """Insert new `records` of `model` and their "created" history rows: two statements in all.

    Only for a model that `saves_plainly()`: nothing its save() would do is skipped
    but the post_save signal, whose history row this writes itself (with the user
    of the request, as a save would). Callers that keep derived state (list counts)
    bring it up to date themselves.
    """
    from simple_history.utils import bulk_create_with_history

    if not saves_plainly(model):
        raise TypeError(f"{model.__name__} derives values on save(); save each record instead.")
    return bulk_create_with_history(records, model)


class Derived(models.Model):
    """A model with fields computed from its others (a slug, a digest, search keys).

    `derive()` sets them, once, for every write path: before validation, so
    that field checks and constraints see them (the admin's forms, the API's
    serializers and importers all call `full_clean()`), and before every save.
    Bulk writers that skip both call `derive()` themselves.
    """

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.derive()
        super().save(*args, **kwargs)

    def derive(self):
        """Set the derived fields from the others."""

    def full_clean(self, *args, **kwargs):
        self.derive()
        super().full_clean(*args, **kwargs)


class Timestamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        abstract = True


class PartialDates(models.Model):
    """Validation and display for the model's `<name>` + `<name>_precision` pairs.

    Subclasses list their partial dates in `partial_date_fields`.
    """

    partial_date_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = {}
        today = timezone.localdate()
        for name in self.partial_date_fields:
            value = getattr(self, name)
            precision_name = f"{name}_precision"
            precision = getattr(self, precision_name)
            if value is None:
                if precision:
                    errors[precision_name] = gettext(
                        "Leave the precision empty when the date is unknown."
                    )
                continue
            if not precision:
                # A date typed in full with no precision chosen is a day-precise date.
                precision = DatePrecision.DAY
                setattr(self, precision_name, precision)
            value = partial_dates.truncate(value, precision)
            setattr(self, name, value)
            if value > today:
                errors[name] = gettext("The date is in the future.")
        if errors:
            raise ValidationError(errors)

    def display_date(self, name) -> str:
        return partial_dates.format_partial_date(
            getattr(self, name), getattr(self, f"{name}_precision")
        )


class CaseFact(WrittenWithHistory, PartialDates, Timestamped):
    """A dated fact recorded in one case: a charge, an event, a position, a status change.

    Each is written with its history, and seen by whoever may see its case
    (`InCaseQuerySet.visible_to`). Subclasses declare their `case`, their
    partial dates and their own `history`.
    """

    objects = InCaseQuerySet.as_manager()

    class Meta:
        abstract = True


# Numbered slugs stop here: the 10,000th record of one name is a data problem, not a slug to find.
MOST_SLUGS_PER_NAME = 9999
# Each attempt can lose only to a save racing it; far more than editors ever make at once.
SLUG_ATTEMPTS = 20


def stored_country_codes(instance, field_name):
    """A django-countries field's codes as the model holds them: a code, or a list of codes.

    Its descriptor wraps each code in a `Country` object on every read, which
    cost a tenth of a case list's time; the API's read path wants the codes.
    """
    if field_name not in instance.__dict__:  # Deferred: the descriptor loads it.
        getattr(instance, field_name)
    return instance.__dict__[field_name]


def country_codes(stored: str) -> list[str]:
    """The codes of a multiple-country field as a `values()` row holds them: `"IR,GB"`."""
    return [code for code in stored.split(",") if code]


def slug_base(text: str, max_length: int) -> str:
    """`text` as a slug in ASCII ("Алексей Навальный" -> "aleksei-navalnyi"), cut to `max_length`."""
    return slugify(unidecode(text))[:max_length].strip("-")


def numbered_slug(base, number, max_length=80):
    if number == 1:
        return base
    suffix = f"-{number}"
    return f"{base[: max_length - len(suffix)]}{suffix}"


def unique_slug(instance, text, field_name="slug", max_length=80):
    """A slug for `text` not yet used by another row of the instance's model: base, base-2, …

    One query, however many records share the name: every slug that could be a
    numbered form of the base is read at once, and the first free one is taken.
    """
    base = slug_base(text, max_length) or instance._meta.model_name
    manager = type(instance)._default_manager
    others = manager.exclude(pk=instance.pk) if instance.pk else manager.all()
    # A numbered slug keeps at least this much of the base (a suffix of up to five characters).
    stem = base[: max_length - len(f"-{MOST_SLUGS_PER_NAME}")]
    taken = set(
        others.filter(**{f"{field_name}__startswith": stem}).values_list(field_name, flat=True)
    )
    for number in range(1, MOST_SLUGS_PER_NAME + 1):
        candidate = numbered_slug(base, number, max_length)
        if candidate not in taken:
            return candidate
    raise ValidationError(too_many_named(text))


def too_many_named(text) -> str:
    return ngettext(
        "More than %(count)s record is named “%(name)s”.",
        "More than %(count)s records are named “%(name)s”.",
        MOST_SLUGS_PER_NAME,
    ) % {"count": MOST_SLUGS_PER_NAME, "name": text}


def unique_slugs(model, texts, reserved=(), field_name="slug", max_length=80) -> list[str]:
    """`unique_slug()` for many new records of `model` at once, in a few queries however many.

    Each text gets the first of base, base-2, … that no stored row has, nor a
    slug in `reserved`, nor an earlier text of `texts`. The stored slugs are
    read for every base at once, and their numbered forms only for the bases
    that are taken (by far the fewest: most names are new).
    """
    bases = [slug_base(text, max_length) or model._meta.model_name for text in texts]
    manager = model._default_manager
    taken = set(reserved)
    taken |= set(
        manager.filter(**{f"{field_name}__in": set(bases)}).values_list(field_name, flat=True)
    )
    counts = Counter(bases)
    numbered = [base for base in counts if base in taken or counts[base] > 1]
    stems = sorted({base[: max_length - len(f"-{MOST_SLUGS_PER_NAME}")] for base in numbered})
    # In chunks: SQLite refuses an expression nested a thousand deep.
    for start in range(0, len(stems), 100):
        condition = Q()
        for stem in stems[start : start + 100]:
            condition |= Q(**{f"{field_name}__startswith": stem})
        taken |= set(manager.filter(condition).values_list(field_name, flat=True))
    slugs = []
    for text, base in zip(texts, bases, strict=True):
        for number in range(1, MOST_SLUGS_PER_NAME + 1):
            candidate = numbered_slug(base, number, max_length)
            if candidate not in taken:
                break
        else:
            raise ValidationError(too_many_named(text))
        taken.add(candidate)
        slugs.append(candidate)
    return slugs


def save_with_unique_slug(instance, save, text):
    """Insert a new record with `save()`, deriving its slug again if a concurrent insert took it.

    `unique_slug()` reads the slugs in use; another transaction may commit the
    same slug between that read and this insert, and the unique constraint
    then refuses this one. A slug derived from `text` (the name, or a numbered
    form of it) is derived again, up to SLUG_ATTEMPTS times; a slug someone
    chose, and any other constraint, still fail.
    """
    if instance.pk is not None:
        return save()
    for attempt in range(1, SLUG_ATTEMPTS + 1):
        try:
            # A savepoint: the transaction stays usable after the refusal.
            with transaction.atomic(using=router.db_for_write(type(instance))):
                return save()
        except IntegrityError:
            if attempt == SLUG_ATTEMPTS or not _slug_taken_by_another(instance, text):
                raise
            instance.slug = unique_slug(instance, text)


def _slug_taken_by_another(instance, text):
    base = slug_base(text, 80) or instance._meta.model_name
    numbered = re.fullmatch(r"(?P<stem>.+)-[0-9]+", instance.slug)
    derived = instance.slug == base or (numbered and base.startswith(numbered["stem"]))
    return derived and type(instance)._default_manager.filter(slug=instance.slug).exists()


def refuse_moving_a_cited_fact(fact):
    """A charge, event, position or status change that is cited stays in its case.

    Each citation names its case as well as the fact it supports (the case's
    page lists its sources from them); moving the fact alone would leave its
    citations in the old case. Uncited facts move freely.
    """
    if fact.pk is None:
        return
    stored = type(fact)._default_manager.filter(pk=fact.pk).values_list("case_id", flat=True)
    stored_case = stored.first()
    if stored_case is None or stored_case == fact.case_id:
        return
    cited = fact.citations.count()
    if cited:
        # English keeps its "time(s)" (both msgids alike); Russian picks its form by the count.
        moving = ngettext(
            "This %(fact)s is cited %(count)s time(s) in its case, so it cannot move to another "
            "case. Record it in the other case with its own citations, or delete these "
            "citations first.",
            "This %(fact)s is cited %(count)s time(s) in its case, so it cannot move to another "
            "case. Record it in the other case with its own citations, or delete these "
            "citations first.",
            cited,
        ) % {"fact": fact._meta.verbose_name, "count": cited}
        raise ValidationError({"case": moving})


def date_not_before(later: datetime.date | None, earlier: datetime.date | None) -> bool:
    return later is None or earlier is None or later >= earlier
