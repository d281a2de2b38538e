"""Behaviour several registry admins share."""

from django.contrib import admin
from django.contrib.admin import TabularInline
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.admin.views.main import ORDER_VAR
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.text import capfirst
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language
from simple_history.admin import SimpleHistoryAdmin

from cases import versioning
from cases.admin.forms import RowAutocompleteSelect, VersionedInlineFormSet, VersionedModelForm
from cases.models.cases import Case, refresh_search_text
from cases.models.status import refresh_statuses
from cases.search.counts import cached_result
from cases.search.paging import CountedPaginator


def partial_date_column(field_name, description):
    """A change-list column giving a partial date as precisely as it is known ("Jan 2021")."""

    @admin.display(description=description, ordering=field_name)
    def column(self, record):
        return record.display_date(field_name) or None

    return column


def country_column(field_name, description):
    """A change-list column giving a country's name.

    For a field with choices, Django's column looks the value up in the field's
    choices flattened again for every cell: some 250 countries per row, most of a
    change list's time (the actors' list took 118 ms with it, 35 without). A country knows its own name.
    """

    @admin.display(description=description, ordering=field_name)
    def column(self, record):
        return getattr(record, field_name).name or None

    return column


def date_hierarchy(change_list):
    """Django's date hierarchy of a change list (its years, or a year's months...), reused
    until the registry changes, as list counts are (cases.search.counts).

    Django reads the first and last date and every distinct year of the listed
    records on each view: at 1,000,000 cases 150 ms for the cases, 200 to 500 ms
    for the sources. The links keep the list's other parameters and the titles
    are in the reader's language and time zone, so all of these are in the key.
    """

    def build():
        return admin_list.date_hierarchy(change_list)

    asked = sorted((name, str(value)) for name, value in change_list.params.items())
    variant = repr((asked, get_language(), get_current_timezone_name()))
    hierarchy = cached_result(change_list.queryset, "date-hierarchy", build, None, variant)
    # None: a list that can match nothing, whose hierarchy takes no query to build.
    return build() if hierarchy is None else hierarchy


