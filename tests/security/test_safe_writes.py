"""Issue 29's write path, each finding closed: with SSO on a session's writes need the page's CSRF
token and this server's Origin (a bearer token alone is exempt); handing over needs the handover
role; stored PDFs are private with SSO on and carry an RFC 9530 digest; odd Unicode and a client
gone are 4xx, never 500; wrong methods are JSON 405s with Allow; names lose invisible characters;
a handover of a shift already being handed over is a 409 before its PDF; logging out is a POST;
gunicorn keeps no control socket shared by every server of a user."""
import base64
import hashlib
import json
import logging
import re
import socket
from datetime import datetime, timedelta, timezone

import pytest
from django.test import override_settings

from apps.handovers.models import Handover, Reservation
from apps.handovers.store import checked_shifter
from apps.reports import pdf as pdf_module
from pixelws.dialect.errors import DialectError
from tests.jsonapi import ValidatingClient
from tests.security.oidc import bearer
from tests.security.test_oidc_surfaces import signed_in

pytestmark = pytest.mark.django_db(databases=["default", "handovers"])

POST = "/api/workspace/handovers"
SHIFT_PDF = "/pages/shift_report.pdf?shift=2018-10-09/evening"
ROLE = "pixel-shifter"  # settings.HANDOVER_ROLE's default
EVIL = "https://evil.cern.ch"


def body(shift, shifter="Ada Lovelace", notes=""):
    return json.dumps({"data": {"type": "handovers", "attributes": {"shift": shift, "shifter": shifter, "notes": notes}}})


def post(client, shift, **extra):
    attributes = {k: extra.pop(k) for k in ("shifter", "notes") if k in extra}
    return client.post(POST, body(shift, **attributes), content_type="application/vnd.api+json", **extra)


def only_error(response, status):
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"] == "application/vnd.api+json"
    (error,) = response.document["errors"]
    assert error["status"] == str(status)
    return error


def csrf_token(client):
    page = client.get("/pages/shift_report?shift=2018-10-09/evening")
    return re.search(r'name="csrf-token" content="([^"]+)"', page.content.decode()).group(1)


@pytest.fixture
def no_pdf(monkeypatch):
    """A refusal comes before any PDF work."""
    monkeypatch.setattr(pdf_module.PagePdf, "response", lambda self: pytest.fail("made a PDF"))


@pytest.fixture
def browser(issuer):
    """SSO on and a browser's session for Jane Doe (no role yet), checked for CSRF as a browser is."""
    client = ValidatingClient(enforce_csrf_checks=True)
    signed_in(client, sub="f0a1", name="Jane Doe", preferred_username="jdoe")
    return client


# 1. CSRF and Origin for every session-authenticated write


def test_a_sessions_handover_from_another_origin_without_a_token_is_a_403(browser, no_pdf):
    shift = "2018-10-15/morning"
    error = only_error(post(browser, shift, HTTP_ORIGIN=EVIL), 403)
    assert error["detail"] == f"Writes come from this server's own pages, not from {EVIL}."
    error = only_error(post(browser, shift), 403)  # its own origin, but no token
    assert error["detail"].startswith("The page's CSRF token is missing or wrong (")
    assert not Handover.objects.filter(shift=shift).exists()


def test_a_sessions_pdf_post_needs_the_csrf_token_too(browser, no_pdf):
    error = only_error(browser.post(SHIFT_PDF, {"notes.13": "x"}), 403)
    assert error["detail"].startswith("The page's CSRF token is missing or wrong")
    token = csrf_token(browser)
    error = only_error(browser.post(SHIFT_PDF, {"notes.13": "x"}, HTTP_X_CSRFTOKEN=token, HTTP_ORIGIN=EVIL), 403)
    assert error["detail"] == f"Writes come from this server's own pages, not from {EVIL}."


def test_a_bearer_token_needs_no_csrf_token_but_a_foreign_origin_is_refused(issuer, no_pdf):
    client = ValidatingClient(enforce_csrf_checks=True)
    token = issuer.token("k1", name="Marie Curie")  # no role: refused for that, past the CSRF check
    error = only_error(post(client, "2018-10-15/morning", **bearer(token)), 403)
    assert "needs the CERN role or e-group 'pixel-shifter'" in error["detail"]
    error = only_error(post(client, "2018-10-15/morning", HTTP_ORIGIN=EVIL, **bearer(token)), 403)
    assert error["detail"].startswith("Writes come from this server's own pages")


# 8. Who may hand over


def test_handing_over_needs_the_role_and_reading_does_not(browser, no_pdf):
    shift = "2018-10-15/evening"
    error = only_error(post(browser, shift, HTTP_X_CSRFTOKEN=csrf_token(browser)), 403)
    assert error["detail"] == ("Handing a shift over needs the CERN role or e-group 'pixel-shifter'; Jane Doe has neither. "
                               "Ask the Pixel run coordinator for it.")  # fmt: skip
    assert not Handover.objects.filter(shift=shift).exists()
    assert browser.get("/api/v1/handovers").status_code == 200  # reading stays open to every signed-in person


