"""Pieces every registry model shares: timestamps, slugs and partial dates."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from unidecode import unidecode

from cases.text import partial_dates


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

    REPORTED = "reported", "Reported, not confirmed"
    CONFIRMED = "confirmed", "Confirmed"


def certainty_field():
    return models.CharField(
        max_length=10,
        choices=Certainty,
        default=Certainty.CONFIRMED,
        help_text="Reported: the source passes it on without confirming it. "
        "Confirmed: the source states it as fact.",
    )


def certainty_constraint(prefix):
    return models.CheckConstraint(
        condition=Q(certainty__in=Certainty.values), name=f"{prefix}_certainty_valid"
    )


def precision_field(date_field_name):
    return models.CharField(
        max_length=5,
        choices=DatePrecision,
        blank=True,
        help_text=f"How precisely the source gives {date_field_name.replace('_', ' ')}; "
        "empty when the date is unknown.",
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


class Timestamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

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
                    errors[precision_name] = "Leave the precision empty when the date is unknown."
                continue
            if not precision:
                # A date typed in full with no precision chosen is a day-precise date.
                precision = DatePrecision.DAY
                setattr(self, precision_name, precision)
            value = partial_dates.truncate(value, precision)
            setattr(self, name, value)
            if value > today:
                errors[name] = "The date is in the future."
        if errors:
            raise ValidationError(errors)

    def display_date(self, name) -> str:
        return partial_dates.format_partial_date(
            getattr(self, name), getattr(self, f"{name}_precision")
        )


def unique_slug(instance, text, field_name="slug", max_length=80):
    """A slug for `text` not yet used by another row of the instance's model."""
    base = slugify(unidecode(text))[:max_length].strip("-") or instance._meta.model_name
    manager = type(instance)._default_manager
    others = manager.exclude(pk=instance.pk) if instance.pk else manager.all()
    candidate, counter = base, 2
    while others.filter(**{field_name: candidate}).exists():
        suffix = f"-{counter}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
        counter += 1
    return candidate


def date_not_before(later: datetime.date | None, earlier: datetime.date | None) -> bool:
    return later is None or earlier is None or later >= earlier
