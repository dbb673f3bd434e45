"""A resource's first page is read in its default order from an index (or in the view's natural
order), not sorted out of all its rows, and its count looks nothing up: SQLite's EXPLAIN QUERY
PLAN of the statements the API runs, on the demo data (docs/oracle.md: the indexes Oracle needs)."""
import pytest
from django.db import connection, router

from pixelws.dialect import registry
from pixelws.query_plans import index_advice, query_plan, selects_run_by
from tests.jsonapi import get

pytestmark = pytest.mark.django_db

# Few rows, sorted whole: a view that groups the fills by era, the masked channels, the FEDs; the
# events (a union of what happened, a few thousand in the demo week).
SORTED_WHOLE = {"eras": 20, "masked_channels": 5000, "pixel_feds": 100, "events": 3000}
# The largest resources, and the index that serves their default order.
NEWEST_FIRST = {
    "hv_channels": "SCAN r USING INDEX dcs_hv_newest",
    "lv_channels": "SCAN r USING INDEX dcs_lv_newest",
    "temperatures": "SCAN r USING INDEX dcs_t_newest",
    "leakage_currents": "SEARCH r USING INDEX dcs_hv_state_newest (state=?)",
    "readbacks": "SCAN rb USING COVERING INDEX pxl_readback_newest_run",
}


def statements(api, url):
    """The SELECTs the API runs for ``url``: the page's rows, then its count (but for a resource
    counted with its rows: events)."""
    return selects_run_by(lambda: get(api, url))


def plan(sql):
    return [step.strip() for step in query_plan(sql)]


# The views' resources (the handovers live in a database of their own, a table with its own keys).
VIEWS = sorted(name for name, resource in registry.items() if router.db_for_read(resource.model) == "default")


def sorted_whole(api, name, query=""):
    """Why ``name``'s first page is sorted out of all its rows, naming the view, the source table
    and the index it needs, the query and its plan; None when it is read in order (or stays small)."""
    rows_sql = statements(api, f"/api/v1/{name}{query}")[0]
    steps = plan(rows_sql)
    if "USE TEMP B-TREE FOR ORDER BY" not in steps:
        return None
    total = get(api, f"/api/v1/{name}")["meta"]["totalResourceCount"]
    if total <= SORTED_WHOLE.get(name, -1):
        return None
    return (f"{name}'s first page is sorted out of all its {total} rows of the view {registry[name].model._meta.db_table}: "
            f"its source table needs {index_advice(registry[name])} (docs/add-a-resource.md); or, for a resource "
            f"that stays small, an entry in SORTED_WHOLE.\nQuery: {rows_sql}\nPlan: {steps}")


@pytest.mark.parametrize("name", VIEWS)
def test_the_first_page_is_not_sorted_out_of_every_row(api, name):
    assert sorted_whole(api, name) is None, sorted_whole(api, name)


def test_a_missing_index_is_named_with_its_table_and_query(api):
    """The trap a new source table set: without its newest-first index, the message says the
    index to create, on which table, and the query and plan that need it."""
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX dcs_t_newest")  # rolled back with the test
    # A page of 9: a statement of its own (sqlite3 keeps each text's prepared statement, and an
    # EXPLAIN prepared before the DROP would show the old plan).
    message = sorted_whole(api, "temperatures", "?page[limit]=9")
    total = get(api, "/api/v1/temperatures")["meta"]["totalResourceCount"]
    assert message.startswith(
        f"temperatures's first page is sorted out of all its {total} rows of the view temperatures: its source table "
        'needs the index CREATE INDEX dcs_temperatures_ts_id ON "DCS_TEMPERATURES" (ts DESC, id), the default order '
        "-time, reading_id: in the table's model, Meta.indexes += "
        '[models.Index(fields=["-ts", "id"], name="dcs_temperatures_ts_id")] (docs/add-a-resource.md)')
    query, steps = message.split("\nQuery: ")[1].split("\nPlan: ")
    assert query.startswith("SELECT") and '"temperatures"' in query and "USE TEMP B-TREE FOR ORDER BY" in steps


@pytest.mark.parametrize("name", sorted(NEWEST_FIRST))
def test_the_largest_resources_page_from_an_index_and_look_up_only_the_page(api, name):
    rows_sql, count_sql = statements(api, f"/api/v1/{name}")[:2]
    rows_plan = plan(rows_sql)
    assert rows_plan[0] == NEWEST_FIRST[name]
    assert not any("TEMP B-TREE" in step for step in rows_plan)
    # The count reads one table: the joins a row needs for its attributes are left out.
    count_plan = plan(count_sql)
    assert "COUNT(*)" in count_sql and [s for s in count_plan if s.startswith(("SCAN", "SEARCH"))][0].split()[1] in ("r", "rb")
    assert len([s for s in count_plan if s.startswith(("SCAN", "SEARCH"))]) == 2, count_plan  # the table, the subquery


def test_the_count_is_the_number_of_rows(api):
    """Counted without its joins, a view still has as many rows as its pages hold."""
    for name, query in (("leakage_currents", "filter[channel][EQ]=BPix_BmI_SEC1_HV_L1"), ("readbacks", "filter[run_number][EQ]=324245&filter[layer][EQ]=1"),
                        ("fed_errors", "filter[run_number][EQ]=324245&filter[fed_id][EQ]=1300")):  # fmt: skip
        document = get(api, f"/api/v1/{name}?{query}&page[limit]=10000&fields={'reading_id' if name[0] == 'l' else 'run_number'}")
        assert document["meta"]["totalResourceCount"] == len(document["data"]) > 100
