"""Production mode: refuses to start half-configured, secure by default."""

import pytest

from tests.processes import clean_environment, run_manage

STRONG_KEY = "k8Zq3v6Jx0pWm2Rt7Ys9Lb4Nc1Hd5Gf8Ke3Qa6Uo0Ti2Ew7Ry4Iz9Xs1Vb5Nm8Lp"


def manage(*args, **environment):
    """Run manage.py in a fresh process with only the given configuration."""
    return run_manage(clean_environment(**environment), *args)


def refusal(**environment):
    """What `manage.py check` says as it refuses to start with the given configuration."""
    result = manage("check", **environment)
    assert result.returncode != 0
    return result.stderr


def printed(expression, **environment):
    """The words `print(<expression>)` shows, `settings` imported, with the given configuration."""
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        f"from django.conf import settings; print({expression})",
        **environment,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_production_refuses_to_start_without_a_secret_key():
    assert "SECRET_KEY must be set" in refusal(DEBUG="0", ALLOWED_HOSTS="registry.example.org")


def test_production_refuses_to_start_without_allowed_hosts():
    assert "ALLOWED_HOSTS must be set" in refusal(DEBUG="0", SECRET_KEY=STRONG_KEY)


def test_a_boolean_setting_that_is_not_a_boolean_is_refused():
    assert "DEBUG must be a boolean" in refusal(DEBUG="perhaps")


def test_production_defaults_pass_the_deployment_checklist():
    result = manage(
        "check", "--deploy", DEBUG="0", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="registry.example.org"
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("relaxed", "warning"),
    [
        ({"SECURE_SSL_REDIRECT": "0"}, "security.W008"),
        ({"SECURE_HSTS_SECONDS": "0"}, "security.W004"),
        ({"SECURE_COOKIES": "0"}, "security.W012"),
    ],
)
def test_each_protection_can_be_relaxed_explicitly(relaxed, warning):
    result = manage(
        "check",
        "--deploy",
        DEBUG="0",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="registry.example.org",
        **relaxed,
    )
    assert warning in result.stderr


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_and_refuse_framing(client):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_a_throttle_rate_that_cannot_be_read_is_refused_at_start_up():
    assert "API_THROTTLE_ANON must be a rate" in refusal(API_THROTTLE_ANON="sixty a minute")


def proxies_setting(**environment):
    return int(printed("settings.NUM_PROXIES", **environment)[0])


def test_forwarded_addresses_are_not_trusted_unless_a_proxy_is_declared():
    assert proxies_setting() == 0
    assert proxies_setting(BEHIND_TLS_PROXY="1") == 1
    assert proxies_setting(BEHIND_TLS_PROXY="1", NUM_PROXIES="2") == 2


def test_a_negative_number_of_proxies_is_refused_at_start_up():
    assert "NUM_PROXIES must be 0 or more" in refusal(NUM_PROXIES="-1")


def database_connection_setting(**environment):
    database = "settings.DATABASES['default']"
    age, checked = printed(
        f"{database}['CONN_MAX_AGE'], {database}['CONN_HEALTH_CHECKS']", **environment
    )
    return int(age), checked == "True"


def test_production_keeps_database_connections_between_requests_and_checks_them():
    production = {"DEBUG": "0", "SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "registry.example.org"}
    assert database_connection_setting(**production) == (600, True)
    assert database_connection_setting(**production, CONN_MAX_AGE="0") == (0, True)
    assert database_connection_setting() == (0, True)


def test_a_negative_connection_age_is_refused_at_start_up():
    assert "CONN_MAX_AGE must be 0 or more" in refusal(CONN_MAX_AGE="-5")


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("REGISTRY_DATA_LICENCE_URL", "javascript:alert(1)", "must be an http(s) URL"),
        ("REGISTRY_CONTACT", "write to us", "must be an e-mail address or an http(s) URL"),
    ],
)
def test_a_licence_url_or_contact_that_cannot_be_a_link_is_refused(name, value, message):
    assert f"{name} {message}" in refusal(**{name: value})
