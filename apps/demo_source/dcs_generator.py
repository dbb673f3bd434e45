"""Deterministic DCS archive look-alike for the demo week: the power catalog, every channel
with its alert limits, and the archived readings of LV, HV, temperatures, CO₂ flows, humidity,
the clean room and the castor probes (the integration DB's copy).

What a shifter should recognise:
  - HV ramps from standby to operating voltage at every run start, reaching it when the run's
    lumisections turn BPix/FPix ready, and back to standby after the run;
  - leakage currents that grow with the luminosity delivered since the week started
    (OMS_LUMISECTIONS) and follow the modules' temperature, I(T) ∝ T² exp(−E_eff / 2kT);
  - module temperatures that follow the LV load (the digital current rises with luminosity);
  - one LV trip and its recovery (LV_TRIP), one humidity excursion that narrows the dew-point
    margin (HUMIDITY_EXCURSION), and CO₂ flow set-point changes (CO2_SET_POINTS).

As a DCS archive stores it: each channel is simulated on a TICK grid, and a tick's values are
kept when one of them moved by more than the channel's deadband since the last record, when
the state changed, or HEARTBEAT after the last record.
"""
import math
import random
from bisect import bisect_right
from collections import Counter
from datetime import datetime, timedelta, timezone
from itertools import accumulate

from django.db import connection
from django.db.models import Max

from apps.geometry import phase1

from .models import (
    DcsChannel, DcsCleanroom, DcsCo2Flow, DcsHumidity, DcsHvReading, DcsLvReading, DcsPowerGroup, DcsTemperature,
    IntdbCastorProbe, OmsFill, OmsLumisection,
)  # fmt: skip

SEED = 4603  # CAEN A4603, the pixel power supplies
TICK = 60  # s
HEARTBEAT = 300  # s: the archive records every channel at least this often
LS_SECONDS = 23.3104
EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)

# Silicon leakage current: I(T) ∝ T² exp(−E_eff / 2kT), compared at T_REFERENCE (the leakage
# view's reference temperature, 20 °C as in RD50 fluence studies).
E_EFF = 1.21  # eV
BOLTZMANN = 8.617333262e-5  # eV/K
T_REFERENCE = 20.0  # °C
COOLANT = -22.0  # °C, CO₂ at the loop inlets

HV_OPERATING = {"L1": 450, "L2": 350, "L3": 250, "L4": 200, "R1": 300, "R2": 300}  # V
HV_STANDBY = 50  # V
HV_RAMP_DOWN = 120  # s after a run ends
# Per-module leakage at T_REFERENCE when the week starts (µA), and its growth per fb^-1 delivered.
LEAKAGE_START = {"L1": 700, "L2": 300, "L3": 170, "L4": 110, "R1": 150, "R2": 90}
LEAKAGE_PER_FB = {"L1": 22, "L2": 9, "L3": 5, "L4": 3.2, "R1": 4.5, "R2": 2.7}

LV_TRIP = ("BPix_BpO_SEC6_LV_DIGITAL", datetime(2018, 10, 10, 2, 41, tzinfo=timezone.utc), timedelta(minutes=24))
HUMIDITY_EXCURSION = ("BPix_BpO_RH", datetime(2018, 10, 11, 10, 0, tzinfo=timezone.utc), timedelta(hours=3))
HUMIDITY_PEAK = 3.4  # % RH added at the excursion's height
AIR_IN_VOLUME = 16.0  # °C, dry gas inside the pixel volume
CO2_SET_POINTS = {  # loop prefix: [(from, g/s)]
    "BPix": [(None, 12.0), (datetime(2018, 10, 11, 14, 0, tzinfo=timezone.utc), 13.0)],
    "FPix": [(None, 8.0), (datetime(2018, 10, 13, 9, 30, tzinfo=timezone.utc), 7.5)],
}
# Deadbands of each kind's values, in the order of its table's columns (HV: hv_deadbands()).
DEADBANDS = {
    "lv": (0.02, 0.1),  # V, A
    "temperature": (0.1,),  # °C
    "co2": (0.1, 0.01),  # g/s
    "humidity": (0.05, 0.2),  # %, °C
    "cleanroom": (0.1, 0.5, 1.0),  # °C, %, Pa
    "castor": (0.1, 0.2),  # °C
}
CO2_RESPONSE = 600  # s, time constant of a loop's flow following its set point
CLEANROOM_PROBES = 4
CASTOR_PROBES = ("CASTOR_ENV_UXC_FAR_MINUS", "CASTOR_ENV_UXC_FAR_PLUS", "CASTOR_ENV_TABLE_TOP",
                 "CASTOR_ENV_TABLE_BOTTOM", "CASTOR_ENV_RACK_S1", "CASTOR_ENV_RACK_S4")  # fmt: skip


