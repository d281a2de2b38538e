"""A case's status over time: derived, ordered, dated, cited, reported then confirmed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from cases.models import Case, Citation
from cases.models.status import in_sequence, is_stale, refresh_statuses, status_since
from tests.factories import (
    CaseFactory,
    ChargeFactory,
    CitationFactory,
    SourceFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db


def at(day):
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


def cite(change, published_on):
    source = SourceFactory(published_at=at(published_on) if published_on else None)
    return CitationFactory(case=change.case, status_change=change, source=source)


def test_the_status_is_the_latest_change_in_the_sequence():
    case = CaseFactory(status=Case.Status.UNKNOWN)
    StatusChangeFactory(
        case=case,
        status="detained",
        changed_on=datetime.date(2021, 1, 17),
        changed_on_precision="day",
    )
    StatusChangeFactory(
        case=case,
        status="released",
        changed_on=datetime.date(2024, 8, 1),
        changed_on_precision="day",
    )

    refresh_statuses([case.pk])

    assert Case.objects.get(pk=case.pk).status == "released"


def test_undated_changes_are_ordered_by_their_sources_publication_dates():
    case = CaseFactory()
    later = StatusChangeFactory(case=case, status="died_in_custody")
    cite(later, datetime.date(2024, 2, 16))
    earlier = StatusChangeFactory(case=case, status="imprisoned")
    cite(earlier, datetime.date(2021, 2, 6))
    dated = StatusChangeFactory(
        case=case,
        status="detained",
        changed_on=datetime.date(2021, 1, 17),
        changed_on_precision="day",
    )

    ordered = in_sequence(case.status_changes.with_sources())
    refresh_statuses([case.pk])

    assert ordered == [dated, earlier, later]
    assert Case.objects.get(pk=case.pk).status == "died_in_custody"


def test_on_one_day_what_a_source_reports_undated_comes_before_what_it_dates_that_day():
    # The 1 August 2024 statement: "who were unjustly imprisoned" (undated), "are finally
    # coming home" today. Recorded release first, imprisonment second, as an editor may.
    case = CaseFactory()
    released = StatusChangeFactory(
        case=case,
        status="released",
        changed_on=datetime.date(2024, 8, 1),
        changed_on_precision="day",
    )
    cite(released, datetime.date(2024, 8, 1))
    imprisoned = StatusChangeFactory(case=case, status="imprisoned")
    cite(imprisoned, datetime.date(2024, 8, 1))

    ordered = in_sequence(case.status_changes.with_sources())
    refresh_statuses([case.pk])

    assert ordered == [imprisoned, released]
    assert Case.objects.get(pk=case.pk).status == "released"


def test_an_unsourced_undated_change_never_overrides_a_sourced_one():
    case = CaseFactory()
    sourced = StatusChangeFactory(case=case, status="imprisoned")
    cite(sourced, datetime.date(2021, 2, 6))
    StatusChangeFactory(case=case, status="released")

    refresh_statuses([case.pk])

    assert Case.objects.get(pk=case.pk).status == "imprisoned"


def test_a_case_with_no_status_change_keeps_the_status_it_was_given():
    case = CaseFactory(status=Case.Status.HOUSE_ARREST)

    refresh_statuses([case.pk])

    assert Case.objects.get(pk=case.pk).status == "house_arrest"


def test_the_status_holds_since_the_first_change_of_its_trailing_run():
    day = datetime.date
    steps = [
        ("imprisoned", None, ""),
        ("released", day(2024, 8, 1), "day"),
        ("released", day(2024, 8, 2), "day"),
    ]
    assert status_since(steps) == (day(2024, 8, 1), "day")
    # A confirmation of an undated death does not date it.
    assert status_since(
        [
            ("detained", day(2021, 1, 17), "day"),
            ("died_in_custody", None, ""),
            ("died_in_custody", None, ""),
        ]
    ) == (None, "")
    assert status_since([]) == (None, "")


def test_a_later_source_confirms_a_reported_change_and_both_citations_stay():
    case = CaseFactory()
    reported = StatusChangeFactory(case=case, status="died_in_custody", certainty="reported")
    first = cite(reported, datetime.date(2024, 2, 16))
    confirmed = StatusChangeFactory(case=case, status="died_in_custody", certainty="confirmed")
    second = cite(confirmed, datetime.date(2024, 2, 22))

    ordered = in_sequence(case.status_changes.with_sources())

    assert [(c.certainty, c.placed_on) for c in ordered] == [
        ("reported", datetime.date(2024, 2, 16)),
        ("confirmed", datetime.date(2024, 2, 22)),
    ]
    assert set(Citation.objects.filter(case=case)) == {first, second}
    assert ordered[-1].newest_source == second.source


def test_a_citation_claims_its_status_change():
    change = StatusChangeFactory()
    citation = cite(change, datetime.date(2022, 4, 27))

    assert citation.claim == change
    assert citation.supports_label == f"status change {change}"


def test_a_citation_cannot_support_a_status_change_and_a_charge_at_once():
    change = StatusChangeFactory()
    charge = ChargeFactory(case=change.case)
    citation = Citation(
        source=SourceFactory(),
        case=change.case,
        status_change=change,
        charge=charge,
        quote="Blinken called for the release of Paul Whelan",
    )
    with pytest.raises(ValidationError, match="supports one fact"):
        citation.full_clean()
    citation.locate()
    with pytest.raises(IntegrityError):
        citation.save()


def test_editing_the_status_of_a_case_with_status_changes_is_refused():
    case = CaseFactory(status=Case.Status.IMPRISONED)
    StatusChangeFactory(case=case, status="imprisoned")
    case.status = Case.Status.RELEASED

    with pytest.raises(ValidationError, match="follows the case's status changes"):
        case.full_clean()


def test_last_sourced_on_is_the_newest_source_anywhere_in_the_case():
    case = CaseFactory()
    CitationFactory(case=case, source=SourceFactory(published_at=at(datetime.date(2021, 2, 6))))
    charge = ChargeFactory(case=case)
    CitationFactory(
        case=case, charge=charge, source=SourceFactory(published_at=at(datetime.date(2022, 12, 28)))
    )
    # An outlet that prints only an update time is dated by it.
    CitationFactory(case=case, source=SourceFactory(updated_at=at(datetime.date(2022, 1, 1))))
    unsourced = CaseFactory()

    days = dict(Case.objects.with_last_sourced_on().values_list("pk", "last_sourced_on"))

    assert days == {case.pk: datetime.date(2022, 12, 28), unsourced.pk: None}


@pytest.mark.parametrize("age, stale", [(179, False), (180, False), (181, True)])
def test_an_open_case_is_stale_once_its_newest_source_is_older_than_the_limit(age, stale):
    today = datetime.date(2025, 6, 30)
    last = today - datetime.timedelta(days=age)
    case = CaseFactory(status=Case.Status.IMPRISONED)
    CitationFactory(case=case, source=SourceFactory(published_at=at(last)))

    assert is_stale("imprisoned", last, today, 180) is stale
    assert (case in Case.objects.stale(today, 180)) is stale


def test_a_released_or_dead_case_is_never_stale_and_an_unsourced_open_one_always_is():
    today = datetime.date(2025, 6, 30)
    long_ago = datetime.date(2020, 1, 1)
    assert not is_stale("released", long_ago, today, 180)
    assert not is_stale("died_in_custody", long_ago, today, 180)
    assert is_stale("detained", None, today, 180)
    released = CaseFactory(status=Case.Status.RELEASED)
    unsourced = CaseFactory(status=Case.Status.DETAINED)
    assert list(Case.objects.stale(today, 180)) == [unsourced]
    assert released not in Case.objects.stale(today, 180)


def test_a_source_cannot_support_a_change_dated_after_its_own_day():
    source = SourceFactory(published_at=at(datetime.date(2024, 3, 5)))
    change = StatusChangeFactory(
        status="released", changed_on=datetime.date(2024, 3, 6), changed_on_precision="day"
    )
    citation = Citation(case=change.case, status_change=change, source=source)
    citation.quote = "Blinken called for the release of Paul Whelan"
    with pytest.raises(ValidationError, match="Its source, of 2024-03-05, cannot tell of a change"):
        citation.full_clean()

    # Its own month is a date the source can give; the change then cannot move past the source.
    change.changed_on, change.changed_on_precision = datetime.date(2024, 3, 1), "month"
    change.save()
    citation.full_clean()
    citation.save()
    change.changed_on, change.changed_on_precision = datetime.date(2024, 4, 1), "month"
    with pytest.raises(ValidationError) as error:
        change.full_clean()
    assert list(error.value.message_dict) == ["changed_on"]
