"""CERN SSO in a real browser, against a real OpenID Connect provider (npm's `oidc-provider`,
started here on the loopback: oidc_provider.mjs): a shifter opens a page, signs in, sees the page's
data, downloads its PDF and logs out; after that the page and the API ask for a sign-in again."""
import io
import os
import socket
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from apps.oms.models import Fill, Run
from tests.browser.helpers import open_settled, table_rows

# The provider's development pages ask for web fonts a machine offline cannot load: only the
# errors of pixelws's own pages fail a test.
pytestmark = pytest.mark.parametrize("page", [{"own_errors_only": True}], indirect=True, ids=["own-errors"])
PROVIDER_SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
CLIENT_ID, CLIENT_SECRET = "pixelws", "the-tests-client-secret"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def provider(server):
    port = free_port()
    environment = {"PORT": str(port), "CLIENT_ID": CLIENT_ID, "CLIENT_SECRET": CLIENT_SECRET,
                   "REDIRECT_URI": f"{server}/auth/callback", "POST_LOGOUT_URI": f"{server}/auth/logged-out",
                   "PATH": os.environ["PATH"]}  # fmt: skip
    process = subprocess.Popen(["node", str(PROVIDER_SCRIPT)], cwd=PROVIDER_SCRIPT.parents[2], env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)  # fmt: skip
    line = process.stdout.readline()  # "listening <issuer>" once it answers
    assert line.startswith("listening "), f"oidc-provider did not start: {line!r}"
    yield line.split()[1]
    process.terminate()
    process.wait(10)


@pytest.fixture
def sso(provider, settings):
    settings.OIDC_ISSUER, settings.OIDC_AUDIENCE = provider, CLIENT_ID
    settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    settings.OIDC_JWKS_URL = f"{provider}/jwks"
    settings.PDF_TIME_LIMIT = 120  # a machine busy with other tests
    return provider


def starts(url):
    return lambda seen: seen.startswith(url)


def sign_in(page, provider, login):
    """oidc-provider's development forms: any login and password, then the consent."""
    page.wait_for_url(f"{provider}/interaction/**")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", "any password")
    page.click("button[type=submit]")
    page.wait_for_url(f"{provider}/interaction/**")
    page.click("button[type=submit]")  # "Continue": pixelws may read the profile


def test_a_shifter_signs_in_reads_a_page_downloads_its_pdf_and_logs_out(server, sso, page):
    fill = Fill.objects.order_by("-fill_number").values_list("fill_number", flat=True)[1]
    url = f"{server}/pages/fills_runs?fill={fill}"
    page.goto(url)
    sign_in(page, sso, "jdoe")
    page.wait_for_url(url)  # back where the shifter was going
    open_settled(page, url)
    assert page.locator("#person").text_content() == "Signed in as Shifter jdoe · Log out"
    runs = Run.objects.filter(fill_number=fill).order_by("run_number").values_list("run_number", flat=True)
    assert [row[0] for row in table_rows(page, "Runs of the fill")] == [str(r) for r in runs]
    assert page.context.request.get(f"{server}/api/v1/fills/{fill}").status == 200  # the session serves the API

    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="PDF").click()
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert f"Fill {fill}" in pdf.pages[0].extract_text()

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(f"{sso}/session/end**")
    page.click("button[autofocus]")  # "Yes, sign me out"
    page.wait_for_url(starts(f"{server}/auth/logged-out?state="))
    assert page.locator("h1").text_content() == "Logged out"
    assert [c["name"] for c in page.context.cookies(server) if c["name"] != "csrftoken"] == []  # no session left (the CSRF token names no one)

    response = page.context.request.get(f"{server}/api/v1/fills/{fill}")
    assert response.status == 401 and response.json()["errors"][0]["detail"] == "Authentication credentials were not provided."
    page.goto(url)
    page.wait_for_url(f"{sso}/interaction/**")  # the provider asks for a login again
    assert page.locator("input[name=login]").count() == 1


def test_a_sign_in_the_shifter_cancels_is_a_page_that_says_so(server, sso, page):
    page.goto(f"{server}/pages/fills_runs")
    page.wait_for_url(f"{sso}/interaction/**")
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_url(starts(f"{server}/auth/callback?error=access_denied"))
    assert page.locator("h1").text_content() == "Sign-in failed"
    assert "access_denied" in page.locator("main p").first.text_content()
    assert page.console_errors.pop() == "Failed to load resource: the server responded with a status of 400 (Bad Request)"