def related_count(model, owner, counted="*", distinct=False):
    """An annotation: how many `model` rows point at the record through their `owner` field
    (with `distinct`, how many different `counted` values they hold).

    A subquery per record shown, not `Count()` over a join: the join groups the
    whole table before a page can be cut from it (two seconds for the case list
    at 100,000 cases), and its GROUP BY drops the model's default ordering.
    """
    rows = (
        model.objects.filter(**{owner: OuterRef("pk")})
        .order_by()
        .values(owner)
        .annotate(count=Count(counted, distinct=distinct))
        .values("count")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def count_column(annotation, description):
    """A change-list column of a count that the admin's `get_queryset()` annotates, sortable by it."""

    @admin.display(description=description, ordering=annotation)
    def column(self, record):
        return getattr(record, annotation)

    return column


class StableSlugMixin:
    """The slug may be typed (or left empty to derive it) when a record is added, then is read-only.

    Public URLs are built from slugs, so changing one later would break links.
    """

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        return [*readonly, "slug"] if obj else readonly


class RegistrySearchMixin:
    """The search box (and the autocompletes fed by it) finds what the pages and API find.

    `registry_search(queryset, query)` is a search of cases.search.ranking:
    names in any script or spelling ("Navalnyy", "Навального", "Navalny"),
    whole words only, ranked best first, and listed in that order until the
    editor sorts by a column. `search_fields` stays, so Django shows the box.
    """

    registry_search = None

    def get_search_results(self, request, queryset, search_term):
        if self.registry_search is None or not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        found = type(self).registry_search(queryset, search_term)
        if ORDER_VAR in request.GET:
            # A column the editor sorts by (the list's ordering, given) wins over the ranking.
            found = found.order_by(*queryset.query.order_by)
        match = request.resolver_match
        if match is None or match.url_name != "autocomplete":
            return found, False
        # As the editor types, the last word is still incomplete ("Gersh"): also
        # offer what Django's own search finds, which matches parts of words.
        typed, may_repeat = super().get_search_results(request, queryset, search_term)
        either = Q(pk__in=found.order_by().values("pk")) | Q(pk__in=typed.values("pk"))
        # In the list's order (a GROUP BY, as the case list's counts, drops the default
        # one), so the autocomplete's pages are stable.
        ordering = queryset.query.order_by or queryset.model._meta.ordering
        return queryset.filter(either).order_by(*ordering, "pk"), may_repeat


def label_subwidgets(formfield):
    """Names each part of a widget made of several inputs ("Published at: date", "...: time").

    The field's <label> points at the first input only; the others would have no name.
    """
    widget = getattr(formfield.widget, "widget", formfield.widget)
    for subwidget, part in zip(getattr(widget, "widgets", ()), ("date", "time"), strict=False):
        subwidget.attrs.setdefault("aria-label", f"{capfirst(formfield.label)}: {part}")


class AccessibleFieldsMixin:
    """Every input has a name a screen reader can read.

    A tabular inline shows its labels as column headers, which name no input,
    so each row's inputs carry the label as `aria-label`; inputs made of
    several parts are named part by part.
    """

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is None:
            return None
        label_subwidgets(formfield)
        if isinstance(self, TabularInline):
            formfield.widget.attrs.setdefault("aria-label", capfirst(formfield.label))
        return formfield


class RowAutocompleteMixin:
    """The autocompletes of inline rows name their record without a query per row."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = RowAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class VersionedFormMixin(RowAutocompleteMixin, AccessibleFieldsMixin):
    """Renders the hidden `version` field of a `VersionedModelForm`, for admins and inlines alike.

    The admin renders only the fields its fieldsets name, so the field is
    added to the first fieldset; a form without one gets the default form.
    """

    form = VersionedModelForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if "version" in flatten_fieldsets(fieldsets):
            return fieldsets
        name, options = fieldsets[0]
        fieldsets[0] = (name, {**options, "fields": [*options["fields"], "version"]})
        return fieldsets


class VersionedInlineMixin(VersionedFormMixin):
    """An inline whose rows carry their versions; a stale row is neither saved nor deleted."""

    formset = VersionedInlineFormSet


class RegistryAdmin(VersionedFormMixin, SimpleHistoryAdmin):
    """The admin of a registry record.

    Its history page lists every change (who, when, each field's old and new
    value) and can restore an earlier version (django-simple-history); a save
    based on a page opened before someone else's change is refused.
    """

    # A registry grows to millions of rows: the change list's count is kept until the next
    # write (cases.search.counts), and the total without filters is not counted beside it.
    paginator = CountedPaginator
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        # Also the path of a restore from the history page, which saves no inlines.
        super().save_model(request, obj, form, change)
        if not isinstance(obj, Case):  # A case's own save() has just built its search text.
            refresh_search_text(obj)

    def save_related(self, request, form, formsets, change):
        # After the inlines too: a case's charges are part of its search text.
        super().save_related(request, form, formsets, change)
        refresh_search_text(form.instance)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_search_text(obj)

    def delete_queryset(self, request, queryset):
        deleted = list(queryset)
        super().delete_queryset(request, queryset)
        for obj in deleted:
            refresh_search_text(obj)

    def get_object(self, request, object_id, from_field=None):
        """The record; for a save, its row is locked first (see cases.versioning).

        The admin saves in a transaction (ModelAdmin.changeform_view), which
        holds the lock until the version check and the write are done.
        """
        if request.method == "POST":
            versioning.lock_row(self.model, object_id, from_field)
        return super().get_object(request, object_id, from_field)


class CaseFactAdmin(RegistryAdmin):
    """The admin of a fact recorded in a case: picked by its case, listed with the case's person."""

    list_select_related = ["case__person"]
    autocomplete_fields = ["case"]

    def get_queryset(self, request):
        # Autocomplete results and the case column name the person.
        return super().get_queryset(request).select_related("case__person")


class DerivesCaseStatusAdmin:
    """Records whose writes may change a case's status sequence (status changes, citations):
    the status is derived again from it in the same transaction (refresh_statuses), on every
    path: saving, deleting one, deleting a selection."""

    def save_model(self, request, obj, form, change):
        previous = type(obj).objects.filter(pk=obj.pk).values_list("case_id", flat=True).first()
        super().save_model(request, obj, form, change)
        refresh_statuses({obj.case_id, previous} - {None})

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        refresh_statuses([obj.case_id])

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            cases = set(queryset.values_list("case_id", flat=True))
            super().delete_queryset(request, queryset)
            refresh_statuses(cases)
