"""Deterministic FED monitor and readbacker look-alike data, consistent with the cabling map and
the DAQ masking pixel_generator wrote (read back from PXL_FED_CABLING and PXL_MASKED_CHANNELS).

FED errors (per run, seeded by the run number)
  - A sparse background on random channels of every FED but the QUIET_FEDS, whose only errors
    are the bursts before a masking (below).
  - NOISY_FED: a few of its channels throw invalid dcol/pixel and invalid ROC errors nearly
    every lumisection of every run.
  - Every automasking of a channel during a run (masked from LS a > 1) follows a burst of
    timeouts, TBM or event-number errors on that channel in the lumisections before a.
  - In STORM_RUN, timeouts flood the FED of the run's largest automask cluster for an hour
    before the DAQ masks that cluster.
  - A channel masked or disabled at a lumisection sends nothing: no errors there.
Channel states: every cabled channel in every run, its lumisection intervals enabled, masked (by
the DAQ) or disabled (in the configuration) as PXL_MASKED_CHANNELS says, with error counters.

Readbacks: every ROC in the first run of every other fill (and STORM_RUN): per layer / ring
means and spreads, a fixed offset per ROC, a little noise per run, Vd falling and Iana rising
slowly over the week on the inner layers, and a handful of broken ROCs (readback_outliers()).
"""
import random
from collections import defaultdict
from functools import cache

from django.db import connection
from django.db.models import Max, Min

from apps.daq.models import FED_ERROR_TYPES, TBM_ERRORS, TIMEOUT
from apps.geometry import phase1

from .models import (
    OmsLumisection, OmsRun, PxlFed, PxlFedChannelState, PxlFedError, PxlFedErrorType, PxlFedChannel,
    PxlMaskedChannel, PxlReadback,
)  # fmt: skip

SEED = 1300
STORM_RUN = 324245  # generator.FEATURED_RUN
STORM_LS = 150  # lumisections of timeouts before the storm's masking
NOISY_FED, NOISY_CHANNELS = 1212, (17, 18, 19, 20)
QUIET_FEDS = tuple(range(1316, 1324))  # FPix FEDs with no errors but before a masking
FEDS_PER_CRATE = 12
BACKGROUND_PER_LS = 1.5  # background error rows per lumisection
BACKGROUND_TYPES = {31: 3, 30: 2, 40: 2, 32: 1, 33: 1, 34: 1, 35: 1, 36: 1, 37: 2, TIMEOUT: 1}
BURST_TYPES = (TIMEOUT, TIMEOUT, TIMEOUT, 31, 40)

# Readbacks: (mean, standard deviation) per part (BPix layer, FPix ring).
VD = {"L1": (2.38, 0.05), "L2": (2.42, 0.04), "L3": (2.45, 0.035), "L4": (2.47, 0.03), "R1": (2.44, 0.04), "R2": (2.46, 0.035)}
VA = {"L1": (1.80, 0.04), "L2": (1.83, 0.03), "L3": (1.85, 0.03), "L4": (1.86, 0.025), "R1": (1.84, 0.03), "R2": (1.85, 0.03)}
IANA = {"L1": (24.0, 0.9), "L2": (24.0, 0.7), "L3": (24.0, 0.6), "L4": (24.0, 0.6), "R1": (24.0, 0.7), "R2": (24.0, 0.6)}
VBG = (1.19, 0.008)
VANA_DAC = (95, 12)
VD_DRIFT = {"L1": -0.025, "L2": -0.012}  # V over the week (radiation); others -0.005
IANA_DRIFT = {"L1": 0.4, "L2": 0.2}  # mA over the week; others 0
# Broken ROCs: (part, what is wrong) — picked deterministically by readback_outliers().
OUTLIER_KINDS = (("L1", "vana"), ("L1", "vana"), ("L1", "iana"), ("L2", "vd"), ("L4", "vbg"), ("R1", "iana"))


