"""Data that grow while a test watches: a new run and fill going on (end_time null, as OMS writes
an ongoing run), its lumisections one by one at wall-clock times, and DCS readings (an LV channel
tripping). Rows are written into the demo's source tables, each a copy of a real row of the
frozen week with new numbers and times, so the views read them as they read the demo's.

Growing(execute) works on any SQLite connection: ``execute(sql, params)`` with ``?`` placeholders
returning a cursor, e.g. ``Growing.on_django()`` (the in-memory test database, inside the test's
transaction) or ``Growing.on_file(path)`` (a database file another process serves; each write
committed at once).
"""
import sqlite3
from datetime import datetime, timedelta, timezone

LUMISECTION = timedelta(seconds=2**18 / 40.0789e6 * 3564)  # 2^18 orbits ≈ 23.31 s
STORED = "%Y-%m-%d %H:%M:%S.%f"  # as Django stores a time in SQLite


def stored(moment):
    return moment.astimezone(timezone.utc).replace(tzinfo=None).strftime(STORED)


def as_time(value):
    """A time as SQLite returns it (text, or a datetime where the connection converts) → aware UTC."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment.replace(tzinfo=timezone.utc)


def now():
    return datetime.now(timezone.utc)


class Growing:
    def __init__(self, execute, commit=lambda: None):
        self.execute, self.commit = execute, commit

    @classmethod
    def on_django(cls, alias="default"):
        from django.db import connections

        connection = connections[alias]
        return cls(lambda sql, params=(): connection.cursor().execute(sql.replace("?", "%s"), params))

    @classmethod
    def on_file(cls, path):
        # Autocommit: each write seen at once; one writer, from any thread (a benchmark's grower).
        connection = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        return cls(connection.execute)

    def one(self, sql, params=()):
        return self.execute(sql, params).fetchone()

    def copy_row(self, table, where, params, **values):
        """Insert a copy of the first row of ``table`` matching ``where`` with ``values`` changed
        (``id=None``: a new id)."""
        columns = [row[1] for row in self.execute(f'PRAGMA table_info("{table}")').fetchall()]
        unknown = set(values) - set(columns)
        assert not unknown, f"{table} has no column {unknown}"
        selected = ", ".join("?" if c in values else f'"{c}"' for c in columns)
        names = ", ".join(f'"{c}"' for c in columns)
        changed = [values[c] for c in columns if c in values]
        cursor = self.execute(f'INSERT INTO "{table}" ({names}) SELECT {selected} FROM "{table}" WHERE {where} LIMIT 1',
                              (*changed, *params))  # fmt: skip
        assert cursor.rowcount == 1, f"no row of {table} where {where} {params}"

    def newest_run(self):
        return self.one('SELECT run_number, fill_number, start_time FROM "OMS_RUNS" ORDER BY run_number DESC LIMIT 1')

    def start_run(self, lumisections=0, at=None):
        """A new fill and run after the newest, going on (end times null), started ``lumisections``
        lumisections before ``at`` (default now), with those lumisections written. → run number."""
        at = at or now()
        template_run, template_fill, _ = self.newest_run()
        fill = self.one('SELECT MAX(fill_number) FROM "OMS_FILLS"')[0] + 1
        run = template_run + 1
        start = at - lumisections * LUMISECTION
        self.copy_row("OMS_FILLS", "fill_number = ?", (template_fill,), fill_number=fill, start_time=stored(start),
                      end_time=None, end_stable_beam=None, first_run_number=run, last_run_number=run)  # fmt: skip
        self.copy_row("OMS_RUNS", "run_number = ?", (template_run,), run_number=run, fill_number=fill,
                      start_time=stored(start), end_time=None)  # fmt: skip
        self.template = template_run
        for _ in range(lumisections):
            self.add_lumisection(run)
        self.commit()
        return run

    def add_lumisection(self, run=None):
        """The run's next lumisection (default: the newest run's), ending one lumisection after the
        previous one (or the run's start), with its dead times. → (its number, its end time)."""
        run = run or self.newest_run()[0]
        last, end = self.one('SELECT MAX(lumisection_number), MAX(end_time) FROM "OMS_LUMISECTIONS" WHERE run_number = ?', (run,))
        number = (last or 0) + 1
        start = as_time(end or self.one('SELECT start_time FROM "OMS_RUNS" WHERE run_number = ?', (run,))[0])
        end = start + LUMISECTION
        template = getattr(self, "template", None) or self.one(
            'SELECT run_number FROM "OMS_LUMISECTIONS" WHERE run_number <> ? ORDER BY start_time DESC LIMIT 1', (run,))[0]
        # The template run's lumisection of the same number (or its last), for plausible values.
        source = min(number, self.one('SELECT MAX(lumisection_number) FROM "OMS_LUMISECTIONS" WHERE run_number = ?', (template,))[0])
        self.copy_row("OMS_LUMISECTIONS", "run_number = ? AND lumisection_number = ?", (template, source), id=None,
                      run_number=run, lumisection_number=number, start_time=stored(start), end_time=stored(end))  # fmt: skip
        self.copy_row("OMS_DEADTIMES", "run_number = ? AND lumisection_number = ?", (template, source), id=None,
                      run_number=run, lumisection_number=number)  # fmt: skip
        self.commit()
        return number, end

    def lv_trip(self, channel="BPix_BmI_SEC1_LV_ANALOG", at=None):
        """The LV channel reads ON, then TRIPPED at ``at`` (default now): a trip the events view
        reports as an alarm going on. → the reading's time."""
        at = at or now()
        channel_id = self.one('SELECT channel_id FROM "DCS_CHANNELS" WHERE name = ?', (channel,))[0]
        where = "channel_id = ? ORDER BY ts DESC"
        self.copy_row("DCS_LV_READINGS", where, (channel_id,), id=None, ts=stored(at - timedelta(seconds=1)), state="ON")
        self.copy_row("DCS_LV_READINGS", where, (channel_id,), id=None, ts=stored(at), state="TRIPPED", imon=0.0, vmon=0.0)
        self.commit()
        return at

    def lv_back_on(self, channel="BPix_BmI_SEC1_LV_ANALOG", at=None):
        """The channel reads ON again: the trip has ended."""
        at = at or now()
        channel_id = self.one('SELECT channel_id FROM "DCS_CHANNELS" WHERE name = ?', (channel,))[0]
        self.copy_row("DCS_LV_READINGS", "channel_id = ? AND state = 'ON' ORDER BY ts DESC", (channel_id,), id=None, ts=stored(at))
        self.commit()
        return at
