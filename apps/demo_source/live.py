"""The live demo: after the frozen 2018 week, a run happening now (docs/live.md).

``Replay`` plays run 324245's pattern (its masking, automasking, FED errors and timeout storm) as
a new run in a new fill, in a copy of the built demo database (``prepare``), with the demo
generator's own code for every row: luminosity and dead time per lumisection, the DCS archive's
readings, masking, FED errors, channel states and readbacks. Each row carries the wall-clock time
at which it arrives: a lumisection when it ends, every LS_SECONDS / speed; DCS readings on the
archive's tick grid, every TICK / speed. The run starts BACKFILL (in the run's own time) before
the replay does, written at once, so pages open on a real amount of data. As OMS has it while a
run goes on, its END_TIME and its fill's are null and its last lumisection grows; the
materialised views are refreshed for the run in the same transaction as every write.

Incidents: ``request_incident`` writes a row to LIVE_INCIDENTS (``manage.py live_incident``),
which the replay reads at every step and plays at once; it also plays SCHEDULE every hour of the
run on its own.
"""
import random
import shutil
import sqlite3
import time
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

from apps.daq.models import TIMEOUT
from apps.events.models import FedErrorBurst, ReadbackOutlier
from apps.geometry import phase1
from pixelws.sqlviews import refresh_materialised

from . import daq_generator, dcs_generator, generator, pixel_generator
from .models import (
    OmsDeadtime, OmsFill, OmsLumisection, OmsRun, PxlFedChannelState, PxlFedError, PxlMaskedChannel, PxlMaskedRoc,
    PxlReadback,
)  # fmt: skip

LS_SECONDS = generator.LS_SECONDS
PATTERN_RUN = generator.FEATURED_RUN  # the run whose masking and FED errors the live runs play
PATTERN_LS = 2100  # its length; a live run ends there, and the next one starts in the same fill
RUN_GAP_LS = 20  # lumisections between two live runs
BACKFILL = timedelta(hours=2)  # of the run, written when the replay starts
TICK = dcs_generator.TICK
INCIDENTS = ("lv_trip", "fed_timeouts", "humidity")
# Played on their own, at these times into every hour of the first live run (then of each next one).
SCHEDULE = ((timedelta(minutes=40), "lv_trip"), (timedelta(minutes=25), "fed_timeouts"), (timedelta(minutes=50), "humidity"))  # fmt: skip
TRIP_LENGTH = timedelta(minutes=6)
EXCURSION_LENGTH = timedelta(minutes=45)
TIMEOUT_LS = 32  # lumisections of timeouts on a FED, then its channels are automasked: an alarm from 30
INCIDENTS_TABLE = "LIVE_INCIDENTS"
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def prepare(demo_path, live_path):
    """A fresh copy of the built demo database at ``live_path`` (the demo file is only read), in
    WAL mode, so that the server's readers read while the replay writes; its incidents table."""
    live_path = Path(live_path)
    for stale in (live_path, Path(f"{live_path}-wal"), Path(f"{live_path}-shm")):
        stale.unlink(missing_ok=True)
    copying = live_path.with_name(f"{live_path.name}.copying")
    shutil.copyfile(demo_path, copying)
    with sqlite3.connect(copying) as database:
        database.execute("PRAGMA journal_mode=WAL")
        database.execute(f'CREATE TABLE "{INCIDENTS_TABLE}" (id INTEGER PRIMARY KEY, kind TEXT NOT NULL, '
                         'requested_at TEXT NOT NULL, played_at TEXT)')  # fmt: skip
    database.close()
    copying.replace(live_path)