def leakage_factor(celsius):
    """I(T) / I(T_REFERENCE) for silicon at ``celsius``."""
    t, reference = celsius + 273.15, T_REFERENCE + 273.15
    return (t / reference) ** 2 * math.exp(-E_EFF / (2 * BOLTZMANN) * (1 / t - 1 / reference))


def dew_point(celsius, relative_humidity):
    """Magnus formula (Sonntag constants), °C."""
    gamma = math.log(relative_humidity / 100) + 17.62 * celsius / (243.12 + celsius)
    return 243.12 * gamma / (17.62 - gamma)


def build():
    """Replace the DCS rows for the demo week in OMS_LUMISECTIONS. Returns counts per table."""
    week = Week()
    catalog = Catalog()
    tables = {
        DcsPowerGroup: [("name", "half", "sector", "disk"), catalog.groups],
        DcsChannel: [CHANNEL_COLUMNS, [c.row() for c in catalog.channels]],
        **reading_tables(),
    }
    simulate(week, catalog, tables)
    with connection.cursor() as cursor:
        for model, (columns, rows) in tables.items():
            table = model._meta.db_table
            cursor.execute(f'DELETE FROM "{table}"')
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({placeholders})', rows)
    return {model._meta.db_table: len(rows) for model, (columns, rows) in tables.items()}


def reading_tables():
    """{model: [columns, rows]} of the archived readings, no rows yet (simulate() appends them)."""
    return {
        DcsLvReading: [("channel_id", "ts", "vmon", "imon", "state"), []],
        DcsHvReading: [("channel_id", "ts", "vmon", "imon", "state"), []],
        DcsTemperature: [("channel_id", "ts", "temperature"), []],
        DcsCo2Flow: [("channel_id", "ts", "flow", "set_point"), []],
        DcsHumidity: [("channel_id", "ts", "relative_humidity", "dew_point"), []],
        DcsCleanroom: [("channel_id", "ts", "temperature", "relative_humidity", "differential_pressure"), []],
        IntdbCastorProbe: [("probe", "ts", "temperature", "dew_point"), []],
    }


