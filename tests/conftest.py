import io
import sqlite3
from contextlib import closing

import pytest


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_blocker):
    """The test database is the demo database `make run` serves (the real migrations' tables and
    views, filled with the deterministic demo data), copied into this worker's in-memory database
    with SQLite's backup(). build_demo_db --if-changed rebuilds the file only when its inputs
    changed (one worker builds, the others wait on its lock), so a run usually builds nothing."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    connection = connections["default"]
    with django_db_blocker.unblock():
        call_command("build_demo_db", if_changed=True, stdout=io.StringIO())
        served_name = connection.settings_dict["NAME"]
        test_name = connection.creation._get_test_db_name()  # Django's shared in-memory database
        assert connection.creation.is_in_memory_db(test_name), test_name
        connection.close()
        settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = test_name
        connection.ensure_connection()
        with closing(sqlite3.connect(f"file:{settings.SQLITE_PATH}?mode=ro", uri=True)) as demo:
            demo.backup(connection.connection)
        # The handovers' own database (apps/handovers): an empty one, migrated, as `serve` does.
        handovers = connections["handovers"]
        handovers_name = handovers.settings_dict["NAME"]
        handovers.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    yield
    with django_db_blocker.unblock():
        connection.creation.destroy_test_db(served_name, verbosity=0)
        handovers.creation.destroy_test_db(handovers_name, verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def limits_for_a_busy_machine():
    """The suite runs in one process per CPU, often beside other work: a PDF or a query that takes
    20 or 30 s there is slow, not wrong. The limits themselves are tested with values of their
    tests' own (0 s, 1 ms), which override these."""
    from django.conf import settings

    settings.PDF_TIME_LIMIT, settings.PIXELWS_QUERY_TIMEOUT = 120, 120


@pytest.fixture(autouse=True)
def no_shared_rows_from_another_test():
    """Each test sees the database as it is: rows a probe shared (pixelws/shared_queries.py) in an
    earlier test, perhaps before that test's rows were rolled back, are dropped."""
    from pixelws import shared_queries

    shared_queries.forget()


@pytest.fixture
def issuer():
    """CERN SSO on, with a local token issuer's keys (k1; tests/security/oidc.py), a fresh key
    cache, no cooldown."""
    from django.test import override_settings

    from pixelws import tokens
    from tests.security.oidc import AUDIENCE, ISSUER, Issuer, new_key

    issuer = Issuer()
    issuer.keys["k1"] = new_key("k1")
    tokens.issuer_keys.cache_clear()
    with override_settings(OIDC_ISSUER=ISSUER, OIDC_AUDIENCE=AUDIENCE, OIDC_JWKS_URL=issuer.url, OIDC_JWKS_COOLDOWN=0):
        yield issuer
    issuer.stop()


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


DATABASES = ["default", "handovers"]


@pytest.hookimpl(trylast=True)  # after pytest-django's own ordering, which the sort keeps within each group
def pytest_collection_modifyitems(items):
    """Every database test may read both databases: generic tests walk every resource, the
    handovers' (in a database of their own) among them. The modules marked ``long`` run first:
    make test hands out whole modules to its workers in this order (--no-loadscope-reorder), so
    a worker ends on short modules while the other finishes, not on a long one while the other waits."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)  # stable: a module's order kept
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker is None and not {"db", "api", "transactional_db"} & set(item.fixturenames):
            continue
        options = dict(marker.kwargs) if marker else {}
        options.setdefault("databases", DATABASES)
        item.add_marker(pytest.mark.django_db(*(marker.args if marker else ()), **options), append=False)