def request_incident(live_path, kind, wait=10.0):
    """Ask the replay writing ``live_path`` to play ``kind`` now; the time it played it (a
    string), or None when it has not within ``wait`` seconds (no replay running)."""
    if kind not in INCIDENTS:
        raise ValueError(f"'{kind}' is none of {', '.join(INCIDENTS)}")
    if not Path(live_path).exists():
        raise FileNotFoundError(f"{live_path}: no live database (make run starts the replay that writes it)")
    with sqlite3.connect(live_path, timeout=10) as database:
        cursor = database.execute(f'INSERT INTO "{INCIDENTS_TABLE}" (kind, requested_at) VALUES (?, ?)',
                                  (kind, stamp(time.time())))  # fmt: skip
        request = cursor.lastrowid
    database.close()
    deadline = time.monotonic() + wait
    with sqlite3.connect(f"file:{live_path}?mode=ro", uri=True) as database:
        while True:
            (played,) = database.execute(f'SELECT played_at FROM "{INCIDENTS_TABLE}" WHERE id = ?', (request,)).fetchone()
            if played or time.monotonic() > deadline:
                return played
            time.sleep(0.2)


def stamp(wall):
    """A wall-clock time (epoch seconds) as the demo database stores it: UTC, to the second."""
    return to_second(wall).strftime("%Y-%m-%d %H:%M:%S")


def to_second(wall):
    """OMS publishes times to the second (a millisecond's rounding: replay time is computed)."""
    return datetime.fromtimestamp(int(round(wall, 3)), timezone.utc)


def replay_datetime(t):
    """Replay time as a datetime: how dcs_generator's incidents give their start."""
    return EPOCH + timedelta(seconds=t)


def stored(value):
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    return int(value) if isinstance(value, bool) else value


def insert(database, model, rows, columns=None):
    """Append ``rows`` to the model's table: model instances, or tuples in the order of ``columns``
    (by default the model's, but an automatic id's), as the generator's modules make them."""
    fields = [f for f in model._meta.concrete_fields if not f.auto_created]
    columns = columns or [f.column for f in fields]
    rows = [tuple(stored(getattr(row, f.attname)) for f in fields) if isinstance(row, model) else row for row in rows]
    placeholders = ", ".join("?" * len(columns))
    database.executemany(f'INSERT INTO "{model._meta.db_table}" ({", ".join(columns)}) VALUES ({placeholders})', rows)


class Grid:
    """The live DCS simulation's ticks, in the form dcs_generator.simulate() reads (its Week):
    a window of ticks at a time, each channel's noise and last record kept from one to the next."""

    def __init__(self):
        self.archived, self.carried, self.rngs = {}, {}, {}
        self.lv_trips, self.humidity_excursions = [], []
        self.ticks = self.stamps = self.lumi = self.integrated = self.hv_fraction = self.hv_state = []

    def rng(self, channel, salt):
        key = channel.channel_id, salt
        if key not in self.rngs:  # not the week's noise again
            self.rngs[key] = random.Random(dcs_generator.SEED * salt + channel.channel_id + 1_000_000)
        return self.rngs[key]

    def between(self, start, duration):
        first, last = dcs_generator.seconds(start), dcs_generator.seconds(start + duration)
        return [i for i, t in enumerate(self.ticks) if first <= t < last]


class LiveRun:
    """One live run: its number, start (replay seconds), and the pattern run's masking and errors
    planned for its whole length, written as its lumisections arrive."""

    def __init__(self, replay, number, start):
        self.number, self.start, self.end = number, start, None
        self.written = 0  # lumisections
        self.ready_after = replay.rng.randint(3, 15)  # HV ramp: pixels join a few LS after the start
        channels, rocs = replay.masking.run(random.Random(pixel_generator.SEED * 1_000_003 + PATTERN_RUN),
                                            PATTERN_RUN, PATTERN_LS, replay.manual_rocs)  # fmt: skip
        self.channel_masks = [(m.fed_id, m.fed_channel, m.first_ls, m.last_ls, m.source) for m in channels]
        self.roc_masks = [(m.roc_name, m.first_ls, m.last_ls, m.source) for m in rocs]
        errors = daq_generator.run_errors(random.Random(daq_generator.SEED * 1_000_003 + PATTERN_RUN), PATTERN_RUN,
                                          PATTERN_LS, replay.cabling, self.masking(PATTERN_LS, PATTERN_RUN))  # fmt: skip
        self.planned_errors = defaultdict(dict)  # LS -> {(fed, channel, type): errors}
        for (ls, fed, channel, kind), n in errors.items():
            self.planned_errors[ls][fed, channel, kind] = n
        self.errors = {}  # (ls, fed, channel, type) -> errors, as written
        self.states_upto = 0  # the lumisection PXL_FED_CHANNEL_STATES has the run's channels up to

    def ls_start(self, ls):
        return self.start + (ls - 1) * LS_SECONDS

    def masking(self, upto, run=None):
        """{(run, FED, channel): [(first, last, source)]} as of lumisection ``upto``."""
        masking = defaultdict(list)
        for fed, channel, first, last, source in self.channel_masks:
            if first <= upto:
                masking[run or self.number, fed, channel].append((first, min(last, upto), source))
        return masking


