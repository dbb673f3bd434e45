"""The live status (GET /api/workspace/live) and the API on growing data: a run going on, its
lumisections arriving, an LV channel tripping (tests/live/growing.py writes the rows, inside the
test's transaction); and on the frozen week, which says that no new data came since it ended."""
import re

import pytest
from django.db import connection

from apps.workspace.live import status_text
from apps.workspace.pages import pages
from pixelws import shared_queries
from tests.jsonapi import get
from tests.live.growing import Growing

pytestmark = pytest.mark.django_db
LIVE = "/api/workspace/live"


def status(api):
    return get(api, LIVE)["data"]["attributes"]


def newest_source_lumisection():
    """The frozen week's newest lumisection, read from the source table (not the views)."""
    with connection.cursor() as cursor:
        cursor.execute('SELECT run_number, lumisection_number, end_time FROM "OMS_LUMISECTIONS" ORDER BY start_time DESC LIMIT 1')
        return cursor.fetchone()


def test_the_frozen_week_says_no_new_data_since_its_last_reading(api):
    run, number, end = newest_source_lumisection()
    found = status(api)
    assert found["lumisection"] == {"run": run, "number": number, "time": f"{end:%Y-%m-%dT%H:%M:%S}Z"}
    assert found["run"] == run and found["run_ongoing"] is False and found["fill_ongoing"] is False
    # The newest of all: the last LV readings came after the last lumisection.
    assert found["last_change"] == "2018-10-16T13:26:00Z" and found["stale"] is True
    assert found["shift"] == "2018-10-16/morning" and found["shift_ongoing"] is False  # its last lumisection's
    assert found["alarms"] == [] and found["period_seconds"] == 30 and found["stale_after_seconds"] == 90
    assert found["alarms_text"] == "0 alarms"
    assert found["text"] == "No new data since 2018-10-16 13:26:00 UTC"
    assert found["follows"] == f"run {run} · shift 2018-10-16/morning"


STATUS = {"run": 324362, "run_ongoing": True, "stale": False, "last_change": "2026-12-07T14:02:35Z",
          "lumisection": {"run": 324362, "number": 812, "time": "2026-12-07T14:02:31Z"}}  # fmt: skip


def test_live_the_line_says_the_newest_lumisection_and_its_time_not_a_ticking_clock():
    assert status_text(STATUS) == "Live · newest LS 812, 14:02:31 UTC (run 324362, going on)"
    assert status_text({**STATUS, "run_ongoing": False}) == "Live · newest LS 812, 14:02:31 UTC (run 324362)"
    assert status_text({**STATUS, "lumisection": None}) == "Live · last change 14:02:35 UTC"


def test_when_data_stop_arriving_the_line_says_since_when():
    assert status_text({**STATUS, "stale": True, "last_change": "2018-10-16T13:26:00Z"}) == "No new data since 2018-10-16 13:26:00 UTC"
    assert status_text({**STATUS, "last_change": None, "lumisection": None}) == "Live · no data yet"


def test_a_new_lumisection_reaches_the_status_and_the_api_at_once(api):
    growing = Growing.on_django()
    before = status(api)["version"]
    run = growing.start_run(lumisections=3)
    found = status(api)
    assert found["run"] == run and found["run_ongoing"] is True and found["fill_ongoing"] is True
    assert found["lumisection"]["run"] == run and found["lumisection"]["number"] == 3
    assert found["stale"] is False and found["shift_ongoing"] is True and found["version"] != before
    number, end = growing.add_lumisection()
    again = status(api)
    assert number == 4 and again["lumisection"] == {"run": run, "number": 4, "time": f"{end:%Y-%m-%dT%H:%M:%S}Z"}
    assert again["last_change"] == again["lumisection"]["time"] and again["version"] != found["version"]
    answer = api.get(f"/api/v1/runs/{run}")
    assert answer.document["data"]["attributes"]["last_lumisection_number"] == 4
    assert answer.document["data"]["attributes"]["end_time"] is None
    assert answer["Cache-Control"] == "no-cache"  # an ongoing run: never kept unasked
    assert get(api, f"/api/v1/lumisections?filter[run_number]={run}")["meta"]["totalResourceCount"] == 4


