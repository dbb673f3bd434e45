"""Downsampling in SQL: the rows of any view over a time window, in at most N buckets of equal
time, with the count, min, mean and max of a value per bucket and group (a channel, a layer).
The same over a number (a lumisection number): buckets of equal width, whole numbers wide for
integers; and a histogram is the count per bucket of the binned attribute itself.

DCS archives record irregularly (on change and on a heartbeat), a week of one layer is 10⁵ rows;
a plot wants ~1000 points. Min and max per bucket keep a one-second spike visible; the database
does the work, so only N rows per group leave it. Bucket k holds the rows with
``since + k·w <= time < since + (k+1)·w``, w = (until − since) / N, counted in whole seconds.
"""
import math
import os
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from itertools import chain, pairwise
from typing import NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import NotSupportedError, connection, connections
from django.db.models import Expression, F, IntegerField
from django.db.models.sql.where import AND

DEFAULT_BUCKETS = 1000


class Bucket(NamedTuple):  # a tuple: a week of 88 channels is 88 000 of them
    start: datetime
    end: datetime
    count: int = 0
    min: float | None = None
    mean: float | None = None
    max: float | None = None


class ColumnIndex(Expression):
    """An integer computed from one column (a bucket's index)."""

    output_field = IntegerField()

    def __init__(self, column):
        super().__init__()
        self.column = column

    def get_source_expressions(self):
        return [self.column]

    def set_source_expressions(self, expressions):
        (self.column,) = expressions


class BucketIndex(ColumnIndex):
    """floor(seconds from ``since`` to the time column × buckets / span), in SQL, counting whole
    seconds. Each vendor spells date arithmetic its own way (SQLite keeps datetimes as text,
    Oracle subtracts DATEs in days). No bind parameters: Oracle groups by an expression only if
    the GROUP BY repeats it exactly, and Django binds the SELECT's and the GROUP BY's separately;
    the literals are numbers and a datetime formatted here, never a request's text."""

    def __init__(self, column, since, span, buckets):
        super().__init__(column)
        self.since = since.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
        self.epoch = int(since.timestamp())
        self.buckets = buckets
        self.span = int(span) if float(span).is_integer() else float(span)
        self.ratio = f"{float(buckets)!r} / {float(span)!r}"

    def as_sqlite(self, compiler, connection):
        column, params = compiler.compile(self.column)
        if connection.Database.sqlite_version_info >= (3, 38):
            # unixepoch(): whole seconds as an integer, so the bucket is an integer and its sort cheap
            # (a fifth of the query's time). Integer / integer divides whole; CAST floors a real one,
            # and the quotient, never nearer an integer than 1/span, cannot round across one.
            return f"CAST((unixepoch({column}) - {self.epoch}) * {self.buckets} / {self.span!r} AS INTEGER)", params
        return f"FLOOR(ROUND((julianday({column}) - julianday('{self.since}')) * 86400) * {self.ratio})", params

    def as_oracle(self, compiler, connection):
        column, params = compiler.compile(self.column)
        since = f"TO_DATE('{self.since}', 'YYYY-MM-DD HH24:MI:SS')"
        return f"FLOOR(ROUND((CAST({column} AS DATE) - {since}) * 86400) * {self.ratio})", params

    def as_sql(self, compiler, connection):
        raise NotSupportedError(f"BucketIndex speaks SQLite and Oracle, not {connection.vendor}")


class NumberBucketIndex(ColumnIndex):
    """floor((column − low) / width) for a number column: plain SQL on every vendor. Literals, not
    bind parameters, for the same reason as BucketIndex's; they are numbers formatted here."""

    def __init__(self, column, low, width):
        super().__init__(column)
        self.low, self.width = low, width

    def as_sql(self, compiler, connection):
        column, params = compiler.compile(self.column)
        return f"FLOOR(({column} - ({float(self.low)!r})) / {float(self.width)!r})", params


