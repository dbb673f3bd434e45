"""The dialect's SQL as Django's Oracle backend compiles it, parsed as Oracle SQL (sqlglot): every
filter operator on every attribute and component, every sort, every grouping, paging. CI has no
Oracle server; this is how far the production path is exercised without one."""
import re

import pytest
import sqlglot
from django.db.backends.oracle.base import DatabaseWrapper
from django.http import QueryDict

from pixelws.dialect import registry
from pixelws.dialect.errors import DialectError
from pixelws.dialect.query import OPERATORS, parse_query
from pixelws.dialect.queries import Selection

SAMPLE = {"integer": "1", "float": "1.5", "string": "x%25", "boolean": "true", "datetime": "2018-10-10T12:00:00Z",
          "date": "2018-10-10", "list": "PIXEL"}  # fmt: skip


@pytest.fixture(scope="module")
def oracle():
    settings = {"ENGINE": "django.db.backends.oracle", "NAME": "pixdb.example:1521/cms_omds", "USER": "reader",
                "PASSWORD": "", "HOST": "", "PORT": "", "OPTIONS": {}, "TIME_ZONE": None, "CONN_MAX_AGE": 0,
                "CONN_HEALTH_CHECKS": False, "AUTOCOMMIT": True, "ATOMIC_REQUESTS": False, "TEST": {}}  # fmt: skip
    wrapper = DatabaseWrapper(settings, "oracle")
    # What the backend reads from the server on connecting: the version CMS runs, and the
    # standard LIKE operators (the backend falls back to LIKEC only on old national charsets).
    wrapper.__dict__["oracle_version"] = (19, 0)
    wrapper.operators, wrapper.pattern_ops = wrapper._standard_operators, wrapper._standard_pattern_ops
    return wrapper


def queries(resource):
    """Every query string worth compiling for ``resource``."""
    yield ""
    yield "page[offset]=20&page[limit]=5"
    for name, attribute in resource.attributes.items():
        columns = [f"{name}.{c}" for c in attribute.components] or [name]
        for dotted, kind in zip(columns, attribute.kinds):
            for operator in sorted(OPERATORS):
                yield f"filter[{dotted}][{operator}]={SAMPLE[kind]}"
            yield f"filter[{dotted}]=null"
            if kind != "list":
                yield f"sort=-{dotted}"
                yield f"sort={dotted}"
    if resource.grouping:
        for granularity in resource.grouping.keys:
            yield f"group[granularity]={granularity}&sort=-{resource.default_sort[0].lstrip('-')}"
        yield "group[size]=10"


def for_sqlglot(sql):
    """Bind placeholders as Oracle writes them; and TRANSLATE(x USING NCHAR_CS), Django's own
    spelling of its LIKE operands on Oracle, as x: sqlglot does not know that form."""
    return re.sub(r"TRANSLATE\(([^()]*?) USING NCHAR_CS\)", r"\1", sql).replace("%s", ":p")


def oracle_sql(resource, query_string, oracle):
    query = parse_query(resource, QueryDict(query_string))
    selection = Selection(resource, query)
    ordered = selection.queryset.order_by(*selection.ordering())
    page = ordered.values_list(*[selection.names.get(c, c) for c in selection.columns])
    sql, params = page[query.offset : query.offset + query.limit].query.get_compiler(connection=oracle).as_sql()
    count_sql, _ = selection.queryset.query.chain().get_compiler(connection=oracle).as_sql()
    return sql, count_sql, params


@pytest.mark.parametrize("type_", sorted(registry))
def test_every_query_compiles_to_oracle_sql(type_, oracle):
    resource, compiled, problems = registry[type_], 0, []
    for query_string in queries(resource):
        try:
            sql, count_sql, params = oracle_sql(resource, query_string, oracle)
        except DialectError:
            continue  # an operator that does not apply to this kind: the API answers 400
        compiled += 1
        for statement in (sql, count_sql):
            try:
                sqlglot.parse_one(for_sqlglot(statement), dialect="oracle", error_level=sqlglot.ErrorLevel.RAISE)
            except sqlglot.errors.ParseError as error:
                problems.append(f"{query_string}: {error}")
        assert "LIMIT" not in sql and re.search(r"(OFFSET \d+ ROWS )?FETCH FIRST \d+ ROWS ONLY$", sql), (query_string, sql)
    assert problems == []
    assert compiled >= 2 + 4 * len(resource.attributes)  # most operators apply to most attributes


