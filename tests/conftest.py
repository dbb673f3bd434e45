import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database runs the real migrations (tables and views); fill it once with the
    deterministic demo data, as `make run` does."""
    from apps.demo_source import generator

    with django_db_blocker.unblock():
        generator.build()


@pytest.fixture
def api(db):
    """A test client that validates every JSON:API document it receives (tests/jsonapi.py)."""
    from tests.jsonapi import ValidatingClient

    return ValidatingClient()