def bucket_edges(since, until, buckets):
    """(index expression maker, edges): N equal buckets of time or of a number; integers get
    whole-number widths (an LS is never split), so there may be fewer than N of them."""
    if isinstance(since, datetime):
        span = (until - since).total_seconds()
        edges = [since + timedelta(seconds=span * k / buckets) for k in range(buckets + 1)]
        return (lambda column: BucketIndex(column, since, span, buckets)), edges
    if isinstance(since, int) and isinstance(until, int):
        width = math.ceil((until - since) / buckets)
        edges = [since + k * width for k in range(math.ceil((until - since) / width) + 1)]
        edges[-1] = until
    else:
        width = (until - since) / buckets
        if since + width == since:  # too narrow to cut (a window of one float): one bucket
            buckets, width = 1, until - since
        edges = [since + width * k for k in range(buckets + 1)]
    return (lambda column: NumberBucketIndex(column, since, width)), edges


def of_least_width(since, until, buckets, width):
    """(buckets, until) of buckets at least ``width`` wide (a timedelta along a time, a number
    along a number; None: any width): ``buckets`` when they are, else as many buckets of exactly
    ``width`` as cover [since, until), ``until`` moved to the last one's end (the rows' own filters
    still bound them). A bucket narrower than the data's cadence would hold no row between two
    rows: a gap where the data has none."""
    if not width or (until - since) / width >= buckets:
        return buckets, until
    count = max(1, math.ceil((until - since) / width))
    return count, since + count * width


def downsample(rows, value, *, since, until, buckets=DEFAULT_BUCKETS, time="time", by=()):
    """{group: [Bucket] × ``buckets``} of ``rows`` (a queryset) with ``since <= time < until``;
    a group is the tuple of the ``by`` attributes' values (``()`` when ``by`` is empty); a bucket
    without rows has count 0 and None values. One query, grouped in the database."""
    found = downsample_values(rows, (value,), since=since, until=until, buckets=buckets, time=time, by=by)
    return {group: per_value[value] for group, per_value in found.items()}


def downsample_values(rows, values, *, since, until, buckets=DEFAULT_BUCKETS, time="time", by=(), deadline=None, min_width=None):
    """{group: {value: [Bucket]}} for several values of the same rows, in the same one query.
    ``since`` and ``until`` are datetimes, or numbers when ``time`` is a number column. The caller
    bounds groups × values × buckets before (each group's buckets are made as its first row comes);
    ``deadline`` (pixelws.database.WorkDeadline) bounds the Python work after the query; buckets are
    at least ``min_width`` wide (of_least_width)."""
    if not until > since:
        raise ValueError("until must be after since")
    if buckets < 1:
        raise ValueError("buckets must be 1 or more")
    buckets, until = of_least_width(since, until, buckets, min_width)
    index, edges = bucket_edges(since, until, buckets)
    last = len(edges) - 2
    empty = [Bucket(edges[k], edges[k + 1]) for k in range(last + 1)]
    series = {}
    try:
        found = grouped_rows(rows, values, index, edges, since=since, until=until, time=time, by=by)
    except EmptyResultSet:  # e.g. rows.none(): no query at all
        return {}
    width = len(by)
    for number, row in enumerate(found):
        if deadline is not None and not number % 10000:
            deadline.check()
        group, k = tuple(row[:width]), int(row[width])
        per_value = series.get(group) or series.setdefault(group, {value: empty.copy() for value in values})
        for i, value in enumerate(values):
            # min(): a float just under ``until`` may round one bucket up; it joins the last one.
            filled = per_value[value]
            filled[min(k, last)] = merged(filled[min(k, last)], Bucket(0, 0, *row[width + 1 + 4 * i : width + 5 + 4 * i]))
    return dict(sorted(series.items(), key=lambda item: tuple(str(v) for v in item[0])))


