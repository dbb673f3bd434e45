"""Benchmark (not a test): the API's cost over the database's, on the demo database (make demo-db).

1. In-process: 10 000 ``lumisections`` rows, and 10 000 raw ``hv_channels`` readings of a 4-hour
   window, through the API (the whole response, as bytes) versus the raw SQL query of the same
   columns plus orjson encoding of the same rows into an equivalent document, in the same run:
   the two alternate call by call, in three rounds of medians, in wall and CPU time.
   Target: ratio ≤ 1.5 (issue 23; it was 2).
2. Against a running server (gunicorn, as ``make run``): p50/p95 latency of typical OMS-client
   queries.

    .venv/bin/python benchmarks/api_throughput.py [--repeats 11] [--requests 40] [--in-process]
"""
import argparse
import statistics
import time
import tracemalloc
import urllib.error
import urllib.request

import orjson
from common import machine, running_server, setup_django, timings_ms

ROWS = 10_000
RATIO_TARGET = 1.5
ROUNDS = 3  # medians of ``--repeats`` in each: how stable the ratio is within one run
RUN, FILL = 324245, 7269
OMS_CLIENT_QUERIES = [  # what OMS's python client and GUI ask
    ("/meta", "/api/v1/lumisections/meta"),
    ("one fill by id", "/api/v1/fills/5576"),
    ("one run, filtered", f"/api/v1/runs?filter[run_number][EQ]={RUN}&include=meta"),
    ("runs of a fill, flat fields", f"/api/v1/runs?filter[fill_number][EQ]={FILL}&fields=run_number,delivered_lumi,recorded_lumi"),
    ("LS range GE+LE, flat fields", f"/api/v1/lumisections?filter[run_number][EQ]={RUN}&filter[lumisection_number][GE]=100"
                                    "&filter[lumisection_number][LE]=600&fields=lumisection_number,init_lumi,recorded_lumi&page[limit]=1000"),
    ("dead time per run (group)", f"/api/v1/deadtimes?filter[fill_number][EQ]={FILL}&group[granularity]=run"),
    ("masked ROCs of a run", f"/api/v1/masked_rocs?filter[run_number][EQ]={RUN}&page[limit]=1000"),
    (f"{ROWS} lumisections, include=meta", f"/api/v1/lumisections?include=meta&page[limit]={ROWS}"),
    ("one HV channel over run 324245", "/api/v1/hv_channels?filter[channel][EQ]=BPix_BmI_SEC1_HV_L1"
                                       "&filter[time][GE]=2018-10-09T15:20:00Z&filter[time][LT]=2018-10-10T05:30:00Z&page[limit]=1000"),
    ("a ROC map (probe), as the page asks", f"/api/v1/plots/roc_map?run={RUN}&map=BPix_L4&fields[plots]=title,empty,figure,sources"),
]
# Browsers and python requests accept gzip: what these answers then cost, and weigh on the wire.
GZIPPED = {f"{ROWS} lumisections, include=meta", "a ROC map (probe), as the page asks"}
# (type, query, SQL of the same rows: WHERE, ORDER BY)
IN_PROCESS = [
    ("lumisections", "", "", "run_number, lumisection_number"),
    ("hv_channels", "filter[time][GE]=2018-10-09T14:00:00Z&filter[time][LT]=2018-10-09T18:00:00Z",
     "WHERE time >= '2018-10-09 14:00:00' AND time < '2018-10-09 18:00:00'", "time DESC, reading_id"),
]
# Asked again with the ETag of the last answer (a browser revalidating): a 304 without a body.
REVALIDATED = {"one fill by id", f"{ROWS} lumisections, include=meta", "a ROC map (probe), as the page asks"}


def best_and_median(action, repeats):
    times = timings_ms(action, repeats)
    return min(times), statistics.median(times)


