"""Handovers through the API: stored with their PDF, read back in the OMS dialect (filters, the
PDF's URL as the pdf_url attribute and at relationships.pdf.links.related, 405s; OMS's own client
too), refused with an error naming the field, never edited nor deleted."""
import hashlib
import io
import json
import re

import omsapi
import pytest
import requests
from django.db import DatabaseError, connections, transaction
from django.test import override_settings
from pypdf import PdfReader

from apps.handovers.models import Handover, Immutable
from pixelws.shifts import Shift
from tests.jsonapi import ValidatingClient, error_of, get

pytestmark = pytest.mark.django_db(databases=["default", "handovers"])

POST = "/api/workspace/handovers"
SHIFT = "2018-10-10/morning"  # this module's shifts: no other test hands them over
OTHER = "2018-10-10/evening"
HOSTILE = 'Beam lost at 16:40 <script>alert("x")</script> <img src="file:///etc/passwd"> file:///etc/passwd & <b>more</b>'


def posted(client, shift=SHIFT, shifter="Ada Lovelace", notes=HOSTILE, **extra):
    body = {"data": {"type": "handovers", "attributes": {"shift": shift, "shifter": shifter, "notes": notes, **extra}}}
    return client.post(POST, json.dumps(body), content_type="application/vnd.api+json")


def refusal(response, status):
    assert response.status_code == status, response.content[:500]
    (error,) = response.document["errors"]
    assert error["status"] == str(status)
    return error


@pytest.fixture(scope="module")
def stored(django_db_blocker):
    """Two handovers of SHIFT and one of OTHER, made through the API (each with its PDF)."""
    # The first PDF starts kaleido's Chromium, on a machine busy with the tests.
    with django_db_blocker.unblock(), override_settings(PDF_TIME_LIMIT=120):
        client = ValidatingClient()
        answers = [posted(client), posted(client, shifter="  Grace   Hopper ", notes="Second thoughts."),
                   posted(client, shift=OTHER, shifter="Ada Lovelace", notes="")]  # fmt: skip
    for answer in answers:
        assert answer.status_code == 201, answer.content[:500]
    return [answer.document["data"] for answer in answers]


def test_a_handover_is_stored_with_its_pdf_and_served_as_a_resource(api, stored):
    first = stored[0]
    row = Handover.objects.get(handover_id=int(first["id"]))
    assert first["type"] == "handovers"
    attributes = first["attributes"]
    assert (attributes["shift"], attributes["shifter"], attributes["notes"], attributes["version"]) == (SHIFT, "Ada Lovelace", HOSTILE, 1)
    pdf = bytes(row.pdf)
    assert attributes["sha256"] == hashlib.sha256(pdf).hexdigest() == row.sha256
    assert attributes["pdf_size"] == len(pdf) and pdf.startswith(b"%PDF-")
    assert attributes["selection"] == f"shift={SHIFT}" and attributes["pixelws_version"] == "0.1.0"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", attributes["created_time"])
    assert "pdf" not in attributes
    assert attributes["pdf_url"] == f"http://testserver/handovers/{first['id']}.pdf"
    assert first["relationships"] == {"pdf": {"links": {"related": f"http://testserver/handovers/{first['id']}.pdf"}}}
    # The resource serves the same object, at the URL the 201 named.
    assert get(api, f"/api/v1/handovers/{first['id']}")["data"] == first