class Week:
    """The tick grid over the demo week and what OMS says about each tick; the incidents it holds;
    each channel's noise and what the archive last kept of it. The live replay
    (apps/demo_source/live.py) simulates its ticks with a grid of its own of the same form."""

    lv_trips = (LV_TRIP,)  # (LV channel, start, duration)
    humidity_excursions = (HUMIDITY_EXCURSION,)  # (humidity sensor, start, duration)

    def __init__(self):
        self.archived = {}  # channel id -> (values, tick) of its last record
        self.carried = {}  # (kind, channel id) -> a value carried from tick to tick (a CO₂ flow)
        start = seconds(OmsLumisection.objects.order_by("start_time").values_list("start_time", flat=True)[0])
        end = seconds(OmsFill.objects.filter(era="Run2018D").aggregate(Max("end_time"))["end_time__max"])
        first = start - start % 3600 - 3600  # from the whole hour before the first run
        self.ticks = list(range(first, end + 3600, TICK))
        self.stamps = [stamp(t) for t in self.ticks]
        lumisections = list(
            OmsLumisection.objects.order_by("start_time").values_list(
                "run_number", "start_time", "init_lumi", "end_lumi", "bpix_ready"
            )
        )
        starts = [seconds(ls[1]) for ls in lumisections]
        delivered = accumulate((ls[2] + ls[3]) / 2 * LS_SECONDS / 1e9 for ls in lumisections)  # fb^-1
        integrated = list(delivered)
        self.lumi, self.integrated = [], []  # Hz/µb, and fb^-1 delivered since the week started
        for t in self.ticks:
            k = bisect_right(starts, t) - 1
            inside = k >= 0 and t < starts[k] + LS_SECONDS
            self.lumi.append(lumisections[k][2] if inside else 0.0)
            self.integrated.append(integrated[k] if k >= 0 else 0.0)
        self.hv_fraction, self.hv_state = self.hv_timeline(lumisections, starts)

    def hv_timeline(self, lumisections, starts):
        """Per tick, the HV as a fraction of the way from standby to operating, and the state:
        ramping up from the run's start until its first BPix-ready LS, down after its end."""
        runs = {}
        for (run, _, _, _, ready), start in zip(lumisections, starts):
            first, ready_at, last = runs.get(run, (start, None, start))
            runs[run] = (first, ready_at if ready_at is not None or not ready else start, start + LS_SECONDS)
        fraction, state = [0.0] * len(self.ticks), ["STANDBY"] * len(self.ticks)
        for first, ready_at, last in runs.values():
            ready_at = ready_at if ready_at is not None else last
            for i in range(self.index(first), min(self.index(last + HV_RAMP_DOWN) + 1, len(self.ticks))):
                t = self.ticks[i]
                if t < ready_at:
                    fraction[i], state[i] = (t - first) / (ready_at - first), "RAMPING"
                elif t < last:
                    fraction[i], state[i] = 1.0, "ON"
                else:
                    fraction[i], state[i] = max(0.0, 1 - (t - last) / HV_RAMP_DOWN), "RAMPING"
        return fraction, state

    def index(self, t):
        """The first tick at or after ``t``."""
        return max(0, math.ceil((t - self.ticks[0]) / TICK))

    def between(self, start, duration):
        return range(self.index(seconds(start)), self.index(seconds(start + duration)))

    def rng(self, channel, salt):
        """The channel's noise: one generator per channel and salt (a kind of reading)."""
        return random.Random(SEED * salt + channel.channel_id)


class Channel:
    def __init__(self, channel_id, name, kind, location, limits, **extra):
        self.channel_id, self.name, self.kind, self.location = channel_id, name, kind, location
        self.limits = limits  # warning_low, warning_high, alarm_low, alarm_high
        self.extra = extra

    def row(self):
        e = self.extra
        return (self.channel_id, self.name, self.kind, e.get("power_group"), e.get("layer"), e.get("ring"),
                e.get("modules"), e.get("sensor_id"), self.location, *self.limits)  # fmt: skip


CHANNEL_COLUMNS = ("channel_id", "name", "kind", "power_group", "layer", "ring", "modules", "sensor_id", "location",
                   "warning_low", "warning_high", "alarm_low", "alarm_high")  # fmt: skip


