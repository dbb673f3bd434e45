"""Browser tests: Playwright drives Debian's Chromium against a live pixelws on the test database
(the ``server`` fixture of tests/conftest.py)."""
import os

import pytest

from tests.browser.helpers import open_settled

# Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make to
# compute expected values are ordinary synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]  # fmt: skip


@pytest.fixture(autouse=True)
def orm(db):
    """Database access for expected values. First of all fixtures: the session's database setup
    (migrations, demo data) must run through the db fixture, before the server starts."""


@pytest.fixture(scope="session")
def browser():
    from playwright import sync_api as playwright_api  # a dependency: missing is a failure, not a skip
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make chromium` installs Debian's Chromium")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def opened(browser, contexts, errors_from=None, **options):
    """A page in a fresh browser context (no cache, no history; 1400×1400 unless ``viewport`` says
    otherwise; other options: Playwright's new_context's, e.g. java_script_enabled=False), its
    console errors and uncaught exceptions in ``page.console_errors``: all of them, or those of the
    pages of ``errors_from`` (a base URL) alone."""
    context = browser.new_context(**{"viewport": {"width": 1400, "height": 1400}, "accept_downloads": True, **options})
    contexts.append(context)
    page = context.new_page()
    page.set_default_timeout(90_000)  # a page's probes on a machine busy with the other workers
    page.console_errors = []
    ours = (lambda url: url.startswith(errors_from)) if errors_from else (lambda url: True)
    page.on("console", lambda m: m.type == "error" and ours(m.location["url"]) and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: ours(page.url) and page.console_errors.append(str(e)))
    return page


@pytest.fixture
def new_page(browser):
    """new_page(**options) → a fresh page (opened() above), for a test that needs more than one,
    or a server of its own."""
    contexts = []
    yield lambda **options: opened(browser, contexts, **options)
    for context in contexts:
        context.close()


@pytest.fixture
def page(request, server, new_page):
    """A fresh page (opened() above) on which what the test's server logs as an error fails the
    test; a test that expects an error takes it out of ``page.console_errors``. Options by indirect
    parametrisation: ``@pytest.mark.parametrize("page", [{"viewport": PHONE}], indirect=True)``
    (PHONE, LAPTOP: tests/browser/helpers.py), ``{"java_script_enabled": False}``, and
    ``{"own_errors_only": True}``: the errors of this server's pages alone (not a sign-in provider's)."""
    options = dict(getattr(request, "param", {}))
    page = new_page(errors_from=server if options.pop("own_errors_only", False) else None, **options)
    yield page
    assert page.console_errors == []


@pytest.fixture(scope="module")
def screen(browser):
    """screen(**options) → the module's page for those options (opened() above), reused by its
    tests: the same page loads one URL after another, as a shifter's tab does."""
    contexts, screens = [], {}

    def open_screen(**options):
        key = repr(sorted(options.items()))
        if key not in screens:
            screens[key] = opened(browser, contexts, **options)
        return screens[key]

    yield open_screen
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def module_loads(server, browser):
    """load(path, **options) → a page (opened() above) at the server's ``path``, settled: loaded at
    the module's first call for that path and those options, the same page given back after."""
    contexts, loads = [], {}

    def load(path, **options):
        key = (path, repr(sorted(options.items())))
        if key not in loads:
            loads[key] = opened(browser, contexts, **options)
            open_settled(loads[key], server + path)
        return loads[key]

    yield load
    for context in contexts:
        context.close()


@pytest.fixture
def loaded_once(module_loads):
    """loaded_once(path, **options) → the page at ``path``, settled, loaded once for the module's
    tests that ask for it, as the first left it: for tests that only read a page, then (after
    them, in the module's order) one that changes it. What it logs as an error while a test uses
    it fails that test, as with ``page``; a test that expects an error takes it out."""
    used = []

    def get(path, **options):
        used.append(module_loads(path, **options))
        return used[-1]

    yield get
    for page in used:
        errors, page.console_errors[:] = list(page.console_errors), []
        assert errors == []
