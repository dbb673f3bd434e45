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


# pytest-django's ``live_server`` would flush the database after every test (it forces
# transactional_db), wiping the session's demo data; this server shares the in-memory test
# database instead, as Django's LiveServerTestCase does, and serves through the real WSGI stack
# (whitenoise included): for the browser tests, OMS's client and the docs' curl examples.
@pytest.fixture(scope="session")
def server(django_db_setup, django_db_blocker):
    from django.db import connections
    from django.test.testcases import LiveServerThread

    with django_db_blocker.unblock():
        shared = {c.alias: c for c in connections.all() if c.vendor == "sqlite" and c.is_in_memory_db()}
        for connection in shared.values():
            connection.inc_thread_sharing()  # the server's threads use this connection too
        thread = LiveServerThread("127.0.0.1", lambda app: app, connections_override=shared, port=0)
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        yield f"http://127.0.0.1:{thread.port}"
        thread.terminate()
        for connection in shared.values():
            connection.dec_thread_sharing()