class Catalog:
    """Power groups and channels. Each group: LV analog and digital, a module temperature sensor
    and one HV channel per BPix layer or FPix ring it holds; then the CO₂ loops (one per
    half-shell and half-cylinder) with inlet and outlet sensors, humidity sensors, clean-room and
    castor probes."""

    def __init__(self):
        modules = Counter()  # (group, "L1".."L4" / "R1", "R2") -> modules
        for module in phase1.all_modules():
            bpix = isinstance(module, phase1.BPixModule)
            modules[module.power_group, f"L{module.layer}" if bpix else f"R{module.ring}"] += 1
        self.groups, self.channels = [], []
        for group in sorted({g for g, _ in modules}, key=lambda g: (g[:4], g[5:8], int(g[-1]))):
            subdetector, half, place = group.split("_")
            bpix = subdetector == "BPix"
            self.groups.append((group, half, int(place[3:]) if bpix else None, None if bpix else int(place[1:])))
            parts = sorted(p for g, p in modules if g == group)
            total = sum(modules[group, p] for p in parts)
            analog, digital = total * 0.40, total * 0.55  # A: nominal LV currents
            location = f"{subdetector} {half} {place}"
            self.add(f"{group}_LV_ANALOG", "lv_analog", location, (0.8 * analog, 1.2 * analog, 0.5 * analog,
                     1.4 * analog), power_group=group, modules=total)  # fmt: skip
            self.add(f"{group}_LV_DIGITAL", "lv_digital", location, (0.8 * digital, total * 1.0, 0.5 * digital,
                     total * 1.2), power_group=group, modules=total)  # fmt: skip
            sensor = self.add(f"{group}_T", "temperature", f"{location} cooling pipe", (-30, -5, -35, 0),
                              power_group=group)  # fmt: skip
            for part in parts:
                n = modules[group, part]
                nominal = n * LEAKAGE_START[part] * leakage_factor(COOLANT + 6)  # µA at the start
                self.add(f"{group}_HV_{part}", "hv", location, (None, 2 * nominal, None, 3 * nominal),
                         power_group=group, modules=n, sensor_id=sensor.channel_id,
                         **({"layer": int(part[1])} if bpix else {"ring": int(part[1])}))  # fmt: skip
        for subdetector in ("BPix", "FPix"):
            for half in phase1.HALVES:
                loop = f"{subdetector}_{half}"
                set_point = CO2_SET_POINTS[subdetector][0][1]
                self.add(f"{loop}_CO2", "co2", f"CO2 loop {loop}", (0.85 * set_point, 1.15 * set_point,
                         0.7 * set_point, 1.3 * set_point))  # fmt: skip
                self.add(f"{loop}_CO2_IN", "temperature", f"CO2 loop {loop} inlet", (-30, -15, -35, -10))
                self.add(f"{loop}_CO2_OUT", "temperature", f"CO2 loop {loop} outlet", (-30, -10, -35, -5))
                self.add(f"{loop}_RH", "humidity", f"{subdetector} {half} volume", (None, -30, None, -24))
        for n in range(1, CLEANROOM_PROBES + 1):
            self.add(f"CLEANROOM_PROBE{n}", "cleanroom", f"pixel clean room, probe {n}", (8, 25, 5, 35))
        for probe in CASTOR_PROBES:
            self.add(probe, "castor", probe[11:].replace("_", " ").lower(), (14, 24, 12, 27))

    def add(self, name, kind, location, limits, **extra):
        limits = [None if limit is None else round(limit, 1) for limit in limits]
        channel = Channel(len(self.channels) + 1, name, kind, location, limits, **extra)
        self.channels.append(channel)
        return channel


