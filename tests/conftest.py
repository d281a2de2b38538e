import pytest
from django.core.cache import caches
from rest_framework.test import APIClient

from .factories import UserFactory

# Tests that start browsers, servers or other processes, or fuzz: `pytest -m "not slow"`
# leaves them out for a quick loop; CI runs everything.
SLOW_MODULES = ("tests/api/test_api_fuzz.py", "tests/test_settings.py")


def pytest_collection_modifyitems(items):
    for item in items:
        if item.get_closest_marker("browser") or item.nodeid.startswith(SLOW_MODULES):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached values, so no test is throttled by an earlier one's requests."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def editor_client(api_client):
    """An API client signed in as a member of the "editors" group."""
    api_client.force_authenticate(UserFactory(groups=["editors"]))
    return api_client


@pytest.fixture
def viewer_client(api_client):
    """An API client signed in as a member of the "viewers" group, who sees drafts."""
    api_client.force_authenticate(UserFactory(groups=["viewers"]))
    return api_client


@pytest.fixture
def superuser():
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    """A test client logged in as a superuser (replaces pytest-django's own fixture)."""
    client.force_login(superuser)
    return client