def test_a_token_with_the_role_hands_over(issuer, settings):
    settings.PDF_TIME_LIMIT = 120
    shift = "2018-10-16/morning"
    client = ValidatingClient(enforce_csrf_checks=True)
    response = post(client, shift, **bearer(issuer.token("k1", name="Marie Curie", cern_roles=[ROLE])))
    assert response.status_code == 201, response.content[:300]
    assert Handover.objects.get(shift=shift).shifter == "Marie Curie"


@pytest.mark.parametrize("claims, may", [({"cern_roles": [ROLE]}, True), ({"groups": ["cms-members", ROLE]}, True),
                                         ({"groups": "pixel-shifter"}, True), ({"cern_roles": ["pixel-expert"]}, False), ({}, False)])  # fmt: skip
def test_the_role_is_read_from_cern_roles_or_groups(rf, issuer, claims, may):
    from pixelws.auth import may_hand_over

    request = rf.post(POST)
    request.identity = {"sub": "f0a1", "name": "Jane Doe", **claims}
    assert (may_hand_over(request) is None) is may


def test_sign_in_keeps_the_handover_role_and_no_other_group(rf, issuer):
    from django.contrib.sessions.backends.signed_cookies import SessionStore

    from pixelws.auth import SESSION_KEY, sign_in

    request = rf.get("/auth/callback")
    request.session = SessionStore()
    sign_in(request, {"sub": "f0a1", "name": "Jane Doe", "cern_roles": [ROLE, "admin"], "groups": [f"group-{i}" for i in range(500)]})
    assert request.session[SESSION_KEY] == {"sub": "f0a1", "name": "Jane Doe", "cern_roles": [ROLE]}


# 4. Stored PDFs private with SSO on; 7. their digest in base64


@pytest.fixture
def stored():
    pdf = b"%PDF-1.7 a stored handover"
    handover = Handover(shift="2018-10-17/morning", shifter="Ada", notes="", created_time=datetime(2018, 10, 17, 14, tzinfo=timezone.utc),
                        version=1, selection="shift=2018-10-17/morning", pixelws_version="0.1.0",
                        sha256=hashlib.sha256(pdf).hexdigest(), pdf_size=len(pdf), pdf=pdf)  # fmt: skip
    handover.save()
    return handover, pdf


def test_a_stored_pdf_is_private_with_sso_on_and_names_its_digest_in_base64(api, stored, issuer):
    handover, pdf = stored
    url = f"/handovers/{handover.handover_id}.pdf"
    signed_in(api, sub="f0a1", name="Jane Doe")
    response = api.get(url)
    assert response.status_code == 200 and response.content == pdf
    assert response["Cache-Control"] == "private, max-age=31536000, immutable"
    assert response["Repr-Digest"] == f"sha-256=:{base64.b64encode(hashlib.sha256(pdf).digest()).decode()}:"
    assert "Digest" not in response


def test_a_stored_pdf_is_public_with_sso_off(api, stored):
    response = api.get(f"/handovers/{stored[0].handover_id}.pdf")
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


# 6. Every refusal JSON with its status: 405 and Allow


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_to_a_stored_pdf_are_json_405s(stored, method):
    client = ValidatingClient(enforce_csrf_checks=True)
    response = getattr(client, method)(f"/handovers/{stored[0].handover_id}.pdf")
    assert only_error(response, 405)["detail"] == f"{method.upper()} is not allowed here; GET or HEAD is."
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("path", ["/auth/login", "/auth/callback", "/auth/logged-out"])
def test_posts_under_auth_are_json_405s(issuer, path):
    response = ValidatingClient(enforce_csrf_checks=True).post(path)
    assert only_error(response, 405)["title"] == "Method Not Allowed" and response["Allow"] == "GET, HEAD"


def test_a_get_of_the_handovers_post_says_what_it_takes(api):
    response = api.get(POST)
    assert only_error(response, 405)["title"] == "Method Not Allowed" and response["Allow"] == "POST, OPTIONS"


# 7. Logging out is a POST with the page's CSRF token


