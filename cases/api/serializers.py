"""Serializers for API v1.

Reads nest what a client needs to understand a record (a case's person, a
position's actor); writes take ids. Every write runs the model's own rules
(`ModelRulesMixin`), so the API accepts exactly what the admin accepts.
"""

import copy
import datetime

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import DateTimeField, URLField
from django.utils import timezone
from django.utils.translation import gettext
from django_countries import countries
from django_countries.serializer_fields import CountryField
from django_countries.serializers import CountryFieldMixin
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.settings import api_settings

from cases import models
from cases.ingest.articles import existing_source
from cases.models import history
from cases.models.review import ReviewState, publication_refused
from cases.models.status import in_sequence, status_since
from cases.text.partial_dates import is_finer

from . import shapes


class VisibleChoicesMixin:
    """A write may name only records the user may see (`visible_to`); others are "not found".

    So a hidden record is refused exactly as one that does not exist, and its
    existence is not revealed.
    """

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            for field in fields.values():
                records = getattr(field, "queryset", None)
                if not field.read_only and hasattr(records, "visible_to"):
                    field.queryset = records.visible_to(request.user)
        return fields


class ModelRulesMixin:
    """Validate writes with the model's `full_clean()`: field validators, `clean()`, constraints.

    ModelSerializer checks field types but not `Model.clean()` (date order,
    verbatim quotes, one fact per citation). The incoming values are laid over
    the instance being changed (or a new one), so a PATCH is checked together
    with the values it leaves alone. `clean()` also normalises (a partial date
    truncated to its precision, a slug assigned, a quote located and copied
    verbatim): those changes are kept in the validated data, so what is saved
    is what was checked.
    """

    # Fields the server derives and keeps unique when saving, not checked here: a slug
    # free now may be taken by a concurrent save before this one (save_with_unique_slug).
    derived_unique_fields: tuple[str, ...] = ()

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        self.refuse_finer_precision_alone(attrs)
        # A copy, so a rejected write leaves the instance the view holds untouched.
        instance = copy.copy(self.instance) if self.instance is not None else model()
        for name, value in attrs.items():
            setattr(instance, name, value)
        before = {f.attname: getattr(instance, f.attname) for f in _fields(model)}
        try:
            instance.full_clean(exclude=self.derived_unique_fields)
        except DjangoValidationError as error:
            raise serializers.ValidationError(self._error_detail(error)) from error
        for field in _fields(model):
            value = getattr(instance, field.attname)
            if value != before[field.attname]:
                attrs[field.attname] = value
        return attrs

    def refuse_finer_precision_alone(self, attrs):
        """A stored partial date made more precise needs the date at that precision: "2018" made
        month-precise alone would read "Jan 2018", a month no source gave."""
        if self.instance is None:
            return
        finer = []
        for name in getattr(self.Meta.model, "partial_date_fields", ()):
            precision = attrs.get(f"{name}_precision")
            stored = getattr(self.instance, f"{name}_precision")
            if name not in attrs and precision and stored and is_finer(precision, stored):
                finer.append(name)
        if finer:
            raise serializers.ValidationError(
                {name: [gettext("Give the date at the precision you choose.")] for name in finer}
            )

    def _error_detail(self, error):
        """Django's errors, keyed by the API's field names (`person_id`, not `person`)."""
        names = {
            field.source: name
            for name, field in self.fields.items()
            if not field.read_only and field.source != "*"
        }
        detail = serializers.as_serializer_error(error)
        return {
            api_settings.NON_FIELD_ERRORS_KEY
            if key == NON_FIELD_ERRORS
            else names.get(key, key): messages
            for key, messages in detail.items()
        }


def _fields(model):
    return [field for field in model._meta.concrete_fields if not field.primary_key]


