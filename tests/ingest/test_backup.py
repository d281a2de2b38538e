import json
import os
from io import StringIO
from urllib.parse import urlsplit

import psycopg
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from psycopg import sql

from cases.ingest.backup import REGISTRY_MODELS, USER_FIELDS, export_registry, history_model_label
from cases.models import Actor, Case, Person, Source, SourceLink
from tests.factories import UserFactory
from tests.test_settings import manage

pytestmark = pytest.mark.django_db


def registry_snapshot(with_history=False):
    return comparable(export_registry(with_history=with_history))


def comparable(data):
    """An export with users named rather than numbered, since ids differ between databases."""
    usernames = {user["id"]: user["username"] for user in data.pop("users")}
    for entries in data["records"].values():
        for entry in entries:
            for field in USER_FIELDS:
                if entry["fields"].get(field) is not None:
                    entry["fields"][field] = usernames[entry["fields"][field]]
    del data["exported_at"]
    return data


def empty_the_database():
    """Delete every registry record, its history and the users, children first."""
    Actor.objects.update(parent=None)
    for label in reversed(REGISTRY_MODELS):
        apps.get_model(label)._default_manager.all().delete()
        apps.get_model(history_model_label(label))._default_manager.all().delete()
    get_user_model().objects.all().delete()


def test_an_export_imported_into_an_empty_registry_reproduces_it(tmp_path):
    call_command("load_seeds", stdout=StringIO())
    editor = UserFactory(username="researcher")
    SourceLink.objects.create(
        source=Source.objects.get(outlet="China Daily"),
        case=Case.objects.first(),
        status="accepted",
        reviewed_by=editor,
    )
    before = registry_snapshot(with_history=True)
    path = tmp_path / "registry.json"
    call_command("export_registry", str(path), "--history", stdout=StringIO())

    empty_the_database()
    assert not Person.objects.exists()
    call_command("import_registry", str(path), stdout=StringIO())

    after = registry_snapshot(with_history=True)
    assert after["records"] == before["records"]
    assert not SourceLink.objects.get().reviewed_by.has_usable_password()


def test_new_records_after_an_import_get_fresh_ids(tmp_path):
    call_command("load_seeds", stdout=StringIO())
    path = tmp_path / "registry.json"
    call_command("export_registry", str(path), stdout=StringIO())
    highest = Person.objects.order_by("-pk").first().pk
    empty_the_database()
    call_command("import_registry", str(path), stdout=StringIO())
    assert Person.objects.create(name="Someone New").pk > highest


def test_an_export_holds_no_password_hashes(tmp_path):
    UserFactory(username="researcher")
    path = tmp_path / "registry.json"
    call_command("export_registry", str(path), "--history", stdout=StringIO())
    assert "md5$" not in path.read_text() and "password" not in path.read_text()


def test_importing_into_a_registry_that_holds_records_is_refused(tmp_path):
    call_command("load_seeds", stdout=StringIO())
    path = tmp_path / "registry.json"
    call_command("export_registry", str(path), stdout=StringIO())
    with pytest.raises(CommandError, match="already holds registry records"):
        call_command("import_registry", str(path), stdout=StringIO())


def test_a_file_that_is_not_an_export_is_refused(tmp_path):
    path = tmp_path / "other.json"
    path.write_text(json.dumps({"hello": "world"}))
    with pytest.raises(CommandError, match="not a registry export"):
        call_command("import_registry", str(path), stdout=StringIO())


def postgresql_server():
    """The URL of the PostgreSQL server `make test-postgres` uses, if one answers."""
    url = os.environ.get("POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/registry")
    try:
        psycopg.connect(url, dbname="postgres", connect_timeout=3).close()
    except psycopg.OperationalError:
        return None
    return url


def test_a_registry_moves_from_sqlite_to_postgresql_with_its_history(tmp_path):
    """The move README describes, in two fresh processes, one per database."""
    server = postgresql_server()
    if server is None:
        pytest.skip("No PostgreSQL server answers (set POSTGRES_URL).")
    database = f"registry_move_{os.getpid()}"
    administration = psycopg.connect(server, dbname="postgres", autocommit=True)
    administration.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    sqlite_url = f"sqlite:///{tmp_path / 'registry.sqlite3'}"
    postgresql_url = urlsplit(server)._replace(path=f"/{database}").geturl()
    exported, moved = tmp_path / "sqlite.json", tmp_path / "postgresql.json"
    try:
        for url, *command in [
            (sqlite_url, "migrate", "--noinput"),
            (sqlite_url, "load_seeds"),
            (sqlite_url, "export_registry", str(exported), "--history"),
            (postgresql_url, "migrate", "--noinput"),
            (postgresql_url, "import_registry", str(exported)),
            (postgresql_url, "export_registry", str(moved), "--history"),
        ]:
            result = manage(*command, DATABASE_URL=url)
            assert result.returncode == 0, (command, result.stderr)
    finally:
        administration.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(database))
        )
        administration.close()

    before, after = (comparable(json.loads(path.read_text())) for path in (exported, moved))
    assert before["records"]["cases.case"], "the seeds were not exported"
    assert before["records"] == after["records"]


def export_then_empty(tmp_path, edit=None):
    call_command("load_seeds", stdout=StringIO())
    path = tmp_path / "registry.json"
    call_command("export_registry", str(path), stdout=StringIO())
    if edit is not None:
        data = json.loads(path.read_text())
        edit(data["records"])
        path.write_text(json.dumps(data))
    empty_the_database()
    return path


def test_an_export_whose_quote_is_not_in_its_source_is_refused_naming_it(tmp_path):
    def misquote(records):
        citation = records["cases.citation"][0]
        citation["fields"]["quote"] = "words the source never printed"
        return citation["pk"]

    broken = []
    path = export_then_empty(tmp_path, lambda records: broken.append(misquote(records)))

    with pytest.raises(CommandError, match=rf"citation #{broken[0]} \(source #\d+\): the passage"):
        call_command("import_registry", str(path), stdout=StringIO())
    assert not Person.objects.exists()


def test_an_export_whose_citation_is_filed_under_another_case_is_refused(tmp_path):
    def refile(records):
        cases = [entry["pk"] for entry in records["cases.case"]]
        for citation in records["cases.citation"]:
            if citation["fields"]["charge"] is not None:
                citation["fields"]["case"] = next(
                    pk for pk in cases if pk != citation["fields"]["case"]
                )
                return

    path = export_then_empty(tmp_path, refile)

    with pytest.raises(CommandError, match="do not hold: citation #"):
        call_command("import_registry", str(path), stdout=StringIO())
    assert not Case.objects.exists()


def test_a_truncated_export_is_refused_with_a_clear_error(tmp_path):
    path = export_then_empty(tmp_path)
    text = path.read_text()
    path.write_text(text[: len(text) // 2])

    with pytest.raises(CommandError, match="not a complete registry export.*truncated"):
        call_command("import_registry", str(path), stdout=StringIO())
    assert not Person.objects.exists()