class Replay:
    """Writes the live run into the database at ``path`` (made by prepare()) as the clock goes:
    ``advance()`` writes what has arrived by now; ``run_forever()`` advances until stopped."""

    def __init__(self, path, speed=1.0, clock=time.time, backfill=BACKFILL):
        self.database = sqlite3.connect(path, isolation_level=None, timeout=30)
        self.database.execute("PRAGMA synchronous=NORMAL")  # WAL: durable at checkpoints, enough for a demo
        self.speed, self.clock = float(speed), clock
        self.anchor = clock()  # replay time equals wall-clock time here, and runs `speed` times faster
        (last_fill, last_run, week_delivered) = self.database.execute(
            'SELECT (SELECT MAX(fill_number) FROM "OMS_FILLS"), (SELECT MAX(run_number) FROM "OMS_RUNS"), '
            '(SELECT SUM(init_lumi + end_lumi) / 2 * ? / 1e9 FROM "OMS_LUMISECTIONS")', (LS_SECONDS,)).fetchone()
        self.manual_rocs = sorted(name for (name,) in self.database.execute(
            'SELECT roc_name FROM "PXL_MASKED_ROCS" WHERE run_number = ? AND source = ?', (last_run, "manual")))
        self.rng = random.Random(generator.SEED + last_fill + 1)
        self.catalog = dcs_generator.Catalog()
        cabling = pixel_generator.cable(list(phase1.all_modules()))
        self.masking = pixel_generator.Masking(cabling)
        self.cabling = {key: (module.name, first, last) for key, (module, first, last) in cabling.items()}
        self.grid = Grid()
        self.week_integrated = week_delivered or 0.0  # fb⁻¹ before the live fill
        self.delivered = self.recorded = 0.0  # µb⁻¹ in the live fill

        backfill_ls = int(backfill.total_seconds() / LS_SECONDS)
        first_start = self.replay_time(self.anchor) - backfill_ls * LS_SECONDS
        self.stable_start = first_start - 120
        self.bunches = self.rng.choice([2556, 2544, 2460])
        self.peak = self.rng.uniform(17000, 21000)  # 10^30 cm^-2 s^-1
        self.tau_h = self.rng.uniform(12, 18)
        setup = timedelta(seconds=int(self.rng.uniform(1.5, 3.5) * 3600))
        self.fill = {"number": last_fill + 1, "start": self.moment(self.stable_start - setup.total_seconds()),
                     "setup": setup, "run_numbers": [last_run + self.rng.randint(1, 6)]}  # fmt: skip
        self.next_tick = first_start - first_start % TICK - 10 * TICK  # DCS from ten minutes before the run
        self.runs = []
        self.hours_scheduled = 0  # hours of SCHEDULE registered
        self.played = []  # (kind, replay time, what it hit): the incidents played
        with self.transaction():
            fill = generator.fill_row(self.rng, self.fill, self.bunches, self.peak, self.moment(self.stable_start),
                                      None, 0.0, 0.0)  # fmt: skip
            insert(self.database, OmsFill, [fill])
            self.start_run(self.fill["run_numbers"][0], first_start)
        self.advance()  # the back-fill

    # ---- time: replay seconds (the run's own time) and wall-clock seconds
    def replay_time(self, wall):
        return self.anchor + (wall - self.anchor) * self.speed

    def wall(self, t):
        return self.anchor + (t - self.anchor) / self.speed

    def moment(self, t):
        """The wall-clock moment of replay time ``t``, to the second, as a datetime."""
        return to_second(self.wall(t))

    @property
    def run(self):
        return self.runs[-1]

    def transaction(self):
        return Transaction(self.database)

    def start_run(self, number, start):
        run = LiveRun(self, number, start)
        self.runs.append(run)
        insert(self.database, OmsRun, [generator.run_row(self.rng, number, self.fill["number"], self.moment(start), None)])
        # The readbacker reads every ROC at the run's start: the pattern run's values, read again.
        columns = [f.column for f in PxlReadback._meta.concrete_fields if not f.auto_created and f.column != "run_number"]
        self.database.execute(f'INSERT INTO "PXL_READBACKS" (run_number, {", ".join(columns)}) '
                              f'SELECT ?, {", ".join(columns)} FROM "PXL_READBACKS" WHERE run_number = ?', (number, PATTERN_RUN))
        refresh_materialised(self.database, ReadbackOutlier, number)
        self.database.execute('UPDATE "OMS_FILLS" SET last_run_number = ? WHERE fill_number = ?', (number, self.fill["number"]))

    def next_ls_end(self):
        """Wall-clock time at which the next lumisection ends (and arrives)."""
        return self.wall(self.run.ls_start(self.run.written + 1) + LS_SECONDS)

    def advance(self):
        """Write everything that has arrived by the clock's now, in one transaction. Returns the
        number of lumisections written."""
        now = self.replay_time(self.clock())
        grown, written = {}, 0  # the runs that grew, by number; lumisections written
        with self.transaction():
            self.schedule(now)
            requested = self.take_requests(now)
            while True:
                run = self.run
                end = run.ls_start(run.written + 1) + LS_SECONDS
                if end > now + 1e-6:  # arrived when it ends, however the times are rounded
                    break
                self.write_lumisection(run, run.written + 1)
                grown[run.number] = run
                written += 1
                if run.written == PATTERN_LS:
                    self.end_run(run, end)
            for run in grown.values():
                self.write_run_state(run)
            self.dcs_until(now, at_now=requested)
            if grown:
                self.update_fill()
        return written

    def write_lumisection(self, run, ls):
        start = run.ls_start(ls)
        hours = (start - self.stable_start) / 3600
        lumisection, dead, delivered = generator.lumisection_rows(
            self.rng, run.number, ls, self.moment(start), self.moment(start + LS_SECONDS), hours, self.peak,
            self.tau_h, self.bunches, ready=ls > run.ready_after)  # fmt: skip
        insert(self.database, OmsLumisection, [lumisection])
        insert(self.database, OmsDeadtime, [dead])
        self.delivered += delivered
        self.recorded += delivered * (1 - dead.ba_total / dead.beamactive_bx)
        masked = run.masking(ls)
        errors = [(run.number, ls, fed, channel, kind, n) for (fed, channel, kind), n in sorted(run.planned_errors.pop(ls, {}).items())
                  if not daq_generator.masked_at(masked.get((run.number, fed, channel), ()), ls)]  # fmt: skip
        insert(self.database, PxlFedError, errors)
        run.errors.update({(ls, fed, channel, kind): n for _, _, fed, channel, kind, n in errors})
        run.written = ls

    def write_run_state(self, run):
        """The run's masking, channel states and error bursts as of its last lumisection: what
        grows with every lumisection rather than being appended."""
        ls, number = run.written, run.number
        for model in (PxlMaskedChannel, PxlMaskedRoc):
            self.database.execute(f'DELETE FROM "{model._meta.db_table}" WHERE run_number = ?', (number,))
        insert(self.database, PxlMaskedChannel, [
            PxlMaskedChannel(run_number=number, fed_id=fed, fed_channel=channel, first_ls=first, last_ls=min(last, ls), source=source)
            for fed, channel, first, last, source in run.channel_masks if first <= ls])  # fmt: skip
        insert(self.database, PxlMaskedRoc, [
            PxlMaskedRoc(run_number=number, roc_name=name, first_ls=first, last_ls=min(last, ls), source=source)
            for name, first, last, source in run.roc_masks if first <= ls])  # fmt: skip
        self.write_channel_states(run)
        refresh_materialised(self.database, FedErrorBurst, number)

    def write_channel_states(self, run):
        """PXL_FED_CHANNEL_STATES as of the run's last lumisection. Every channel's last interval
        grows with the run; only the few channels with new errors or another state since the last
        step get their rows anew (rewriting all 4736 channels' rows was most of a step's time)."""
        before, ls, number = run.states_upto, run.written, run.number
        cabling = self.cabling
        if before:
            changed = {(fed, channel) for fed, channel, first, last, _ in run.channel_masks
                       if before < first <= ls or before < last + 1 <= ls}  # fmt: skip
            changed |= {(fed, channel) for (at, fed, channel, _), n in run.errors.items() if at > before}
            cabling = {key: cabling[key] for key in sorted(changed)}
            self.database.execute('UPDATE "PXL_FED_CHANNEL_STATES" SET last_ls = ? WHERE run_number = ? AND last_ls = ?',
                                  (ls, number, before))  # fmt: skip
            self.database.executemany('DELETE FROM "PXL_FED_CHANNEL_STATES" WHERE run_number = ? AND fed_id = ? AND fed_channel = ?',
                                      [(number, *key) for key in cabling])  # fmt: skip
        else:
            self.database.execute('DELETE FROM "PXL_FED_CHANNEL_STATES" WHERE run_number = ?', (number,))
        insert(self.database, PxlFedChannelState, daq_generator.channel_states(number, ls, cabling, run.masking(ls), run.errors))
        run.states_upto = ls

    def end_run(self, run, end):
        run.end = end
        self.database.execute('UPDATE "OMS_RUNS" SET end_time = ? WHERE run_number = ?', (stored(self.moment(end)), run.number))
        self.start_run(run.number + self.rng.randint(1, 6), end + RUN_GAP_LS * LS_SECONDS)

    def update_fill(self):
        self.database.execute(
            'UPDATE "OMS_FILLS" SET delivered_lumi = ?, recorded_lumi = ?, efficiency_lumi = ? WHERE fill_number = ?',
            (round(self.delivered / 1e6, 6), round(self.recorded / 1e6, 6),
             round(100 * self.recorded / self.delivered, 3) if self.delivered else 0, self.fill["number"]))  # fmt: skip

    # ---- DCS
    def dcs_until(self, t, at_now=False):
        """The archive's records of the ticks up to replay time ``t``; with ``at_now``, of a tick at
        ``t`` too (an incident asked for now is recorded at once, not at the next tick)."""
        ticks = []
        while self.next_tick <= t:
            ticks.append(self.next_tick)
            self.next_tick += TICK
        if at_now and (not ticks or ticks[-1] < t):
            ticks.append(t)
        if not ticks:
            return
        grid = self.grid
        grid.ticks = ticks
        grid.stamps = [stamp(self.wall(tick)) for tick in ticks]
        grid.lumi, grid.hv_fraction, grid.hv_state = [], [], []
        for tick in ticks:
            lumi, fraction, state = self.beam_and_bias(tick)
            grid.lumi.append(lumi), grid.hv_fraction.append(fraction), grid.hv_state.append(state)
        grid.integrated = [self.week_integrated + self.delivered / 1e9] * len(ticks)
        tables = dcs_generator.reading_tables()
        dcs_generator.simulate(grid, self.catalog, tables)
        for model, (columns, rows) in tables.items():
            insert(self.database, model, rows, columns)

    def beam_and_bias(self, t):
        """(luminosity, HV fraction of the way to operating, HV state) at replay time ``t``, as
        dcs_generator.Week has them per tick: HV ramps up from a run's start until its first
        ready lumisection, and down after its end."""
        runs = [run for run in self.runs if run.start <= t]
        if not runs:
            return 0.0, 0.0, "STANDBY"
        run = runs[-1]
        if run.end is not None and t >= run.end:
            since = t - run.end
            return 0.0, max(0.0, 1 - since / dcs_generator.HV_RAMP_DOWN), "RAMPING" if since < dcs_generator.HV_RAMP_DOWN else "STANDBY"
        lumi = self.peak / (1 + (t - self.stable_start) / 3600 / self.tau_h) ** 2
        ready_at = run.ls_start(run.ready_after + 1)
        if t < ready_at:
            return lumi, (t - run.start) / (ready_at - run.start), "RAMPING"
        return lumi, 1.0, "ON"

    # ---- incidents
    def schedule(self, now):
        """Register SCHEDULE's incidents of each hour begun by replay time ``now``, the hours counted
        from the first live run's start (the back-fill's hours included)."""
        first = self.runs[0].start
        while first + self.hours_scheduled * 3600 <= now:
            for offset, kind in SCHEDULE:
                self.play(kind, first + self.hours_scheduled * 3600 + offset.total_seconds())
            self.hours_scheduled += 1

    def take_requests(self, now):
        """Play the incidents asked for (LIVE_INCIDENTS) at ``now``; whether any was a DCS one."""
        requests = self.database.execute(f'SELECT id, kind FROM "{INCIDENTS_TABLE}" WHERE played_at IS NULL ORDER BY id').fetchall()
        for request, kind in requests:
            self.play(kind, now)
            self.database.execute(f'UPDATE "{INCIDENTS_TABLE}" SET played_at = ? WHERE id = ?', (stamp(self.wall(now)), request))
        return any(kind != "fed_timeouts" for _, kind in requests)

    def play(self, kind, t):
        """Register incident ``kind`` from replay time ``t``: the readings it changes are then
        written as their ticks and lumisections arrive."""
        if kind == "lv_trip":
            channel = self.rng.choice([c for c in self.catalog.channels if c.kind == "lv_digital"]).name
            self.grid.lv_trips.append((channel, replay_datetime(t), TRIP_LENGTH))
            self.played.append((kind, t, channel))
        elif kind == "humidity":
            sensor = self.rng.choice([c for c in self.catalog.channels if c.kind == "humidity"]).name
            self.grid.humidity_excursions.append((sensor, replay_datetime(t), EXCURSION_LENGTH))
            self.played.append((kind, t, sensor))
        elif kind == "fed_timeouts":
            self.played.append((kind, t, self.fed_timeouts(t)))
        else:
            raise ValueError(f"'{kind}' is none of {', '.join(INCIDENTS)}")

    def fed_timeouts(self, t):
        """Timeouts flood a FED none of whose channels is masked, from the lumisection going on at
        replay time ``t`` for TIMEOUT_LS lumisections; then the DAQ automasks the channels hit."""
        run = self.run
        first = max(run.written + 1, int((t - run.start) // LS_SECONDS) + 1)
        last = min(first + TIMEOUT_LS - 1, PATTERN_LS - 1)
        if first > last:
            return None
        masked = {fed for fed, _, _, _, _ in run.channel_masks}
        feds = sorted({fed for fed, _ in self.cabling} - masked - set(daq_generator.QUIET_FEDS))
        fed = self.rng.choice(feds)
        hit = [channel for f, channel in sorted(self.cabling) if f == fed and self.rng.random() < 0.6]
        for ls in range(first, last + 1):
            for channel in hit:
                errors = run.planned_errors[ls]
                errors[fed, channel, TIMEOUT] = errors.get((fed, channel, TIMEOUT), 0) + self.rng.randint(20, 60)
        run.channel_masks += [(fed, channel, last + 1, PATTERN_LS, "automask") for channel in hit]
        for ls in range(last + 1, PATTERN_LS + 1):  # a masked channel sends nothing
            for key in [key for key in run.planned_errors.get(ls, {}) if key[0] == fed and key[1] in hit]:
                del run.planned_errors[ls][key]
        return fed, first, hit

    def run_forever(self, stop=lambda: False, poll=1.0):
        """Advance at every lumisection, and at least every ``poll`` seconds (incidents asked for)."""
        while not stop():
            self.advance()
            time.sleep(max(0.05, min(poll, self.next_ls_end() - self.clock())))


class Transaction:
    """BEGIN IMMEDIATE … COMMIT (ROLLBACK on an error): the readers see all of a step or none."""

    def __init__(self, database):
        self.database = database

    def __enter__(self):
        self.database.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, value, traceback):
        self.database.execute("COMMIT" if kind is None else "ROLLBACK")
