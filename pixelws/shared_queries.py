"""Rows the probes of a page share. A page asks for its portlets' probes at once, and several of
them aggregate the same rows (the FED errors page draws eight plots and tables from a run's errors
per channel and type): the first request in a process runs the query, the others take its rows
for PIXELWS_SHARED_QUERY_SECONDS. The key is the query's SQL and parameters, so only the very same
query is shared; one that another thread is running is waited for, not run twice.

The rows may thus be that many seconds old: an ongoing run's errors, written every lumisection
(23 s), are at most one lumisection behind.
"""
import threading
import time
from collections import OrderedDict

from django.conf import settings

MAX_ENTRIES = 64  # queries kept per process (a page's few, of the few pages open at once)


class Entry:
    def __init__(self):
        self.done = threading.Event()
        self.rows = None
        self.at = None  # time.monotonic() when the rows came

    def fresh(self, seconds):
        return not self.done.is_set() or (self.rows is not None and time.monotonic() - self.at < seconds)


lock = threading.Lock()
entries = OrderedDict()  # (database, SQL, parameters), or another caller's key → Entry


def shared_rows(queryset):
    """The rows of ``queryset`` as a list, shared with every other caller asking for the same SQL
    within PIXELWS_SHARED_QUERY_SECONDS. Callers must not change the rows."""
    if not settings.PIXELWS_SHARED_QUERY_SECONDS:
        return list(queryset)
    sql, params = queryset.query.sql_with_params()
    return shared((queryset.db, sql, tuple(params)), lambda: list(queryset))


def shared(key, compute):
    """``compute()``, shared with every other caller of the same ``key`` within
    PIXELWS_SHARED_QUERY_SECONDS (a probe's whole answer, pixelws/answers.py, is shared so too).
    Callers must not change the result."""
    seconds = settings.PIXELWS_SHARED_QUERY_SECONDS
    if not seconds:
        return compute()
    with lock:
        entry = entries.get(key)
        owner = entry is None or not entry.fresh(seconds)
        if owner:
            entry = entries[key] = Entry()
            while len(entries) > MAX_ENTRIES:
                entries.popitem(last=False)
        entries.move_to_end(key)
    if not owner:
        entry.done.wait()
        if entry.rows is not None:
            return entry.rows
        return compute()  # it failed there: fail (or succeed) here on its own
    try:
        entry.rows = compute()
        entry.at = time.monotonic()
        return entry.rows
    finally:
        entry.done.set()
        if entry.rows is None:
            with lock:
                if entries.get(key) is entry:
                    del entries[key]


def forget():
    """Drop every shared row (after the database changed under this process, e.g. in tests)."""
    with lock:
        entries.clear()
