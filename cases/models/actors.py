from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from cases.text.names import clean_name, has_visible_letter

from .base import (
    CaseFact,
    Timestamped,
    WrittenWithHistory,
    choice_constraint,
    in_case_by_date,
    partial_date_constraint,
    precision_field,
    refuse_moving_a_cited_fact,
    required_constraint,
)
from .people import NO_VISIBLE_LETTER, wikidata_id_validator
from .visibility import can_see_drafts


class ActorKind(models.TextChoices):
    STATE = "state", _("State")
    GOVERNMENT_BODY = "government_body", _("Ministry or government body")
    COURT = "court", _("Court")
    OFFICIAL = "official", _("Official")
    ORGANISATION = "organisation", _("Organisation")
    OTHER = "other", _("Other")


class ActorQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Actors with a position on a published case, and every body they are part of.

        Editors and viewers see every actor (see visibility). The bodies above
        an actor are found by a recursive query, which Django's ORM cannot
        write: its first part takes each actor with a position on a published
        case (an EXISTS on the positions' actor index, one per actor), the
        second adds the parent of each actor found, up to the top.

        `OFFSET 0` keeps PostgreSQL from turning the EXISTS into a join of every
        position with its case (190 ms at 100,000 cases, growing with them):
        each actor is probed in turn and stops at its first published case
        (1.4 ms), as visibility.ExistsProbe does for case filters.
        """
        if can_see_drafts(user):
            return self
        from .cases import Case

        actor, position, case = (model._meta.db_table for model in (Actor, Position, Case))
        public_actors = f"""
            WITH RECURSIVE public_actor (id, parent_id) AS (
                SELECT a.id, a.parent_id FROM {actor} a
                WHERE EXISTS (
                    SELECT 1 FROM {position} p INNER JOIN {case} c ON c.id = p.case_id
                    WHERE p.actor_id = a.id AND c.published = %s
                    LIMIT 1 OFFSET 0
                )
                UNION
                SELECT parent.id, parent.parent_id FROM {actor} parent
                INNER JOIN public_actor child ON child.parent_id = parent.id
            )
            SELECT id FROM public_actor
        """  # noqa: S608 (table names from the models, the one value a parameter)
        return self.filter(pk__in=RawSQL(public_actors, [True]))


class Actor(WrittenWithHistory, Timestamped):
    """A state, body, court, official or organisation that takes positions on cases."""

    Kind = ActorKind

    name = models.CharField(max_length=200, verbose_name=_("name"))
    kind = models.CharField(max_length=20, choices=ActorKind, verbose_name=_("kind"))
    country = CountryField(
        blank=True,
        help_text=_("The state the actor belongs to or speaks for."),
        verbose_name=_("country"),
    )
    role = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("For officials, the office held, e.g. US Secretary of State."),
        verbose_name=_("role"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        help_text=_("The body or state this actor is part of."),
        verbose_name=_("parent"),
    )
    wikidata_id = models.CharField(
        verbose_name=_("Wikidata item id"),
        max_length=20,
        blank=True,
        validators=[wikidata_id_validator],
    )

    objects = ActorQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("actor")
        verbose_name_plural = _("actors")
        ordering = ["name"]
        constraints = [
            choice_constraint("actor", "kind", ActorKind),
            required_constraint("actor", "name"),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="actor_not_own_parent"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.role})" if self.role else self.name

    def clean(self):
        super().clean()
        self.name = clean_name(self.name)
        if not has_visible_letter(self.name):
            raise ValidationError({"name": NO_VISIBLE_LETTER})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": gettext("An actor cannot be part of itself.")})
            ancestor = ancestor.parent


def lock_actors(*ids):
    """Lock the rows of the actors named by `ids` (ids as given by a client; others are ignored).

    A change of parent locks the actor and its new parent together, always in
    the order of their ids: two changes crossing each other (A under B, B under
    A) then wait for one another instead of deadlocking, and the second sees the
    first and is refused as a cycle by `clean()`. Call inside the save's transaction.
    """
    wanted = sorted({int(pk) for pk in ids if isinstance(pk, int | str) and str(pk).isdecimal()})
    wanted = [pk for pk in wanted if pk < 2**63]
    rows = Actor.objects.select_for_update().filter(pk__in=wanted).order_by("pk")
    list(rows.values_list("pk", flat=True))


class PositionStance(models.TextChoices):
    CALLS_FOR_RELEASE = "calls_for_release", _("Calls for release")
    DISPUTES_CHARGES = "disputes_charges", _("Disputes the charges or conviction")
    EXPRESSES_CONCERN = "expresses_concern", _("Expresses concern")
    DEFENDS_PROSECUTION = "defends_prosecution", _("Defends the prosecution")
    REJECTS_INTERFERENCE = "rejects_interference", _("Rejects criticism as interference")
    OTHER = "other", _("Other")


class Position(CaseFact):
    """An actor's stated stance on a case."""

    Stance = PositionStance
    partial_date_fields = ("stated_on",)

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="positions", verbose_name=_("case")
    )
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, related_name="positions", verbose_name=_("actor")
    )
    stance = models.CharField(max_length=30, choices=PositionStance, verbose_name=_("stance"))
    stated_on = models.DateField(null=True, blank=True, verbose_name=_("stated on"))
    stated_on_precision = precision_field(_("stated on"), _("stated on precision"))
    summary = models.TextField(blank=True, verbose_name=_("summary"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = in_case_by_date("stated_on")
        constraints = [
            choice_constraint("position", "stance", PositionStance),
            partial_date_constraint("position", "stated_on"),
        ]
        indexes = [
            # "Which cases did this actor call to release?" filters on actor and stance.
            # The case is included so the case list's filter by actor and stance
            # (an EXISTS per case, and its COUNT) never reads the positions themselves.
            models.Index(
                fields=["actor", "stance"], include=["case"], name="position_actor_stance_case"
            ),
            models.Index(fields=["stance"], name="position_stance"),
            # The positions feed, newest first (cases.feeds), read backwards.
            models.Index(fields=["created_at", "id"], name="position_created_order"),
        ]

    def __str__(self):
        if self.stance == PositionStance.OTHER:
            return f"{self.actor.name}: {self.summary[:80]}" if self.summary else self.actor.name
        return f"{self.actor.name}: {self.get_stance_display().lower()}"

    def clean(self):
        super().clean()
        refuse_moving_a_cited_fact(self)