def build():
    """Replace the DAQ rows; covers the runs in OMS_LUMISECTIONS. Returns counts per table."""
    cabling = dict(
        ((f, c), (m, a, b))
        for f, c, m, a, b in PxlFedChannel.objects.values_list("fed_id", "fed_channel", "module_name", "first_roc", "last_roc")
    )
    run_ends = dict(
        OmsLumisection.objects.values_list("run_number").annotate(Max("lumisection_number")).order_by("run_number")
    )
    masking = defaultdict(list)  # (run, fed, channel) -> [(first, last, source)]
    for run, fed, channel, first, last, source in PxlMaskedChannel.objects.values_list(
        "run_number", "fed_id", "fed_channel", "first_ls", "last_ls", "source"
    ):
        masking[run, fed, channel].append((first, last, source))
    feds = sorted({fed for fed, _ in cabling})
    tables = {
        PxlFed: [(fed, i // FEDS_PER_CRATE + 1, i % FEDS_PER_CRATE + 1) for i, fed in enumerate(feds)],
        PxlFedErrorType: sorted(FED_ERROR_TYPES.items()),
        PxlFedError: [],
        PxlFedChannelState: [],
        PxlReadback: readbacks(readback_runs()),
    }
    for run, run_end in run_ends.items():
        errors = run_errors(random.Random(SEED * 1_000_003 + run), run, run_end, cabling, masking)
        tables[PxlFedError] += [(run, ls, fed, channel, kind, n) for (ls, fed, channel, kind), n in sorted(errors.items())]
        tables[PxlFedChannelState] += channel_states(run, run_end, cabling, masking, errors)
    with connection.cursor() as cursor:
        for model, rows in tables.items():
            table = model._meta.db_table
            columns = [f.column for f in model._meta.concrete_fields if not f.auto_created]
            cursor.execute(f'DELETE FROM "{table}"')
            placeholders = ", ".join(["%s"] * len(columns))
            cursor.executemany(f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({placeholders})', rows)
    return {model._meta.db_table: len(rows) for model, rows in tables.items()}


def masked_at(intervals, ls):
    return any(first <= ls <= last for first, last, _ in intervals)


def run_errors(rng, run, run_end, cabling, masking):
    """{(ls, fed, channel, error type): errors} of one run; none where the channel is masked."""
    errors = defaultdict(int)
    channels = sorted(key for key in cabling if key[0] not in QUIET_FEDS)
    types, weights = zip(*BACKGROUND_TYPES.items())
    for _ in range(int(run_end * BACKGROUND_PER_LS)):
        fed, channel = rng.choice(channels)
        errors[rng.randint(1, run_end), fed, channel, rng.choices(types, weights)[0]] += rng.choice((1, 1, 1, 2, 3))
    for ls in range(1, run_end + 1):
        for channel in NOISY_CHANNELS:
            if rng.random() < 0.8:
                errors[ls, NOISY_FED, channel, 37] += rng.randint(1, 6)
            if rng.random() < 0.1:
                errors[ls, NOISY_FED, channel, 36] += rng.randint(1, 5)
    automasked = sorted((first, fed, channel) for (r, fed, channel), spans in masking.items() if r == run
                        for first, _, source in spans if source == "automask" and first > 1)  # fmt: skip
    for first, fed, channel in automasked:
        kind = rng.choice(BURST_TYPES)
        length = rng.randint(3, 12)
        for k, ls in enumerate(range(max(1, first - length), first)):
            errors[ls, fed, channel, kind] += rng.randint(5, 20) * (k + 1)  # growing until masked
    if run == STORM_RUN and automasked:
        storm_fed, storm_start = storm_of(automasked)
        for fed, channel in (key for key in cabling if key[0] == storm_fed):
            hit = (storm_start, fed, channel) in automasked
            for ls in range(max(1, storm_start - STORM_LS), storm_start):
                if rng.random() < (0.9 if hit else 0.3):
                    errors[ls, fed, channel, TIMEOUT] += rng.randint(20, 60) if hit else rng.randint(1, 10)
    return {key: n for key, n in errors.items() if not masked_at(masking.get((run, key[1], key[2]), ()), key[0])}


def storm_of(automasked):
    """(FED, first masked LS) of the largest automask cluster masked after LS 200."""
    clusters = defaultdict(int)
    for first, fed, _ in automasked:
        if first > 200:
            clusters[fed, first] += 1
    (fed, first), _ = max(clusters.items(), key=lambda item: (item[1], -item[0][1]))
    return fed, first


def channel_states(run, run_end, cabling, masking, errors):
    """PXL_FED_CHANNEL_STATES rows of one run: each channel's intervals, gaps enabled."""
    per_channel = defaultdict(list)  # (fed, channel) -> [(ls, type, n)]
    for (ls, fed, channel, kind), n in errors.items():
        per_channel[fed, channel].append((ls, kind, n))
    rows = []
    for fed, channel in sorted(cabling):
        spans = sorted((first, last, "disabled" if source == "disabled" else "masked")
                       for first, last, source in masking.get((run, fed, channel), ()))  # fmt: skip
        states, ls = [], 1
        for first, last, state in spans:
            if first > ls:
                states.append((ls, first - 1, "enabled"))
            states.append((first, last, state))
            ls = last + 1
        if ls <= run_end:
            states.append((ls, run_end, "enabled"))
        found = per_channel.get((fed, channel), ())
        for first, last, state in states:
            inside = [(kind, n) for ls, kind, n in found if first <= ls <= last]
            rows.append((run, fed, channel, first, last, state, sum(n for _, n in inside),
                         sum(n for kind, n in inside if kind == TIMEOUT),
                         sum(n for kind, n in inside if kind in TBM_ERRORS)))  # fmt: skip
    return rows


# ---------------------------------------------------------------- readbacks


def part_of(roc):
    module = roc.module
    return f"L{module.layer}" if isinstance(module, phase1.BPixModule) else f"R{module.ring}"


def readback_runs():
    """The first run of every other fill, and STORM_RUN."""
    firsts = OmsRun.objects.values("fill_number").annotate(first=Min("run_number")).order_by("first")
    return sorted({row["first"] for i, row in enumerate(firsts) if i % 2 == 0} | {STORM_RUN})


@cache
def readback_outliers():
    """{ROC name: the readback that is wrong}: the broken ROCs of OUTLIER_KINDS."""
    rng = random.Random(SEED)
    by_part = defaultdict(list)
    for roc in phase1.all_rocs():
        by_part[part_of(roc)].append(roc.name)
    outliers = {}
    for part, kind in OUTLIER_KINDS:
        name = rng.choice(by_part[part])
        while name in outliers:
            name = rng.choice(by_part[part])
        outliers[name] = kind
    return outliers


def spread(rng, mean, sigma):
    """A normal draw cut at 2.5 sigma: tuned ROCs have no far tails, so only the broken ones
    stand out (|robust z| > 3)."""
    return mean + sigma * max(-2.5, min(2.5, rng.gauss(0, 1)))


def readbacks(runs):
    """PXL_READBACKS rows: every ROC in each of ``runs``."""
    rng = random.Random(SEED + 1)
    outliers = readback_outliers()
    rocs = []  # (name, part, vd, va, dac, vbg, iana offsets fixed per ROC)
    for roc in phase1.all_rocs():
        part = part_of(roc)
        dac = round(spread(rng, *VANA_DAC) + (10 if part == "L1" else 0))
        rocs.append((roc.name, part, spread(rng, *VD[part]), spread(rng, *VA[part]), dac, spread(rng, *VBG),
                     spread(rng, *IANA[part])))  # fmt: skip
    rows = []
    for i, run in enumerate(runs):
        week = i / max(len(runs) - 1, 1)  # 0 at the first readback run, 1 at the last
        noise = random.Random(SEED + run)
        for name, part, vd, va, dac, vbg, iana in rocs:
            vd += VD_DRIFT.get(part, -0.005) * week + noise.gauss(0, 0.004)
            va += noise.gauss(0, 0.003)
            iana += IANA_DRIFT.get(part, 0) * week + noise.gauss(0, 0.05)
            vana = 0.8 + 0.0045 * dac + noise.gauss(0, 0.002)
            broken = outliers.get(name)
            if broken == "vana":
                vana, iana = vana - 0.35, iana - 10  # dead analog regulator
            elif broken == "iana":
                iana += 14
            elif broken == "vd":
                vd += 0.3
            elif broken == "vbg":
                vbg -= 0.15
            rows.append((run, name, round(vd, 4), round(va, 4), dac, round(vana, 4), round(vbg, 4), round(iana, 3)))
    return rows
