"""The database as the API sees it when it fails: a time limit on every query, and what each
failure means for a client (503 unreachable, 504 too slow, a broken view named)."""
import logging
import re
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, InterfaceError

logger = logging.getLogger("pixelws.database")

# Messages of SQLite and python-oracledb, by what they mean for the client.
TIMED_OUT = re.compile(r"^interrupted$|DPY-4024|ORA-01013|ORA-03156")
NO_VIEW = re.compile(r"no such table: (?P<view>\S+)|ORA-00942")
NO_COLUMN = re.compile(r'no such column: (?P<column>\S+)|ORA-00904: (?P<oracle_column>"?[^:"]+"?): invalid identifier')
# Only these are the database being out of reach (a 503); any other driver error is a query of
# ours the database refused (e.g. SQLite's "ORDER BY term out of range"): a bug, a 500.
UNREACHABLE = re.compile(r"DPY-4005|DPY-4011|DPY-6\d{3}|DPI-1080|ORA-03113|ORA-03114|ORA-03135|ORA-125\d\d|ORA-12170"
                         r"|unable to open database file|database is locked|disk I/O error")


@dataclass
class DatabaseFault:
    status: int
    title: str
    detail: str
    retry_after: int | None = None


class WorkTimedOut(Exception):
    """A request's work in Python went on past PIXELWS_QUERY_TIMEOUT: the 504 a slow query gets."""


class WorkDeadline:
    """PIXELWS_QUERY_TIMEOUT from now, for the Python work around the queries (a probe's loops):
    ``check()`` raises WorkTimedOut once it has passed."""

    def __init__(self):
        limit = settings.PIXELWS_QUERY_TIMEOUT
        self.at = time.monotonic() + limit if limit else None

    def check(self):
        if self.at is not None and time.monotonic() > self.at:
            raise WorkTimedOut()


def fault_of(error, view=None):
    """The DatabaseFault a driver error means, or None for an error that is a bug of ours.

    ``view`` names the view the request read, when one did (Oracle's messages do not).
    """
    limit = settings.PIXELWS_QUERY_TIMEOUT
    if isinstance(error, WorkTimedOut):
        return DatabaseFault(504, "Gateway Timeout", f"This answer took longer than {limit:g} s to make; ask for less (a narrower filter, fewer buckets).")
    if not isinstance(error, DatabaseError):
        return None
    message = str(error)
    if TIMED_OUT.search(message):
        return DatabaseFault(504, "Gateway Timeout", f"The database took longer than {limit:g} s to answer; ask for less (a narrower filter or a smaller page).")
    missing_view, missing_column = NO_VIEW.search(message), NO_COLUMN.search(message)
    if missing_view or missing_column:
        if missing_column:
            named = (missing_column.group("column") or missing_column.group("oracle_column")).replace('"', "")
            table, _, column = named.rpartition(".")  # SQLite names the view with the column
            # (in upper case, as the view files write them: the contract's names)
            what = f"the view {(table or view or 'it reads').upper()} has no column {column.upper()}"
        else:
            what = f"the view {(missing_view.group('view') or view or 'it reads').upper()} is missing"
        logger.error("view contract broken: %s (%s)", what, message)
        return DatabaseFault(500, "Internal Server Error", f"The database does not match pixelws: {what}. The operators are told (manage.py check_views).")
    if isinstance(error, InterfaceError) or UNREACHABLE.search(message):
        logger.warning("database unavailable: %s", message)
        return DatabaseFault(503, "Service Unavailable", "The database cannot be reached just now; try again shortly.", settings.PIXELWS_RETRY_AFTER)
    return None


def limit_query_time(sender, connection, **kwargs):
    """connection_created: no query runs longer than PIXELWS_QUERY_TIMEOUT seconds. Oracle
    cancels the call itself (``call_timeout``); on SQLite a timer interrupts the statement."""
    if not settings.PIXELWS_QUERY_TIMEOUT:
        return
    if connection.vendor == "oracle":
        connection.connection.call_timeout = int(settings.PIXELWS_QUERY_TIMEOUT * 1000)
    elif connection.vendor == "sqlite" and interrupt_when_late not in connection.execute_wrappers:
        connection.execute_wrappers.append(interrupt_when_late)


def interrupt_when_late(execute, sql, params, many, context):
    # sqlite3's interrupt() may be called from any thread. (A progress handler would run Python
    # inside SQLite, and deadlock when two threads share the connection, as the browser tests do.)
    watchdog = threading.Timer(settings.PIXELWS_QUERY_TIMEOUT, context["connection"].connection.interrupt)
    watchdog.daemon = True
    watchdog.start()
    try:
        return execute(sql, params, many, context)
    finally:
        watchdog.cancel()
