"""OMS's python client reads every DCS reading resource filtered on time and channel, as it sends
its queries (tests/api/test_oms_client.py rebuilds them)."""
from datetime import datetime, timezone

import pytest

from apps.dcs.probes.series import CHANNEL_ATTRIBUTE
from pixelws.dialect import registry
from tests.api.test_oms_client import ClientQuery

pytestmark = pytest.mark.django_db
SINCE, UNTIL = datetime(2018, 10, 10, 2, 0, tzinfo=timezone.utc), datetime(2018, 10, 10, 4, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("resource", sorted(CHANNEL_ATTRIBUTE))
def test_a_channel_over_two_hours(api, resource):
    name = CHANNEL_ATTRIBUTE[resource]
    rows = registry[resource].model.objects.filter(time__gte=SINCE, time__lt=UNTIL)
    channel = rows.order_by("reading_id").values_list(name, flat=True)[0]
    q = ClientQuery(api, resource).attrs([name, "time", "warning_high", "alarm_high"])
    q.filter(name, channel).filter("time", "2018-10-10T02:00:00Z", "GE").filter("time", "2018-10-10T04:00:00Z", "LT")
    q.sorts, q.includes, q.per_page = {"time"}, {"meta"}, 1000
    document = q.data()
    expected = list(rows.filter(**{name: channel}).order_by("time").values_list("time", flat=True))
    got = [o["attributes"]["time"] for o in document["data"]]
    assert got == [t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in expected] and len(expected) >= 24  # 5-min heartbeat
    assert {o["attributes"][name] for o in document["data"]} == {channel}
    assert document["meta"]["fields"]["warning_high"]["units"] == registry[resource].attributes["warning_high"].units