def test_logging_out_is_a_post_with_the_csrf_token(browser):
    response = browser.get("/auth/logout")
    assert only_error(response, 405)["detail"] == "GET is not allowed here; POST is." and response["Allow"] == "POST"
    only_error(browser.post("/auth/logout"), 403)  # another site's form: no token
    assert browser.get("/api/v1/handovers").status_code == 200  # still signed in
    answer = browser.get("/pages/masked_bpix?run=324245")
    assert "form-action 'self' https://auth.example;" in answer["Content-Security-Policy"]  # the form's redirect to the provider
    shell = answer.content.decode()
    token = re.search(r'<form method="post" action="/auth/logout"><input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)">', shell)
    with override_settings(OIDC_ISSUER="http://127.0.0.1:9"):  # no provider to end its session too: straight back
        response = browser.post("/auth/logout", {"csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302 and response["Location"] == "http://testserver/auth/logged-out"
    assert browser.get("/api/v1/handovers").status_code == 401


# 5. No 500s: odd Unicode, a client gone


@pytest.mark.parametrize("field, attributes", [("shifter", {"shifter": "Ada \ud800 Lovelace"}), ("notes", {"notes": "Beam \udfff lost"})])
def test_a_lone_surrogate_is_a_422_naming_its_field(api, no_pdf, field, attributes):
    shift = "2018-10-18/morning"
    document = {"data": {"type": "handovers", "attributes": {"shift": shift, "shifter": "Ada", **attributes}}}
    response = api.post(POST, json.dumps(document), content_type="application/vnd.api+json")  # \ud800 escaped, as JSON may
    error = only_error(response, 422)
    assert error["source"] == {"pointer": f"/data/attributes/{field}"} and "lone surrogate" in error["detail"]
    assert not Handover.objects.filter(shift=shift).exists()


def test_a_client_gone_during_the_handovers_pdf_is_a_499_logged_without_traceback(api, settings, caplog):
    settings.PDF_TIME_LIMIT = 120
    shift = "2018-10-18/evening"
    ours, theirs = socket.socketpair()
    theirs.close()  # the client hung up: its end reads as end of file, as gunicorn's socket would
    with caplog.at_level(logging.INFO):
        response = post(api, shift, **{"gunicorn.socket": ours})
    ours.close()
    error = only_error(response, 499)
    assert error["detail"] == "The client closed its connection; the PDF was not made."
    assert not Handover.objects.filter(shift=shift).exists() and not Reservation.objects.filter(shift=shift).exists()
    assert [r for r in caplog.records if r.exc_info] == []
    assert any(f"POST {POST} 499" in r.getMessage() for r in caplog.records)


# 7. Names: nothing invisible


@pytest.mark.parametrize("raw, name", [
    ("Ada\u202e Lovelace", "Ada Lovelace"),  # a right-to-left override would show it reversed
    ("\u2066Grace\u2069 Hop\u200bper\u00ad", "Grace Hopper"),
    ("Marie\u2028Curie\x07", "Marie Curie"),  # a line separator is white space; a bell is nothing
])  # fmt: skip
def test_a_name_loses_control_bidi_and_zero_width_characters(raw, name):
    assert checked_shifter(raw) == name


@pytest.mark.parametrize("raw", ["\u200b\u200d", "\u202e\u202c", "\x00\x1b", "\ufeff \u2060"])
def test_a_name_of_invisible_characters_only_is_a_422(api, no_pdf, raw):
    error = only_error(post(api, "2018-10-19/morning", shifter=raw), 422)
    assert error["source"] == {"pointer": "/data/attributes/shifter"} and error["detail"].startswith("Give the shifter's name")
    with pytest.raises(DialectError):
        checked_shifter(raw)


# 7. A handover of a shift already being handed over: a 409 before its PDF


def test_a_shift_being_handed_over_is_a_409_before_any_pdf(api, no_pdf):
    shift = "2018-10-19/evening"
    Reservation.objects.create(shift=shift, version=1, reserved_time=datetime.now(timezone.utc))
    error = only_error(post(api, shift), 409)
    assert error["source"] == {"pointer": "/data/attributes/shift"}
    assert error["detail"].startswith("Someone else is handing the evening shift of 2018-10-19 over just now (version 1)")
    assert Reservation.objects.filter(shift=shift).count() == 1  # theirs, untouched


def test_a_reservation_left_by_a_killed_process_is_taken_over(api, settings):
    settings.PDF_TIME_LIMIT = 120
    shift = "2018-10-20/morning"
    Reservation.objects.create(shift=shift, version=1, reserved_time=datetime.now(timezone.utc) - timedelta(seconds=241))
    response = post(api, shift)
    assert response.status_code == 201, response.content[:300]
    assert response.document["data"]["attributes"]["version"] == 1
    assert not Reservation.objects.filter(shift=shift).exists()


# 7. One control socket per server, or none


def test_serve_keeps_no_control_socket_shared_by_every_server_of_its_user():
    from pixelws.gunicorn_app import Server

    assert Server(bind="127.0.0.1:0").cfg.control_socket_disable is True


# 3. Notes bounded by the lines they make


@pytest.mark.parametrize("notes, lines", [("\r" * 600, 600), ("\u2028" * 9999, 9999), ("a\n" * 460 + "x" * 5000, 510),
                                          ("\x85\x0b\x0c\x1c\x1d\x1e\u2029" * 80, 560)])  # fmt: skip
def test_pdf_notes_are_bounded_by_every_line_break_and_wrapped_line(api, no_pdf, notes, lines):
    error = only_error(api.post(SHIFT_PDF, {"notes.13": notes}), 413)
    assert error["source"] == {"parameter": "notes.13"}
    assert error["detail"] == f"The notes make {lines} lines (each line break, and a line per 100 characters of a long line); at most 500."


@pytest.mark.parametrize("notes", ["\n" * 9999, "\r" * 600, "\u2028" * 501])
def test_handover_notes_are_bounded_in_lines_too(api, no_pdf, notes):
    shift = "2018-10-21/evening"
    error = only_error(post(api, shift, notes=notes), 413)
    assert error["source"] == {"pointer": "/data/attributes/notes"} and error["detail"].startswith("The notes make ")
    assert not Handover.objects.filter(shift=shift).exists()
