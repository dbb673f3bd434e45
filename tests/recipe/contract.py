"""Step 5: the declarative test of the recipe's resource, and what is specific to its data: hourly
rows drawn in hourly buckets, the outage a gap; its one label everywhere."""
from portcards.generator import OUTAGE, PORTCARDS
from tests.jsonapi import get
from tests.resource_contract import ResourceContract

WEEK = "filter[time][GE]=2018-10-09T00:00:00Z&filter[time][LT]=2018-10-16T00:00:00Z"
SERIES = f"/api/v1/plots/series?resource=portcard_temperatures&x=time&y=temperature&filter[portcard]={PORTCARDS[0]}&{WEEK}"


class TestPortcardTemperatures(ResourceContract):
    type = "portcard_temperatures"
    sample_id = "1"

    def test_a_week_of_hourly_rows_is_168_hourly_buckets_with_the_outage_a_gap(self, api):
        figure = get(api, SERIES)["data"]["attributes"]["figure"]
        [line] = figure["data"]
        assert len(line["x"]) == 168 and line["x"][:2] == ["2018-10-09T00:00:00Z", "2018-10-09T01:00:00Z"]
        assert [hour for hour, y in enumerate(line["y"]) if y is None] == list(OUTAGE)
        assert line["connectgaps"] is False and line["mode"] == "lines"

    def test_without_the_cadence_1000_buckets_are_mostly_empty(self, api):
        [line] = get(api, f"{SERIES}&min_width=0")["data"]["attributes"]["figure"]["data"]
        assert len(line["x"]) == 1000 and len([y for y in line["y"] if y is not None]) == 168 - len(OUTAGE)

    def test_the_verbose_name_is_the_label_of_meta_and_plot(self, api):
        assert get(api, f"/api/v1/{self.type}/meta")["meta"]["fields"]["temperature"]["title"] == "Portcard temperature"
        assert get(api, SERIES)["data"]["attributes"]["y"]["title"] == "Portcard temperature"