def simulate(week, catalog, tables):
    """Append every channel's archived readings to ``tables``; module temperatures first, since
    the HV currents follow them."""
    by_kind = {}
    for channel in catalog.channels:
        by_kind.setdefault(channel.kind, []).append(channel)
    lv_on = {}  # power group -> per tick, whether its LV is on (off while tripped)
    for channel in by_kind["lv_analog"] + by_kind["lv_digital"]:
        rows, on = lv_readings(week, channel)
        tables[DcsLvReading][1] += rows
        group = channel.extra["power_group"]
        lv_on[group] = [a and b for a, b in zip(lv_on[group], on)] if group in lv_on else on
    module_temperature = {}
    for channel in by_kind["temperature"]:
        values = temperatures(week, channel, lv_on)
        module_temperature[channel.channel_id] = values
        tables[DcsTemperature][1] += archive(week, channel, [values], DEADBANDS["temperature"])
    for channel in by_kind["hv"]:
        tables[DcsHvReading][1] += hv_readings(week, channel, module_temperature[channel.extra["sensor_id"]])
    for channel in by_kind["co2"]:
        tables[DcsCo2Flow][1] += archive(week, channel, co2_flow(week, channel), DEADBANDS["co2"])
    for channel in by_kind["humidity"]:
        tables[DcsHumidity][1] += archive(week, channel, humidity(week, channel), DEADBANDS["humidity"])
    for channel in by_kind["cleanroom"]:
        tables[DcsCleanroom][1] += archive(week, channel, cleanroom(week, channel), DEADBANDS["cleanroom"])
    for channel in by_kind["castor"]:
        rows = archive(week, channel, castor(week, channel), DEADBANDS["castor"])
        tables[IntdbCastorProbe][1] += [(channel.name, *row[1:]) for row in rows]


def archive(week, channel, series, deadbands, states=None):
    """The rows (channel_id, time, *values[, state]) the archive keeps of per-tick ``series``."""
    rows = []
    last, last_t = week.archived.get(channel.channel_id, (None, -HEARTBEAT))
    columns = list(zip(*series)) if states is None else list(zip(*series, states))
    ticks, stamps, channel_id = week.ticks, week.stamps, channel.channel_id
    for i, values in enumerate(columns):
        t = ticks[i]
        if t - last_t < HEARTBEAT:
            for v, w, d in zip(values, last, deadbands):
                if abs(v - w) > d:
                    break
            else:  # no value moved beyond its deadband
                if states is None or values[-1] == last[-1]:
                    continue
        rows.append((channel_id, stamps[i], *(round(v, 4) if isinstance(v, float) else v for v in values)))
        last, last_t = values, t
    week.archived[channel.channel_id] = (last, last_t)
    return rows


def noise(rng, sigma):
    """Bell-shaped noise of standard deviation ``sigma`` (a sum of two uniforms: 3× cheaper than
    random.gauss, which is most of the generator's time)."""
    return (rng.random() + rng.random() - 1) * sigma * 2.449489742783178


def daily(t, phase=0.0):
    return math.sin(2 * math.pi * (t / 86400 + phase))


def lv_readings(week, channel):
    """(rows, per tick LV on): analog current steady, digital current rising with luminosity."""
    rng = week.rng(channel, 1009)
    n = channel.extra["modules"]
    digital = channel.kind == "lv_digital"
    nominal_v = 3.15 if digital else 2.45
    trip = {i for name, start, duration in week.lv_trips if name == channel.name for i in week.between(start, duration)}
    voltage, current, state, on = [], [], [], []
    for i, t in enumerate(week.ticks):
        if i in trip:
            voltage.append(0.0), current.append(0.0), state.append("TRIPPED"), on.append(False)
            continue
        load = 0.55 + 0.30 * week.lumi[i] / 20000 if digital else 0.40 * (1 + 0.01 * daily(t))
        voltage.append(nominal_v + noise(rng, 0.004))
        current.append(n * load + noise(rng, 0.03))
        state.append("ON")
        on.append(True)
    return archive(week, channel, [voltage, current], DEADBANDS["lv"], state), on


def temperatures(week, channel, lv_on):
    """°C per tick: module sensors warm with LV power and luminosity; loop sensors near the coolant."""
    rng = week.rng(channel, 2003)
    group = channel.extra.get("power_group")
    outlet = channel.name.endswith("_OUT")
    values = []
    for i, t in enumerate(week.ticks):
        if group:
            base = COOLANT + 2.0 + 4.0 * lv_on[group][i] + 2.0 * week.lumi[i] / 20000
        else:
            base = COOLANT + (1.0 + 0.8 * week.lumi[i] / 20000 if outlet else 0.0)
        values.append(base + 0.3 * daily(t, channel.channel_id / 97) + noise(rng, 0.03))
    return values


