"""The README's API examples run as written against a development server with the seed data.

Every ```sh block of the README that calls the API with curl (the benchmark and
the production blocks do not) is run by bash against `manage.py runserver` on a
fresh SQLite database with the seeds loaded and a superuser's token in
REGISTRY_TOKEN, as a reader following the README would have. curl is made to
fail on an error status, so a block whose request the API refuses fails here.
The server listens on a free port, put in place of the README's 8000.
"""

import re
import subprocess
import sys
import time
import urllib.request

import pytest

from tests.processes import ROOT, clean_environment, free_port

pytestmark = pytest.mark.slow

README = ROOT / "README.md"
SH_BLOCK = re.compile(r"^```sh\n(.*?)^```", re.MULTILINE | re.DOTALL)
README_SERVER = "http://127.0.0.1:8000"
# Every curl of a block fails on an HTTP error, with the error's body shown.
STRICT_CURL = 'curl() { command curl --fail-with-body --silent --show-error "$@"; }\n'


def api_blocks():
    blocks = SH_BLOCK.findall(README.read_text(encoding="utf-8"))
    return [block for block in blocks if "curl" in block and README_SERVER in block]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("readme")
    # The examples run where downloads may land: the project's commands are linked in.
    (workdir / ".venv").symlink_to(ROOT / ".venv")
    (workdir / "manage.py").symlink_to(ROOT / "manage.py")
    env = clean_environment(PYTHONPATH=str(ROOT))
    env["DATABASE_URL"] = f"sqlite:///{workdir / 'db.sqlite3'}"

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env={**env, "DJANGO_SUPERUSER_PASSWORD": "a-long-readme-password"},
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        ).stdout.strip()

    manage("migrate", "--noinput")
    manage("load_seeds")
    manage("createsuperuser", "--noinput", "--username", "admin", "--email", "")
    token = manage("issue_token", "admin")
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/api/v1/", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        yield {"url": url, "token": token, "workdir": workdir, "env": env}
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_readme_has_api_examples():
    assert len(api_blocks()) >= 5


@pytest.mark.parametrize("block", api_blocks(), ids=lambda block: block.split("\n")[0][:60])
def test_a_readme_api_example_runs_as_written(server, block):
    script = STRICT_CURL + block.replace(README_SERVER, server["url"])
    result = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        cwd=server["workdir"],
        env={**server["env"], "REGISTRY_TOKEN": server["token"]},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, f"{block}\n{result.stdout}\n{result.stderr}"