class CitationSerializer(VisibleChoicesMixin, ModelRulesMixin, serializers.ModelSerializer):
    """A verbatim passage of a source; `start`/`end` and the exact wording are set by the server."""

    supports = serializers.SerializerMethodField(
        help_text="What the passage supports: a charge, an event, a position or the case record."
    )

    class Meta:
        model = models.Citation
        fields = [
            "id",
            "source",
            "case",
            "charge",
            "event",
            "position",
            "status_change",
            "supports",
            "quote",
            "start",
            "end",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["start", "end"]

    @extend_schema_field({"type": "string", "enum": [kind.value for kind in models.Citation.Claim]})
    def get_supports(self, citation) -> str:
        # Reads the ids only: naming the claim itself would cost a query per citation.
        return citation.claim_kind.value


class CaseCitationSerializer(serializers.ModelSerializer):
    """A citation as nested in a case: where it is, not what it belongs to (that is its parent)."""

    class Meta:
        model = models.Citation
        fields = shapes.CASE_CITATION
        read_only_fields = fields


class CaseFactSerializer(VisibleChoicesMixin, ModelRulesMixin, serializers.ModelSerializer):
    """Base for charges, events and positions: each belongs to a case and carries its citations."""

    citations = CaseCitationSerializer(many=True, read_only=True)


class ChargeSerializer(CaseFactSerializer):
    class Meta:
        model = models.Charge
        fields = shapes.CHARGE


class EventSerializer(CaseFactSerializer):
    class Meta:
        model = models.Event
        fields = shapes.EVENT


class StatusChangeSerializer(CaseFactSerializer):
    class Meta:
        model = models.StatusChange
        fields = shapes.STATUS_CHANGE


class ActorSerializer(
    CountryFieldMixin, VisibleChoicesMixin, ModelRulesMixin, serializers.ModelSerializer
):
    class Meta:
        model = models.Actor
        fields = [
            "id",
            "name",
            "kind",
            "country",
            "role",
            "parent",
            "wikidata_id",
            "created_at",
            "updated_at",
        ]


class PositionActorSerializer(CountryFieldMixin, serializers.ModelSerializer):
    # Declared, because a read-only field built from the model loses allow_blank, and the
    # schema would then leave out the empty country an actor may have.
    country = CountryField(read_only=True, allow_blank=True)

    class Meta:
        model = models.Actor
        fields = shapes.POSITION_ACTOR
        read_only_fields = fields


class PositionSerializer(CaseFactSerializer):
    actor = PositionActorSerializer(read_only=True)
    actor_id = serializers.PrimaryKeyRelatedField(
        source="actor", queryset=models.Actor.objects.all(), write_only=True
    )

    class Meta:
        model = models.Position
        fields = shapes.POSITION


class AliasesField(serializers.ListField):
    """The newline-separated `aliases` text as a list of names."""

    # Blank entries are dropped, as blank lines are in the admin's text box.
    child = serializers.CharField(max_length=200, allow_blank=True)

    def get_attribute(self, person):
        return person.alias_list

    def to_internal_value(self, data):
        names = super().to_internal_value(data)
        for name in names:
            if "\n" in name or "\r" in name:
                raise serializers.ValidationError(gettext("An alias is one line."))
        return "\n".join(name.strip() for name in names if name.strip())


class PersonSummarySerializer(CountryFieldMixin, serializers.ModelSerializer):
    aliases = AliasesField(read_only=True)

    class Meta:
        model = models.Person
        fields = shapes.PERSON_SUMMARY
        read_only_fields = fields


class CaseLinkSerializer(serializers.ModelSerializer):
    """A case as listed under a person or a source."""

    url = serializers.HyperlinkedIdentityField(view_name="case-detail", lookup_field="slug")
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = models.Case
        fields = ["id", "slug", "url", "person_name", "status", "published"]
        read_only_fields = fields


class PersonSerializer(CountryFieldMixin, ModelRulesMixin, serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="person-detail", lookup_field="slug")
    aliases = AliasesField(required=False, help_text="Alternative spellings, one name each.")
    cases = serializers.SerializerMethodField(help_text="The person's cases the user may see.")
    birth_year = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1850,
        max_value=2100,
        help_text="The year of `birth_date`. Writing it sets the birth date at year precision; "
        "it is ignored when `birth_date` is given too.",
    )

    class Meta:
        model = models.Person
        fields = [
            "id",
            "slug",
            "url",
            "name",
            "native_name",
            "aliases",
            "citizenships",
            "birth_date",
            "birth_date_precision",
            "birth_year",
            "description",
            "wikidata_id",
            "cases",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["slug"]
        # Citizenship may be unknown (blank=True on the model); the list is then empty.
        extra_kwargs = {"citizenships": {"required": False}}

    derived_unique_fields = ("slug",)

    def validate_citizenships(self, citizenships):
        # The schema's maxItems (one per country): a longer list, repeats and all, is
        # refused rather than silently shortened.
        sent = self.initial_data.get("citizenships")
        if hasattr(self.initial_data, "getlist"):
            sent = self.initial_data.getlist("citizenships")
        if isinstance(sent, list) and len(sent) > len(countries):
            raise serializers.ValidationError(
                gettext("At most %(count)s countries.") % {"count": len(countries)}
            )
        return citizenships

    def validate(self, attrs):
        # `birth_year` was the field before partial birth dates; clients still send it.
        if "birth_year" in attrs:
            year = attrs.pop("birth_year")
            if "birth_date" not in attrs:
                attrs["birth_date"] = None if year is None else datetime.date(year, 1, 1)
                attrs["birth_date_precision"] = "" if year is None else models.DatePrecision.YEAR
        return super().validate(attrs)

    @extend_schema_field(CaseLinkSerializer(many=True))
    def get_cases(self, person):
        cases = getattr(person, "visible_cases", None)
        if cases is None:  # A record just written, not read through the view's queryset.
            user = self.context["request"].user
            # The person's name is in every link: one join instead of a query per case.
            cases = (
                models.Case.objects.visible_to(user).filter(person=person).select_related("person")
            )
        return CaseLinkSerializer(cases, many=True, context=self.context).data


@extend_schema_field(
    {
        "type": "string",
        "description": "An http or https URL, or empty when there is none.",
        "anyOf": [{"format": "uri"}, {"maxLength": 0}],
    }
)
class OptionalURLField(serializers.CharField):
    """A URL that may be blank: an empty string is no URL, not a malformed one.

    A CharField, since drf-spectacular documents a URLField as always a URI;
    the URL is still checked by the model field's validators (http and https only).
    """


class SourceSummarySerializer(serializers.ModelSerializer):
    """A source as listed under a case: enough to cite it, without its full text."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        URLField: OptionalURLField,
    }

    class Meta:
        model = models.Source
        fields = shapes.SOURCE_SUMMARY
        read_only_fields = fields


class ListEntrySerializer(serializers.ModelSerializer):
    """A case as a row of an imported list: facts from it are not yet cited to a passage."""

    list = serializers.CharField(source="case_list.name", read_only=True)
    source = serializers.SerializerMethodField(
        help_text="The imported file, kept as a source; null for readers who may not see it "
        "(a list's file holds the rows of drafts too)."
    )

    class Meta:
        model = models.ListEntry
        fields = ["list", "external_id", "source", "row"]
        read_only_fields = fields

    def get_source(self, entry) -> int | None:
        user = self.context["request"].user
        return (
            entry.source_id if models.Source.objects.visible_ids([entry.source_id], user) else None
        )


class CaseSerializer(
    CountryFieldMixin, VisibleChoicesMixin, ModelRulesMixin, serializers.ModelSerializer
):
    url = serializers.HyperlinkedIdentityField(view_name="case-detail", lookup_field="slug")
    person = PersonSummarySerializer(read_only=True)
    person_id = serializers.PrimaryKeyRelatedField(
        source="person", queryset=models.Person.objects.all(), write_only=True
    )
    charges = ChargeSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)
    positions = PositionSerializer(many=True, read_only=True)
    citations = serializers.SerializerMethodField(
        help_text="Citations supporting the case record itself (dates, place); "
        "those supporting a charge, event or position are listed under it."
    )
    sources = serializers.SerializerMethodField(
        help_text="The distinct sources cited anywhere in the case."
    )
    status_since = serializers.SerializerMethodField(
        help_text="When the current status began, as the status history dates it; "
        "null when the sources do not say."
    )
    status_since_precision = serializers.SerializerMethodField(
        help_text="The precision of `status_since` (day, month, year), empty when unknown."
    )
    status_history = serializers.SerializerMethodField(
        help_text="The status changes, in the order they happened (an undated change is "
        "placed at its earliest source's publication date). Empty when the status is unsourced."
    )
    last_sourced_on = serializers.SerializerMethodField(
        help_text="The date of the newest source cited anywhere in the case: the facts are "
        "as of this day. Null when the case cites nothing."
    )
    list_entries = ListEntrySerializer(
        many=True,
        read_only=True,
        help_text="The imported lists the case is a row of, with its id there.",
    )
    needs_citation = serializers.SerializerMethodField(
        help_text="True when the case holds facts from a list (no verbatim quote) "
        "that no source passage supports yet."
    )
    review_state = serializers.ChoiceField(
        choices=ReviewState.choices,
        read_only=True,
        help_text="draft, needs_review (submitted, waiting for a reviewer) or published. "
        "With REQUIRE_REVIEW on, only a reviewer who did not submit the case may set "
        "`published` (403 otherwise).",
    )

    class Meta:
        model = models.Case
        fields = shapes.CASE
        read_only_fields = ["slug"]

    def validate_published(self, value):
        if value and not (self.instance is not None and self.instance.published):
            user = self.context["request"].user
            refused = publication_refused(user, self.instance or models.Case())
            if refused:
                raise exceptions.PermissionDenied(refused)
        return value

    derived_unique_fields = ("slug",)

    def get_needs_citation(self, case) -> bool:
        return case.needs_citation()

    @extend_schema_field(CaseCitationSerializer(many=True))
    def get_citations(self, case):
        return CaseCitationSerializer(case.record_citations(), many=True).data

    @extend_schema_field(SourceSummarySerializer(many=True))
    def get_sources(self, case):
        return SourceSummarySerializer(case.cited_sources(), many=True).data

    def _status_history(self, case):
        # Ordered in Python from the changes and citations `with_details()` prefetched.
        return in_sequence(case.status_changes.all())

    def _status_since(self, case):
        steps = [
            (c.status, c.changed_on, c.changed_on_precision) for c in self._status_history(case)
        ]
        return status_since(steps)

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_status_since(self, case):
        since = self._status_since(case)[0]
        return None if since is None else since.isoformat()

    @extend_schema_field(serializers.CharField())
    def get_status_since_precision(self, case) -> str:
        return self._status_since(case)[1]

    @extend_schema_field(StatusChangeSerializer(many=True))
    def get_status_history(self, case):
        return StatusChangeSerializer(self._status_history(case), many=True).data

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_last_sourced_on(self, case):
        days = [day for source in case.cited_sources() if (day := source.dated_on) is not None]
        return max(days).isoformat() if days else None


class CaseCsvSerializer(CountryFieldMixin, serializers.ModelSerializer):
    """One flat row per case, for spreadsheets: lists are joined with "; "."""

    url = serializers.HyperlinkedIdentityField(view_name="case-detail", lookup_field="slug")
    person = serializers.CharField(source="person.name")
    native_name = serializers.CharField(source="person.native_name")
    aliases = serializers.SerializerMethodField()
    citizenships = serializers.SerializerMethodField()
    charges = serializers.SerializerMethodField()

    class Meta:
        model = models.Case
        fields = shapes.CASE_CSV
        read_only_fields = fields

    def get_aliases(self, case) -> str:
        return "; ".join(case.person.alias_list)

    def get_citizenships(self, case) -> str:
        return "; ".join(country.code for country in case.person.citizenships)

    def get_charges(self, case) -> str:
        return "; ".join(
            f"{charge.description} ({charge.get_outcome_display().lower()})"
            for charge in case.charges.all()
        )


class SourceCitationSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.Citation
        fields = [
            "id",
            "case",
            "charge",
            "event",
            "position",
            "status_change",
            "quote",
            "start",
            "end",
            "note",
        ]
        read_only_fields = fields


class SourceLinkSerializer(serializers.ModelSerializer):
    case = CaseLinkSerializer(read_only=True)

    class Meta:
        model = models.SourceLink
        fields = ["case", "status", "matched_names"]
        read_only_fields = fields


class OwnOffsetDateTimeField(serializers.DateTimeField):
    """A time written with its UTC offset keeps it until the model has read it: a source's day
    is taken in the offset it printed its time in (Source.derive), and DRF would turn the
    time into UTC first. Stored, it is in UTC as every time is."""

    def enforce_timezone(self, value):
        if timezone.is_aware(value):
            return value
        return super().enforce_timezone(value)

    def to_representation(self, value):
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):
            # Given in the current time zone, as every time is, also in a write's answer.
            value = super().enforce_timezone(value)
        return super().to_representation(value)


class SourceSerializer(ModelRulesMixin, serializers.ModelSerializer):
    serializer_field_mapping = {
        **SourceSummarySerializer.serializer_field_mapping,
        DateTimeField: OwnOffsetDateTimeField,
    }
    citations = serializers.SerializerMethodField(
        help_text="Citations of this source in the cases the user may see."
    )
    cases = serializers.SerializerMethodField(help_text="The cases citing this source.")
    links = serializers.SerializerMethodField(
        help_text="Cases the source concerns: links an editor accepted, and suggestions "
        "from the names it mentions that nobody has reviewed yet (rejected ones are left out)."
    )

    class Meta:
        model = models.Source
        fields = [
            "id",
            "kind",
            "title",
            "outlet",
            "author",
            "dateline",
            "byline",
            "url",
            "archive_url",
            "published_at",
            "updated_at",
            "retrieved_at",
            "language",
            "text",
            "sha256",
            "citations",
            "cases",
            "links",
            "created_at",
            "modified_at",
        ]
        read_only_fields = ["sha256"]

    def validate_text(self, text):
        # The database refuses a second copy of a text (source_text_unique); say
        # which source already holds it rather than a generic constraint message.
        existing = existing_source(text, other_than=self.instance)
        if existing is not None:
            raise serializers.ValidationError(
                gettext("Source #%(id)s already has this text.") % {"id": existing.pk}
            )
        return text

    @extend_schema_field(SourceCitationSerializer(many=True))
    def get_citations(self, source):
        return self._nested(SourceCitationSerializer, self._visible_citations(source))

    @extend_schema_field(CaseLinkSerializer(many=True))
    def get_cases(self, source):
        cases = {citation.case_id: citation.case for citation in self._visible_citations(source)}
        return self._nested(CaseLinkSerializer, cases.values())

    @extend_schema_field(SourceLinkSerializer(many=True))
    def get_links(self, source):
        links = getattr(source, "visible_links", None)
        if links is None:  # A record just written, not read through the view's queryset.
            user = self.context["request"].user
            links = source.links.visible_to(user).standing().select_related("case__person")
        return self._nested(SourceLinkSerializer, links)

    def _nested(self, serializer_class, records):
        """`records` as `serializer_class` gives them, its fields built once per response:
        a serializer made for each source built them again for every one (3 ms a source)."""
        lists = self.__dict__.setdefault("_nested_lists", {})
        if serializer_class not in lists:
            lists[serializer_class] = serializer_class(many=True, context=self.context)
        return lists[serializer_class].to_representation(records)

    def _visible_citations(self, source):
        citations = getattr(source, "visible_citations", None)
        if citations is None:  # A record just written, not read through the view's queryset.
            user = self.context["request"].user
            citations = source.citations.visible_to(user).select_related("case__person")
        return citations


class HistoryChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The model field's name.")
    old = serializers.JSONField(
        allow_null=True,
        help_text="Null when the record was created, and for a reference to a record "
        "(or a user) the reader may not see.",
    )
    new = serializers.JSONField(allow_null=True)


class HistoryEntrySerializer(serializers.Serializer):
    """One recorded version of a record: who saved it, when, and what it changed.

    What a user reads of it is decided by `cases.models.history.compare_versions`.
    """

    history_id = serializers.IntegerField(read_only=True)
    date = serializers.DateTimeField(source="history_date", read_only=True)
    user = serializers.SerializerMethodField(
        help_text="Who made the change; shown to users who may see drafts "
        "(editors and viewers), null for everyone else and for changes made by scripts."
    )
    type = serializers.SerializerMethodField(
        help_text="The first version a user may read is given as a creation."
    )
    changes = serializers.SerializerMethodField(
        help_text="The fields this version changed since the one before it that the user "
        "may read, with old and new values; for a creation, every field with its first value."
    )

    def get_user(self, version) -> str | None:
        return history.author(version, self.context["request"].user)

    @extend_schema_field({"type": "string", "enum": list(history.TYPES.values())})
    def get_type(self, version) -> str:
        return version.shown_type

    @extend_schema_field(HistoryChangeSerializer(many=True))
    def get_changes(self, version):
        return HistoryChangeSerializer(version.shown_changes, many=True).data