def hv_readings(week, channel, module_temperature):
    """Bias voltage and current: the current is the modules' leakage at their temperature, less
    below full bias (∝ √V while ramping)."""
    rng = week.rng(channel, 3001)
    part = channel.name.rsplit("_", 1)[1]
    operating, n = HV_OPERATING[part], channel.extra["modules"]
    voltage, current = [], []
    for i, fraction in enumerate(week.hv_fraction):
        v = HV_STANDBY + (operating - HV_STANDBY) * fraction
        at_reference = n * (LEAKAGE_START[part] + LEAKAGE_PER_FB[part] * week.integrated[i])
        i_bias = at_reference * leakage_factor(module_temperature[i]) * math.sqrt(v / operating)
        voltage.append(v + noise(rng, 0.05))
        current.append(i_bias * (1 + noise(rng, 0.002)))
    return archive(week, channel, [voltage, current], hv_deadbands(channel), week.hv_state)


def hv_deadbands(channel):
    """1 V, and 0.5 % of the channel's current at full bias when the week starts (µA)."""
    part = channel.name.rsplit("_", 1)[1]
    return 1.0, max(0.1, 0.005 * channel.extra["modules"] * LEAKAGE_START[part] * leakage_factor(COOLANT + 6))


def co2_flow(week, channel):
    """(flow, set point) per tick, in g/s: the flow follows set-point changes with a lag."""
    rng = week.rng(channel, 4001)
    changes = CO2_SET_POINTS[channel.name[:4]]
    flow, set_points = [], []
    current = week.carried.get(("co2", channel.channel_id), changes[0][1])
    decay = math.exp(-TICK / CO2_RESPONSE)
    for t in week.ticks:
        set_point = [sp for start, sp in changes if start is None or seconds(start) <= t][-1]
        current = set_point + (current - set_point) * decay
        flow.append(current + noise(rng, 0.03))
        set_points.append(set_point)
    week.carried["co2", channel.channel_id] = current
    return flow, set_points


def humidity(week, channel):
    """(relative humidity %, dew point °C) per tick; the excursion's sensor gets a bump."""
    rng = week.rng(channel, 5003)
    excursions = [(seconds(start), duration.total_seconds()) for name, start, duration in week.humidity_excursions
                  if name == channel.name]  # fmt: skip
    rh, dew = [], []
    for t in week.ticks:
        value = 1.2 + 0.3 * daily(t, channel.channel_id / 31) + noise(rng, 0.02)
        for first, length in excursions:
            if first <= t < first + length:
                value += HUMIDITY_PEAK * math.sin(math.pi * (t - first) / length) ** 2
        rh.append(value)
        dew.append(dew_point(AIR_IN_VOLUME, value))
    return rh, dew


def cleanroom(week, channel):
    rng = week.rng(channel, 6007)
    series = ([], [], [])
    for t in week.ticks:
        series[0].append(21.0 + 0.4 * daily(t) + noise(rng, 0.03))
        series[1].append(42.0 + 3.0 * daily(t, 0.1) + noise(rng, 0.2))
        series[2].append(15.0 + noise(rng, 0.4))
    return series


def castor(week, channel):
    rng = week.rng(channel, 7001)
    series = ([], [])
    for t in week.ticks:
        series[0].append(18.5 + 0.6 * daily(t, channel.channel_id / 13) + noise(rng, 0.03))
        series[1].append(6.0 + 1.0 * daily(t / 3) + noise(rng, 0.05))
    return series


def seconds(moment):
    return int((moment - EPOCH).total_seconds())


def stamp(t):
    """As Django stores a UTC datetime in SQLite."""
    return (EPOCH + timedelta(seconds=t)).strftime("%Y-%m-%d %H:%M:%S")
