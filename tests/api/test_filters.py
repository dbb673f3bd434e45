"""Every filter operator on every attribute type, checked against the same predicate evaluated in
Python over every row of the view: an oracle that shares no code with the dialect's SQL."""
import re
from datetime import datetime, timezone

import pytest

from pixelws.dialect import registry
from tests.jsonapi import error_of, get

UTC = timezone.utc


def like(pattern):
    """SQL LIKE (case-sensitive, as on Oracle) as a Python predicate."""
    regex = "".join(".*" if c == "%" else "." if c == "_" else re.escape(c) for c in pattern)
    return lambda value: value is not None and re.fullmatch(regex, value, re.S) is not None


def ne(expected):
    return lambda value: value is not None and value != expected  # NULL is neither = nor <>


def rows_where(type_, predicates):
    """Ids of the rows whose attributes satisfy every {column: predicate}."""
    resource = registry[type_]
    return {
        "_".join(str(getattr(row, f)) for f in resource.id_fields)
        for row in resource.model.objects.all()
        if all(test(getattr(row, column)) for column, test in predicates.items())
    }


T0 = datetime(2018, 10, 10, tzinfo=UTC)
RUN = 324245

# (resource, query, {model column: predicate}); the operators' case varies on purpose.
CASES = [
    # integer
    ("runs", "filter[run_number][EQ]=324245", {"run_number": lambda v: v == RUN}),
    ("runs", "filter[run_number]=324245", {"run_number": lambda v: v == RUN}),  # bare form = EQ
    ("runs", "filter[run_number][neq]=324245", {"run_number": ne(RUN)}),
    ("runs", "filter[run_number][LT]=324245", {"run_number": lambda v: v < RUN}),
    ("runs", "filter[run_number][Gt]=324245", {"run_number": lambda v: v > RUN}),
    ("runs", "filter[run_number][le]=324245", {"run_number": lambda v: v <= RUN}),
    ("runs", "filter[run_number][GE]=324245", {"run_number": lambda v: v >= RUN}),
    # ANDed range, and a range with a repeated operator key
    ("lumisections", f"filter[run_number][EQ]={RUN}&filter[lumisection_number][GE]=10&filter[lumisection_number][LE]=20",
     {"run_number": lambda v: v == RUN, "lumisection_number": lambda v: 10 <= v <= 20}),
    ("runs", "filter[run_number][NEQ]=324245&filter[run_number][NEQ]=324237",
     {"run_number": lambda v: v not in (RUN, 324237)}),
    # float
    ("fills", "filter[peak_lumi][GT]=15000", {"peak_lumi": lambda v: v is not None and v > 15000}),
    ("fills", "filter[peak_lumi][LE]=15000", {"peak_lumi": lambda v: v is not None and v <= 15000}),
    # string: EQ, NEQ, LIKE (wildcards % and _), CT (a substring)
    ("fills", "filter[era][EQ]=PARun2016C", {"era": lambda v: v == "PARun2016C"}),
    ("fills", "filter[era][NEQ]=PARun2016C", {"era": ne("PARun2016C")}),
    ("fills", "filter[era][LIKE]=%252016_", {"era": like("%2016_")}),  # %25: an encoded %
    ("fills", "filter[era][LIKE]=Run2018_", {"era": like("Run2018_")}),
    ("fills", "filter[era][like]=run%25", {"era": like("run%")}),  # case-sensitive, like Oracle: none
    ("fills", "filter[era][CT]=2018", {"era": lambda v: v is not None and "2018" in v}),
    ("fills", "filter[injection_scheme][CT]=25ns", {"injection_scheme": lambda v: v is not None and "25ns" in v}),
    ("fills", "filter[era][LT]=Run2018D", {"era": lambda v: v is not None and v < "Run2018D"}),
    # datetime: ISO 8601 with a zone, without one (UTC), or a bare date
    ("fills", "filter[start_time][GE]=2018-10-10T00:00:00Z", {"start_time": lambda v: v >= T0}),
    ("fills", "filter[start_time][LT]=2018-10-10T00:00:00", {"start_time": lambda v: v < T0}),
    ("fills", "filter[start_time][GE]=2018-10-10", {"start_time": lambda v: v >= T0}),
    ("fills", "filter[start_time][GE]=2018-10-10T02:00:00%2B02:00", {"start_time": lambda v: v >= T0}),
    # null literal: EQ and NEQ
    ("fills", "filter[end_stable_beam][EQ]=null", {"end_stable_beam": lambda v: v is None}),
    ("fills", "filter[end_stable_beam][NEQ]=null", {"end_stable_beam": lambda v: v is not None}),
    # boolean literals
    ("lumisections", f"filter[run_number]={RUN}&filter[physics_flag][EQ]=false",
     {"run_number": lambda v: v == RUN, "physics_flag": lambda v: v is False}),
    ("lumisections", f"filter[bpix_ready][EQ]=true&filter[run_number]={RUN}",
     {"bpix_ready": lambda v: v is True, "run_number": lambda v: v == RUN}),
    ("lumisections", "filter[bpix_ready][NEQ]=true", {"bpix_ready": ne(True)}),
    # list: CT matches one whole element, never a substring of one
    ("runs", "filter[components][CT]=PIXEL", {"components": lambda v: "PIXEL" in v}),
    ("runs", "filter[components][CT]=PIX", {"components": lambda v: "PIX" in v}),
    # CT's value is an element, not a pattern: % and _ are themselves, as CT on text has them
    ("runs", "filter[components][CT]=%25", {"components": lambda v: "%" in v}),
    ("runs", "filter[components][CT]=_IXEL", {"components": lambda v: "_IXEL" in v}),
    ("fills", "filter[era][CT]=%25", {"era": lambda v: v is not None and "%" in v}),
    # list EQ (OMS's client's default operator, filter("components", "PIXEL")): holds the element
    ("runs", "filter[components][EQ]=PIXEL", {"components": lambda v: "PIXEL" in v}),
    ("runs", "filter[components]=TRACKER", {"components": lambda v: "TRACKER" in v}),
    ("runs", "filter[components][EQ]=PIX", {"components": lambda v: "PIX" in v}),
    ("runs", "filter[components][NEQ]=PIXEL", {"components": lambda v: v is not None and "PIXEL" not in v}),
    ("runs", "filter[components][NEQ]=CASTOR", {"components": lambda v: v is not None and "CASTOR" not in v}),
    # value objects: one component
    ("deadtimes", f"filter[run_number]={RUN}&filter[beamactive_total_deadtime.percent][GT]=3",
     {"run_number": lambda v: v == RUN, "ba_total_pct": lambda v: v is not None and v > 3}),
    ("deadtimes", f"filter[run_number]={RUN}&filter[overall_tts.counter][GE]=1",
     {"run_number": lambda v: v == RUN, "ov_tts_cnt": lambda v: v is not None and v >= 1}),
]