def test_the_status_is_a_304_until_the_data_change(api):
    first = api.get(LIVE)
    assert first.status_code == 200 and first["Cache-Control"] == "no-cache"
    assert api.get(LIVE, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    Growing.on_django().start_run(lumisections=1)
    changed = api.get(LIVE, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]


def test_the_status_takes_no_parameters(api):
    answer = api.get(f"{LIVE}?run=1")
    assert answer.status_code == 400
    assert answer.document["errors"][0]["source"] == {"parameter": "run"}


def test_an_lv_trip_is_an_alarm_going_on_until_the_channel_is_back_on(api):
    growing = Growing.on_django()
    growing.start_run(lumisections=2)
    at = growing.lv_trip("BPix_BmI_SEC1_LV_ANALOG")  # tripped, its current drops to 0 A
    events = get(api, "/api/v1/events?filter[severity]=alarm&filter[end_time]=null&sort=event_id&filter[start_time][GE]="
                      f"{at:%Y-%m-%dT%H:%M:%S}Z")["data"]  # fmt: skip
    texts = ["LV current of BPix_BmI_SEC1_LV_ANALOG below its limits", "LV channel BPix_BmI_SEC1_LV_ANALOG tripped"]
    assert [e["attributes"]["text"] for e in events] == texts
    found = status(api)
    assert found["alarms"] == [
        {"id": event["id"], "text": text, "subject": subject, "start_time": f"{at:%Y-%m-%dT%H:%M:%S}Z",
             "started": f"{at:%H:%M:%S} UTC", "page": "power",
         "link": f"/pages/power?shift={found['shift']}"}
        for event, text, subject in zip(events, texts, ["BPix_BmI_SEC1_LV_ANALOG", "BPix_BmI_SEC1"])
    ]  # fmt: skip
    assert found["alarms_text"] == "2 alarms"  # the banner's words and the tab title's
    growing.lv_back_on("BPix_BmI_SEC1_LV_ANALOG")
    assert status(api)["alarms"] == []


def test_a_portlets_etag_changes_with_its_data_and_is_a_304_until_then(api, monkeypatch):
    """The probe's answer is shared for PIXELWS_SHARED_QUERY_SECONDS (10 s): a lumisection written
    within them is not yet in it, and is once they have passed; never later."""
    index = next(i for i, p in enumerate(pages()["lumi_deadtime"].portlets) if p["configuration"].get("probe") == "inst_lumi")
    url = f"/api/workspace/pages/lumi_deadtime/portlets/{index}?live=1"
    growing = Growing.on_django()
    run = growing.start_run(lumisections=3)
    first = api.get(url)
    figure = first.document["data"]["attributes"]["figure"]
    assert first.status_code == 200 and first["Cache-Control"] == "no-cache"
    assert f"run {run}" in figure["layout"]["title"]["text"] and len(figure["data"][0]["x"]) == 3
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    growing.add_lumisection()
    clock = shared_queries.time.monotonic
    monkeypatch.setattr(shared_queries.time, "monotonic", lambda: clock() + 9.5)  # within the bound
    assert api.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    monkeypatch.setattr(shared_queries.time, "monotonic", lambda: clock() + 10.5)  # past it
    grown = api.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert grown.status_code == 200 and grown["ETag"] != first["ETag"]
    assert len(grown.document["data"]["attributes"]["figure"]["data"][0]["x"]) == 4


def test_the_shell_carries_the_live_period_from_the_settings(client, settings):
    settings.LIVE_PERIOD_SECONDS = 2.5
    html = client.get("/pages/power").content.decode()
    assert re.search(r'<meta name="live-seconds" content="2.5">', html)


def test_every_page_with_a_run_fill_shift_or_window_offers_live(api):
    def selectors(page_id):
        controller = get(api, f"/api/portal/pages/{page_id}")["data"]["attributes"]["controller"]
        return controller["attributes"]["configuration"]["selectors"] if controller else []

    workspace = get(api, "/api/portal/workspaces")["data"][0]["id"]
    offered = {p["attributes"]["path"]: "live" in selectors(p["id"])
               for f in get(api, f"/api/portal/workspaces/{workspace}")["data"]["attributes"]["folders"] for p in f["attributes"]["pages"]}  # fmt: skip
    scoped = {page.id for page in pages().values() if {"run", "fill", "shift", "time_window"} & set(page.selectors)}
    assert {path for path, live in offered.items() if live} == scoped
    assert {"lumi_deadtime", "power", "shift_report", "fills_runs"} <= scoped and "roc_history" not in scoped

