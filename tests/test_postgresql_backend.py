"""On PostgreSQL, timestamps are read by the registry's backend exactly as Django's would read them."""

import datetime

import pytest
from django.db import connection
from django.db.backends.postgresql.psycopg_any import BaseTzLoader

from cases.models import Case
from registry.postgresql.base import IsoTzLoader
from tests.factories import CaseFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL backend"),
]

WRITTEN = [
    "2024-02-16 20:42:13.12+00",
    "2024-02-16 20:42:13+00",
    "2024-02-16 20:42:13.000001+00",
    "2024-06-01 23:59:59.999999+02",
    "0001-01-01 00:00:00+00",
    "1900-03-01 10:00:00-05:30",
    "infinity",
    "2000-01-01 00:00:00+00 BC",
]


def read(loader, text):
    with connection.cursor() as cursor:
        cursor.cursor.adapters.register_loader("timestamptz", loader)
        try:
            cursor.execute("SELECT %s::timestamptz", [text])
            return cursor.fetchone()[0]
        except Exception as error:  # Django's own loader refuses some: ours must too.
            return type(error)


@pytest.mark.parametrize("text", WRITTEN)
def test_a_timestamp_reads_as_djangos_loader_reads_it(text):
    djangos = type("DjangosLoader", (BaseTzLoader,), {"timezone": connection.timezone})
    ours = type("OurLoader", (IsoTzLoader,), {"timezone": connection.timezone})
    expected = read(djangos, text)
    value = read(ours, text)
    assert value == expected
    if isinstance(expected, datetime.datetime):
        assert value.tzinfo is expected.tzinfo is datetime.UTC


def test_the_connections_read_timestamps_with_the_faster_loader():
    case = CaseFactory()
    with connection.cursor() as cursor:
        loader = cursor.cursor.adapters.get_loader(1184, 0)  # timestamptz, as text
    assert issubclass(loader, IsoTzLoader)
    assert Case.objects.get(pk=case.pk).created_at == case.created_at