def in_process(repeats, type_, query, where, order_by):
    from django.db import connection
    from django.test import Client

    from pixelws.dialect import registry

    resource = registry[type_]
    url = f"/api/v1/{type_}?page[limit]={ROWS}&{query}"
    client = Client()
    attributes = list(resource.attributes.values())
    columns = [connection.ops.quote_name(resource.model._meta.get_field(a.columns[0]).column) for a in attributes]
    table = connection.ops.quote_name(resource.model._meta.db_table)
    sql = f"SELECT {', '.join(columns)} FROM {table} {where} ORDER BY {order_by} LIMIT {ROWS}"
    names = [a.name for a in attributes]
    id_at = [names.index(name) for name in resource.id_fields]

    def through_api():
        response = client.get(url)
        assert response.status_code == 200 and len(response.content) > 1000
        return response.content

    def raw():
        with connection.cursor() as cursor:
            cursor.execute(sql)
            rows = cursor.fetchall()
        data = [{"id": "_".join(str(r[i]) for i in id_at), "type": type_, "attributes": dict(zip(names, r))} for r in rows]
        return orjson.dumps({"data": data, "meta": {"totalResourceCount": len(rows)}})

    rows_in_api = len(orjson.loads(through_api())["data"])
    assert rows_in_api == len(orjson.loads(raw())["data"]) == ROWS, rows_in_api
    # The API and the raw query alternate, so that whatever else the machine runs weighs on both
    # alike; wall and CPU time (this process's: the wall time on an idle machine) of each call.
    rounds = [interleaved((through_api, raw), repeats) for _ in range(ROUNDS)]
    tracemalloc.start()
    through_api()
    api_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.reset_peak()
    raw()
    raw_peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()

    print(f"{rows_in_api} {type_} (all {len(names)} attributes{', ' + query if query else ''}), in-process, alternating,"
          f" {ROUNDS} rounds of {repeats}: median wall (CPU) time per round")
    api, raw_ = ([statistics.median(r[i][0]) for r in rounds] for i in (0, 1))
    api_cpu, raw_cpu = ([statistics.median(r[i][1]) for r in rounds] for i in (0, 1))
    print(f"  through the API (document with links, meta.row units)  {figures(api, api_cpu)}")
    print(f"  raw SQL + orjson of the same rows                      {figures(raw_, raw_cpu)}")
    if type_ == "lumisections":
        stock_best, stock_median = best_and_median(lambda: stock_drf_jsonapi(resource.model, ROWS), min(repeats, 3))
        print(f"  stock djangorestframework-jsonapi (ModelSerializer)     {stock_best:7.1f} / {stock_median:7.1f} ms"
              f"  (for comparison: {stock_median / statistics.median(api):.1f} × the API)")
    wall_ratios = [a / r for a, r in zip(api, raw_)]
    cpu_ratios = [a / r for a, r in zip(api_cpu, raw_cpu)]
    print(f"  ratio API / raw per round: wall {' · '.join(f'{x:.2f}' for x in wall_ratios)}; "
          f"CPU {' · '.join(f'{x:.2f}' for x in cpu_ratios)}")
    worst = max(cpu_ratios)
    print(f"  worst CPU ratio {worst:.2f}, worst wall ratio {max(wall_ratios):.2f} (target ≤ {RATIO_TARGET}: "
          f"{'met' if worst <= RATIO_TARGET else 'NOT met'} in CPU time, {'met' if max(wall_ratios) <= RATIO_TARGET else 'NOT met'}"
          f" in wall time); {machine()}")
    print(f"  peak Python memory: API {api_peak / 1e6:.1f} MB, raw {raw_peak / 1e6:.1f} MB\n")


def interleaved(actions, repeats):
    """Per action, its (wall, CPU) times in ms over ``repeats`` calls, the actions taking turns."""
    times = [([], []) for _ in actions]
    for _ in range(repeats):
        for action, (wall, cpu) in zip(actions, times):
            start_wall, start_cpu = time.perf_counter(), time.process_time()
            action()
            cpu.append((time.process_time() - start_cpu) * 1000)
            wall.append((time.perf_counter() - start_wall) * 1000)
    return times


def figures(wall, cpu):
    return " · ".join(f"{w:6.1f} ({c:5.1f})" for w, c in zip(wall, cpu)) + " ms"


def stock_drf_jsonapi(model, rows):
    """What the stock path costs: model instances, a ModelSerializer and JSONRenderer."""
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory
    from rest_framework.views import APIView
    from rest_framework_json_api import renderers, serializers

    class Serializer(serializers.ModelSerializer):
        class Meta:
            model = None
            fields = None
            resource_name = "lumisections"

    Serializer.Meta.model = model
    Serializer.Meta.fields = [f.name for f in model._meta.concrete_fields if f.column]
    view = APIView()
    view.request, view.format_kwarg, view.resource_name = Request(APIRequestFactory().get("/")), None, "lumisections"
    objects = list(model.objects.order_by("run_number", "lumisection_number")[:rows])
    data = Serializer(objects, many=True, context={"request": view.request, "view": view}).data
    return renderers.JSONRenderer().render(data, renderer_context={"view": view, "request": view.request})


def body(request):
    """The answer's body; b"" for a 304 (which urllib reports as an error)."""
    try:
        return urllib.request.urlopen(request).read()
    except urllib.error.HTTPError as error:
        if error.code != 304:
            raise
        return b""


def against_server(requests):
    print(f"Latency against a running server (gunicorn, 2 workers), {requests} requests each:")
    print(f"  {'query':<40} {'p50 ms':>8} {'p95 ms':>8} {'bytes':>10}")
    with running_server() as base:
        runs = [(label, path, {}) for label, path in OMS_CLIENT_QUERIES]
        runs += [(f"{label} (gzip)", path, {"Accept-Encoding": "gzip"}) for label, path in OMS_CLIENT_QUERIES if label in GZIPPED]
        runs += [(f"{label} (304)", path, {"If-None-Match": urllib.request.urlopen(base + path).headers["ETag"]})
                 for label, path in OMS_CLIENT_QUERIES if label in REVALIDATED]  # fmt: skip
        for label, path, headers in runs:
            request = urllib.request.Request(base + path, headers=headers)
            times = sorted(timings_ms(lambda: body(request), requests))
            size = len(body(request))  # bytes on the wire: urllib does not decompress
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            print(f"  {label:<40} {statistics.median(times):8.1f} {p95:8.1f} {size:10d}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=11, help="in-process repetitions")
    parser.add_argument("--requests", type=int, default=40, help="requests per query against the server")
    parser.add_argument("--in-process", action="store_true", help="only the in-process comparison")
    args = parser.parse_args()
    print(machine() + "\n")
    setup_django()
    for type_, query, where, order_by in IN_PROCESS:
        in_process(args.repeats, type_, query, where, order_by)
    if not args.in_process:
        against_server(args.requests)


if __name__ == "__main__":
    main()
