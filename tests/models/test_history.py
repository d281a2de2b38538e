import pytest

from cases.models import Case, Citation
from tests.factories import CaseFactory, CitationFactory

pytestmark = pytest.mark.django_db


def test_a_change_to_a_case_is_recorded_with_old_and_new_values():
    case = CaseFactory(status=Case.Status.DETAINED)
    case.status = Case.Status.IMPRISONED
    case.save()
    newest, previous = case.history.all()[:2]
    delta = newest.diff_against(previous)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("status", "detained", "imprisoned")
    ]


def test_an_earlier_version_can_be_restored():
    case = CaseFactory(summary="First account.")
    case.summary = "Second account."
    case.save()
    case.history.earliest().instance.save()
    case.refresh_from_db()
    assert case.summary == "First account."


def test_deleting_a_citation_keeps_its_last_version():
    citation = CitationFactory()
    quote = citation.quote
    citation.delete()
    deleted = Citation.history.filter(history_type="-").get()
    assert deleted.quote == quote