def grouped_rows(rows, values, index, edges, *, since, until, time, by):
    """The grouped query's rows. SQLite runs a statement on one core, and its GROUP BY sorts every
    row (a week of all HV channels is 760 000); so on SQLite the buckets are cut into one slice per
    core, each slice's rows queried on a connection of its own in a thread (sqlite3 lets go of the
    GIL while it works), and the slices' rows put together: the same rows, in half the time on two
    idle cores. Buckets are numbered from ``since`` in every slice; a row is in exactly one slice,
    and the rows of a bucket two slices share are merged. Not inside a transaction: other
    connections would not see its rows (tests). Oracle runs the one query (its GROUP BY hashes)."""
    database = connections[rows.db]
    slices = 1
    if database.vendor == "sqlite" and not database.in_atomic_block:
        slices = min(PARALLEL_SLICES, len(edges) - 1)
    # The window's own ends: edges stepped in floats may miss them by a hair.
    cuts = [since, *(edges[round(i * (len(edges) - 1) / slices)] for i in range(1, slices)), until]
    queries = [grouped_sql(rows, values, index, since=lo, until=hi, time=time, by=by) for lo, hi in pairwise(cuts)]
    if slices == 1:
        return fetched(rows.db, *queries[0])
    return list(chain.from_iterable(slice_pool().map(lambda query: fetched_in_slice(rows.db, query), queries)))


PARALLEL_SLICES = min(os.cpu_count() or 1, 4)
_pools = {}


def slice_pool():
    """This process's threads for slices (made after a fork: a worker has its own)."""
    pid = os.getpid()
    return _pools.get(pid) or _pools.setdefault(pid, ThreadPoolExecutor(PARALLEL_SLICES, thread_name_prefix="slice"))


def fetched_in_slice(alias, query):
    try:
        return fetched(alias, *query)
    finally:  # a thread's connection is its own: closed, as a request's is, so none is held idle
        connections[alias].close()


def fetched(alias, sql, params):
    with connections[alias].cursor() as cursor:  # tuples straight from the cursor: 2 × faster than the ORM's rows
        cursor.execute(sql, params)
        return cursor.fetchall()


def grouped_sql(rows, values, index, *, since, until, time="time", by=(), using=connection):
    """(SQL, params) of the count, min, mean and max of each of ``values`` per group and bucket.
    Each row's values and bucket are computed once, in the rows' own query, and aggregated around
    it; on SQLite, LIMIT -1 keeps that query a co-routine: flattened, a value's expression (a
    view's leakage correction: POWER, EXP) would be computed once per aggregate. Every column
    is aliased, so the outer query names them as the vendor quotes them (Oracle: upper case)."""
    groups = {f"g{i}": F(name) for i, name in enumerate(by)}
    readings = {f"v{i}": F(value) for i, value in enumerate(values)}
    rows = (
        within_first(rows, time, since, until)
        .annotate(bucket=index(F(time)), **groups, **readings)
        .order_by()
        .values_list(*groups, "bucket", *readings)
    )
    # The default database's SQL through sql_with_params(), as every query's (which tests/views
    # also compiles for Oracle).
    rows_sql, params = rows.query.sql_with_params() if using is connection else rows.query.get_compiler(connection=using).as_sql()
    name = using.ops.quote_name
    keys = ", ".join(name(key) for key in (*groups, "bucket"))
    aggregates = ", ".join(f"COUNT({name(v)}), MIN({name(v)}), AVG({name(v)}), MAX({name(v)})" for v in readings)
    limit = " LIMIT -1" if using.vendor == "sqlite" else ""
    return f"SELECT {keys}, {aggregates} FROM ({rows_sql}{limit}) readings GROUP BY {keys}", params


def within_first(rows, time, since, until):
    """``rows`` with ``since <= time < until``, these bounds first in the WHERE: SQLite ranges an
    index by the first bounds on a column it meets, and the rows' own filters (a probe's whole
    window) would come first: a slice would read the whole window, and drop the rest (+25 %)."""
    where = rows.query.where
    own = len(where.children) if where.connector == AND and not where.negated else 0
    rows = rows.filter(**{f"{time}__gte": since, f"{time}__lt": until})
    children = rows.query.where.children  # an AND's new conditions are appended to it
    rows.query.where.children = children[own:] + children[:own]
    return rows


def merged(a, b):
    """One bucket of the rows of both, with a's edges."""
    if not b.count:
        return a
    if not a.count:
        return Bucket(a.start, a.end, b.count, b.min, b.mean, b.max)
    mean = (a.mean * a.count + b.mean * b.count) / (a.count + b.count)
    return Bucket(a.start, a.end, a.count + b.count, min(a.min, b.min), mean, max(a.max, b.max))
