"""A case saved in the admin with many new inline rows runs a small, bounded number of statements."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Case, Charge
from tests import factories
from tests.admin.test_admin import admin_url, case_form_data, inline_rows

pytestmark = pytest.mark.django_db


def new_charge_rows(count):
    rows = [
        {"description": f"Charge number {index}", "outcome": "pending"} for index in range(count)
    ]
    return inline_rows("charges", rows)


def test_saving_a_case_with_ten_new_charges_runs_at_most_forty_statements(admin_client):
    case = factories.CaseFactory(summary="Before.")
    url = admin_url(Case, "change", case.pk)
    admin_client.get(url)  # per-process caches (content types, permissions) warm
    with CaptureQueriesContext(connection) as queries:
        response = admin_client.post(url, case_form_data(case, **new_charge_rows(10)))
    assert response.status_code == 302, response.content
    assert Charge.objects.filter(case=case).count() == 10
    assert case.charges.first().history.count() == 1
    statements = [query["sql"] for query in queries.captured_queries]
    assert len(statements) <= 40, "\n".join(statements)
    # One savepoint at most: the admin's transaction, which is a savepoint only
    # because the test itself runs in a transaction. None per row or per check.
    assert len([sql for sql in statements if sql.startswith("SAVEPOINT")]) <= 1