def test_the_stored_pdf_is_the_same_bytes_with_the_summary_on_page_1(api, stored):
    first = stored[0]
    response = api.get(f"/handovers/{first['id']}.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(response.content).hexdigest() == first["attributes"]["sha256"]
    assert response["Content-Disposition"] == f'inline; filename="pixel-handover-{SHIFT.replace("/", "-")}-v1.pdf"'
    page1 = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    squeezed = re.sub(r"\s+", "", page1)
    assert "Morningshift2018-10-10" in squeezed and "HandedoverbyAdaLovelace" in squeezed and "(version1)" in squeezed
    assert re.sub(r"\s+", "", HOSTILE) in squeezed  # literal: markup and file:// as typed
    totals = get(api, f"/api/v1/plots/shift_totals?shift={SHIFT}&fields[plots]=table")["data"]["attributes"]["table"]["rows"][0]
    for name in ("delivered", "recorded", "efficiency", "deadtime", "bpix_ready", "fpix_ready"):
        assert f"{totals[name]:.3f}" in page1, name
    assert api.get("/handovers/999999.pdf").status_code == 404


def test_a_second_handover_of_a_shift_is_version_2(stored):
    assert [s["attributes"]["version"] for s in stored] == [1, 2, 1]
    assert stored[1]["attributes"]["shifter"] == "Grace Hopper"  # white space folded
    assert stored[0]["attributes"]["sha256"] != stored[1]["attributes"]["sha256"]


def test_filters_on_shift_shifter_and_time(api, stored):
    def ids(query):
        return [o["id"] for o in get(api, f"/api/v1/handovers?{query}")["data"]]

    first, second, other = (s["id"] for s in stored)
    assert ids(f"filter[shift]={SHIFT}&sort=version") == [first, second]
    assert ids(f"filter[shift][EQ]={OTHER}") == [other]
    assert ids("filter[shifter][LIKE]=%25Hopper%25") == [second]
    assert set(ids("filter[shifter]=Ada Lovelace")) >= {first, other}
    created = stored[1]["attributes"]["created_time"]
    assert set(ids(f"filter[created_time][GE]={created}")) >= {second, other}
    assert first not in ids(f"filter[created_time][GT]={stored[0]['attributes']['created_time']}")
    error = error_of(api, "/api/v1/handovers?filter[shiftr]=x")
    assert error["source"] == {"parameter": "filter[shiftr]"}


def test_filters_name_a_bad_time_and_refuse_the_pdf_url(api, stored):
    error = error_of(api, "/api/v1/handovers?filter[created_time][GE]=yesterday")
    assert error["status"] == "400" and error["source"] == {"parameter": "filter[created_time][GE]"}
    for query, parameter in (("filter[pdf_url]=x", "filter[pdf_url]"), ("sort=-pdf_url", "sort")):
        error = error_of(api, f"/api/v1/handovers?{query}")
        assert error["status"] == "400" and error["source"] == {"parameter": parameter}
        assert "'pdf_url' is made from the object's id" in error["detail"]
    field = get(api, "/api/v1/handovers/meta")["meta"]["fields"]["pdf_url"]
    assert (field["type"], field["searchable"], field["sortable"], field["operators"]) == ("string", False, False, [])


def test_omss_client_reaches_the_pdf_url_even_with_data_only(server, stored):
    """OMS's published client validates names against /meta and often asks include=data_only,
    which drops relationships, links and meta: the pdf_url attribute stays."""
    client = omsapi.OMSAPI(f"{server}/api", "v1", verbose=False, cert_verify=False, throw_on_err=True,
                           retry_on_err_sec=0, retry_on_err_attempts=0)  # fmt: skip
    query = client.query("handovers").attrs(["shift", "version", "pdf_url"]).filter("shift", SHIFT).sort("version")
    rows = query.include("data_only").data().json()["data"]
    assert [row["attributes"] for row in rows] == [
        {"shift": SHIFT, "version": version, "pdf_url": f"{server}/handovers/{handover['id']}.pdf"}
        for version, handover in ((1, stored[0]), (2, stored[1]))
    ]
    assert set(rows[0]) == {"id", "type", "attributes"}  # data_only: no relationships to find it in
    pdf = requests.get(rows[1]["attributes"]["pdf_url"], timeout=60)
    assert hashlib.sha256(pdf.content).hexdigest() == stored[1]["attributes"]["sha256"]


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_writes_to_the_resource_are_405(api, stored, method):
    response = getattr(api, method)(f"/api/v1/handovers/{stored[0]['id']}", "{}", content_type="application/vnd.api+json")
    assert refusal(response, 405)["title"] == "Method Not Allowed"
    assert getattr(api, method)("/api/v1/handovers", "{}", content_type="application/vnd.api+json").status_code == 405
    assert Handover.objects.filter(handover_id=int(stored[0]["id"])).exists()


@pytest.mark.parametrize("shift, status, detail", [
    ("2018-10-09/teatime", 400, "is not a shift"),
    ("2999-01-01/morning", 422, "has not started yet"),
    (None, 422, "Give the shift"),
])  # fmt: skip
def test_a_bad_shift_is_refused_naming_it(api, shift, status, detail):
    error = refusal(posted(api, shift=shift), status)
    assert error["source"] == {"pointer": "/data/attributes/shift"} and detail in error["detail"]
    assert not Handover.objects.filter(shift=shift).exists()


@pytest.mark.parametrize("shifter", ["", "   ", None])
def test_an_empty_name_is_refused(api, shifter):
    error = refusal(posted(api, shift="2018-10-11/night", shifter=shifter), 422)
    assert error["source"] == {"pointer": "/data/attributes/shifter"}
    assert not Handover.objects.filter(shift="2018-10-11/night").exists()


def test_notes_over_10000_characters_are_refused(api):
    error = refusal(posted(api, shift="2018-10-11/night", notes="x" * 10001), 413)
    assert error["source"] == {"pointer": "/data/attributes/notes"} and "10001 characters; at most 10000" in error["detail"]


def test_unknown_attributes_and_shapes_are_refused(api):
    assert refusal(posted(api, version=7), 422)["source"] == {"pointer": "/data/attributes/version"}
    response = api.post(POST, json.dumps({"shift": SHIFT}), content_type="application/json")
    assert refusal(response, 422)["source"] == {"pointer": "/data"}


def test_more_than_20_versions_of_a_shift_are_refused(api):
    shift = "2018-10-12/morning"
    start = Shift.parse(shift).end
    for version in range(1, 21):
        Handover(shift=shift, shifter="Ada", notes="", created_time=start, version=version, selection=f"shift={shift}",
                 pixelws_version="0.1.0", sha256="0" * 64, pdf_size=1, pdf=b"x").save()  # fmt: skip
    error = refusal(posted(api, shift=shift), 409)
    assert error["source"] == {"pointer": "/data/attributes/shift"} and "20 times" in error["detail"]
    assert Handover.objects.filter(shift=shift).count() == 20


def test_a_pdf_that_fails_stores_nothing_and_says_why(api, settings):
    settings.PDF_TIME_LIMIT = 0
    error = refusal(posted(api, shift="2018-10-13/morning"), 504)
    assert error["detail"].startswith("Not handed over (nothing was stored): The PDF took longer than 0 s")
    assert not Handover.objects.filter(shift="2018-10-13/morning").exists()


def test_a_handover_is_never_edited_nor_deleted(stored):
    handover = Handover.objects.get(handover_id=int(stored[0]["id"]))
    handover.notes = "rewritten"
    with pytest.raises(Immutable):
        handover.save()
    with pytest.raises(Immutable):
        handover.delete()
    # Nor behind the model's back: the database refuses it.
    for statement in ("UPDATE pixelws_handover SET notes = 'rewritten'", "DELETE FROM pixelws_handover"):
        with pytest.raises(DatabaseError, match="never edited or deleted"), transaction.atomic(using="handovers"):
            connections["handovers"].cursor().execute(statement)
    with pytest.raises(DatabaseError, match="never edited or deleted"), transaction.atomic(using="handovers"):
        Handover.objects.filter(handover_id=handover.handover_id).update(notes="rewritten")
    assert Handover.objects.get(handover_id=handover.handover_id).notes == HOSTILE


def test_the_post_needs_the_pages_csrf_token(stored, settings):
    settings.PDF_TIME_LIMIT = 120
    client = ValidatingClient(enforce_csrf_checks=True)
    assert refusal(posted(client, shift="2018-10-13/night"), 403)["detail"].startswith("The page's CSRF token is missing or wrong")
    page = client.get(f"/pages/shift_report?shift={SHIFT}")
    token = re.search(r'name="csrf-token" content="([^"]+)"', page.content.decode()).group(1)
    body = {"data": {"type": "handovers", "attributes": {"shift": "2018-10-13/night", "shifter": "Ada", "notes": ""}}}
    response = client.post(POST, json.dumps(body), content_type="application/vnd.api+json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201, response.content[:300]
    assert response.document["data"]["attributes"]["version"] == 1


def test_with_tokens_on_the_shifter_is_the_tokens_person(issuer, settings):
    settings.PDF_TIME_LIMIT = 120
    client = ValidatingClient(enforce_csrf_checks=True)  # a bearer token needs no CSRF token
    shift = "2018-10-14/morning"
    assert refusal(posted(client, shift=shift), 401)["title"] == "Unauthorized"
    token = issuer.token("k1", name="Marie Curie", preferred_username="mcurie", cern_roles=["pixel-shifter"])
    body = {"data": {"type": "handovers", "attributes": {"shift": shift, "shifter": "Someone Else", "notes": "x"}}}
    response = client.post(POST, json.dumps(body), content_type="application/vnd.api+json", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 201, response.content[:300]
    assert response.document["data"]["attributes"]["shifter"] == "Marie Curie"
    assert Handover.objects.get(shift=shift).shifter == "Marie Curie"