# The probes' own ORM queries (aggregates, windows, subqueries): each query a probe runs on the
# demo database is also compiled by the Oracle backend and parsed.
PROBE_QUERIES = [
    "inst_lumi?run=324245", "inst_lumi?fill=7269", "cumulative_lumi?run=324245&ls_min=10&ls_max=20",
    "cumulative_lumi?since=2018-10-10T00:00:00Z&until=2018-10-10T06:00:00Z", "deadtime_by_source?fill=7269",
    "deadtime_by_source?run=324245&scope=overall", "masked_over_time?run=324245",
    "masked_roc_changes?run=324245", "masked_roc_changes?run=324245&reference_run=324237",
    "masked_summary?run=324245", "masked_summary?run=324245&ls=100",
    "roc_history?roc=BPix_BmI_SEC1_LYR2_LDR1F_MOD2_ROC2", "roc_map?run=324245&map=BPix_L1",
    "roc_map?run=324245&map=FPix_R2&ls=100", "roc_map_comparison?run=324245&map=BPix_L3",
    "inst_lumi?shift=2018-10-09/evening", "shift_runs?shift=2018-10-09/evening", "shift_totals?shift=2018-10-09/evening",
    "shift_masked_summary?shift=2018-10-09/evening", "shift_masking_changes?shift=2018-10-09/evening",
    "shift_masking_by_module?shift=2018-10-09/evening",
    "dcs_series?resource=leakage_currents&value=corrected_per_module&layer=1&run=324245",
    "dcs_series?resource=hv_channels&value=current&channel=BPix_BmI_SEC1_HV_L1&fill=7269&buckets=50",
    "series?resource=lumisections&x=lumisection_number&y=delivered_lumi,recorded_lumi&filter[run_number]=324245",
    "series?resource=hv_channels&x=time&y=current&group=layer&filter[time][GE]=2018-10-09T13:00:00Z"
    "&filter[time][LT]=2018-10-09T21:00:00Z",
    "series?resource=lumisections&x=pileup&kind=histogram&bins=20&group=bpix_ready",
    "series?resource=lumisections&x=pileup&y=delivered_lumi&kind=scatter&points=100&filter[run_number]=324245",
    "series?resource=deadtimes&x=first_lumisection_number&y=beamactive_total_deadtime.percent&filter[run_number]=324245",
    "dcs_series?resource=lv_channels&value=current&shift=2018-10-09/night",
    "events_timeline?shift=2018-10-09/night&sources=power,dcs&severity=warning",
    "dcs_out_of_limits?shift=2018-10-09/night", "dcs_out_of_limits?resource=humidities&channel=BPix_BpO_RH&fill=7269",
    "leakage_vs_luminosity?layer=1&fill=7269", "dew_point_margin?run=324245",
    "power_group_states?shift=2018-10-09/night", "pixel_state?run=324245",
    "fed_errors_per_ls?run=324245", "fed_errors_per_ls?run=324245&fed_channel=1212/17", "fed_error_heatmap?run=324245&ls=900",
    "fed_error_roc_map?run=324245&map=BPix_L1", "top_fed_channels?run=324245", "top_feds?shift=2018-10-09/evening",
    "fed_errors_by_type?shift=2018-10-09/evening", "fed_channel_history?fed_channel=1212/17",
    "fed_channel_map?fed_channel=1212/17", "shift_masked_channels?shift=2018-10-09/evening",
    "readback_distribution?run=324245&quantity=iana", "readback_map?run=324245&map=FPix_R1", "readback_trend?quantity=vd",
]


def test_every_probe_covered():
    from pixelws.probes import registry as probes

    assert {q.split("?")[0] for q in PROBE_QUERIES} == set(probes)


@pytest.mark.parametrize("probe_query", PROBE_QUERIES)
def test_probe_queries_compile_to_oracle_sql(probe_query, oracle, api, monkeypatch):
    from django.core.exceptions import EmptyResultSet
    from django.db.models.sql.compiler import SQLCompiler
    from django.db.models.sql.query import Query

    compiled, execute_sql, sql_with_params = [], SQLCompiler.execute_sql, Query.sql_with_params

    def compile_for_oracle(query):
        try:
            compiled.append(query.get_compiler(connection=oracle).as_sql()[0])
        except EmptyResultSet:
            pass  # no SQL on any vendor

    def also_for_oracle(self, *args, **kwargs):
        compile_for_oracle(self.query)
        return execute_sql(self, *args, **kwargs)

    def also_compiled_for_oracle(self):  # the SQL a probe runs on a cursor itself
        compile_for_oracle(self)
        return sql_with_params(self)

    monkeypatch.setattr(SQLCompiler, "execute_sql", also_for_oracle)
    monkeypatch.setattr(Query, "sql_with_params", also_compiled_for_oracle)
    assert api.get(f"/api/v1/plots/{probe_query}").status_code == 200
    assert compiled, "the probe ran no ORM query"
    for sql in compiled:
        sqlglot.parse_one(for_sqlglot(sql), dialect="oracle", error_level=sqlglot.ErrorLevel.RAISE)


def test_downsampling_query_compiles_to_oracle_sql(oracle):
    """The downsampling query is raw SQL around the rows' ORM query: the same on Oracle."""
    from datetime import datetime, timezone

    from django.db.models.functions import Substr

    from apps.dcs.models import LeakageCurrent, LvReading
    from pixelws.downsampling import bucket_edges, grouped_sql

    since, until = datetime(2018, 10, 8, 6, tzinfo=timezone.utc), datetime(2018, 10, 16, 6, tzinfo=timezone.utc)
    cases = [
        (LeakageCurrent.objects.filter(layer=1), "corrected_per_module", ("subdetector", "layer", "ring")),
        (LvReading.objects.annotate(subdetector=Substr("channel", 1, 4)), "current", ("subdetector", "supply")),
    ]
    for rows, value, by in cases:
        index, _ = bucket_edges(since, until, 1000)
        sql, _ = grouped_sql(rows, (value,), index, since=since, until=until, by=by, using=oracle)
        keys = ", ".join(f'"{name}"' for name in (*(f"G{i}" for i in range(len(by))), "BUCKET"))
        assert sql.endswith(f"GROUP BY {keys}") and "LIMIT" not in sql, sql
        sqlglot.parse_one(for_sqlglot(sql), dialect="oracle", error_level=sqlglot.ErrorLevel.RAISE)
