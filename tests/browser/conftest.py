"""Browser tests: Playwright drives Debian's Chromium against a live pixelws on the test database
(the ``server`` fixture of tests/conftest.py)."""
import os

import pytest

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


@pytest.fixture
def new_page(browser):
    """new_page() → a page in a fresh browser context (no cache, no history), recording console errors."""
    contexts = []

    def open_page():
        context = browser.new_context(viewport={"width": 1400, "height": 1400}, accept_downloads=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(90_000)  # a page's probes on a machine busy with the other workers
        page.console_errors = []
        page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
        page.on("pageerror", lambda e: page.console_errors.append(str(e)))
        return page

    yield open_page
    for context in contexts:
        context.close()