@pytest.mark.django_db
@pytest.mark.parametrize("type_, query, predicates", CASES, ids=[c[1] for c in CASES])
def test_filter_selects_exactly_the_rows_the_predicate_does(api, type_, query, predicates):
    expected = rows_where(type_, predicates)
    doc = get(api, f"/api/v1/{type_}?{query}&page[limit]=10000&fields={registry[type_].id_fields[0]}")
    assert {o["id"] for o in doc["data"]} == expected
    assert doc["meta"]["totalResourceCount"] == len(expected)


@pytest.mark.django_db
def test_the_cases_discriminate():
    # A case that selects all rows or none could not tell a working operator from an ignored one;
    # these few are meant to select none or all, every other case selects some rows but not all.
    # (every demo run has the same components: the list cases select all runs or none)
    meant_empty_or_all = {"filter[era][like]=run%25", "filter[bpix_ready][NEQ]=true", "filter[era][CT]=%25",
                          *(q for _, q, _ in CASES if q.startswith("filter[components]"))}
    for type_, query, predicates in CASES:
        if query in meant_empty_or_all:
            continue
        selected = len(rows_where(type_, predicates))
        assert 0 < selected < registry[type_].model.objects.count(), query


BAD_FILTERS = [
    ("runs", "filter[run_number][EQ]=abc", "filter[run_number][EQ]", "integer"),
    ("runs", "filter[run_number][LT]=9223372036854775808", "filter[run_number][LT]", "to 9223372036854775807"),
    ("runs", "filter[run_number][GE]=1_000", "filter[run_number][GE]", "integer"),
    ("runs", "filter[run_number][BETWEEN]=1", "filter[run_number][BETWEEN]", "operator"),
    ("runs", "filter[nonesuch][EQ]=1", "filter[nonesuch][EQ]", "no attribute"),
    ("runs", "filter[run_number][EQ][x]=1", "filter[run_number][EQ][x]", "Malformed"),
    ("runs", "filter[start_time][GE]=yesterday", "filter[start_time][GE]", "ISO 8601"),
    # in their zone, but before year 1 or after 9999 in UTC
    ("runs", "filter[start_time][GT]=0001-01-01T00:00:00%2B14:00", "filter[start_time][GT]", "ISO 8601"),
    ("runs", "filter[end_time][LT]=9999-12-31T23:59:59-14:00", "filter[end_time][LT]", "ISO 8601"),
    ("runs", "filter[stable_beam][EQ]=yes", "filter[stable_beam][EQ]", "true or false"),
    ("runs", "filter[stable_beam][GT]=true", "filter[stable_beam][GT]", "does not order"),
    ("runs", "filter[run_number][EQ]=true", "filter[run_number][EQ]", "boolean"),
    ("runs", "filter[run_number][GT]=null", "filter[run_number][GT]", "null"),
    ("runs", "filter[run_number][LIKE]=32%", "filter[run_number][LIKE]", "LIKE compares text"),
    ("runs", "filter[fill_number][CT]=7", "filter[fill_number][CT]", "CT"),
    ("runs", "filter[components][LT]=A", "filter[components][LT]", "does not order"),
    ("fills", "filter[peak_lumi][GT]=nan", "filter[peak_lumi][GT]", "number"),
    ("deadtimes", "filter[overall_tts.percentage][GT]=1", "filter[overall_tts.percentage][GT]", "overall_tts.percent"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("type_, query, parameter, says", BAD_FILTERS, ids=[b[1] for b in BAD_FILTERS])
def test_a_bad_filter_is_a_400_naming_it(api, type_, query, parameter, says):
    error = error_of(api, f"/api/v1/{type_}?{query}")
    assert error["source"] == {"parameter": parameter}
    assert says in error["detail"]
