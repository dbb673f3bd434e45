"""Deterministic demo data: one week of 2018D running around run 324245, plus fill 5576 exactly
as OMS serves it (tests/data/fills-5576.json). Same seed, same rows, on every machine."""
import random
from datetime import datetime, timedelta, timezone

from django.db import connection, transaction

from pixelws.sqlviews import materialise_views

from . import daq_generator, dcs_generator, pixel_generator
from .models import DEADTIME_SOURCES, OmsDeadtime, OmsFill, OmsLumisection, OmsRun

SEED = 324245
LS_SECONDS = 23.3104  # 2^18 orbits
BX_PER_LS = 2**18 * 3564
WEEK_START = datetime(2018, 10, 8, 6, 0, tzinfo=timezone.utc)
FIRST_FILL = 7266
FEATURED_RUN = 324245  # the seed's run: long (2100 lumisections), starts the fourth fill
SIGMA_INEL_UB = 80_000  # inelastic pp cross-section at 13 TeV, µb
F_REV = 11245.6  # LHC revolution frequency, Hz
COMPONENTS = "CSC,DAQ,DCS,DQM,DT,ECAL,ES,HCAL,HF,PIXEL,RPC,SCAL,TCDS,TRACKER,TRG"

FILL_5576 = dict(
    fill_number=5576, era="PARun2016C", fill_type_runtime="PROTONS", fill_type_party1="PROTON",
    fill_type_party2="PB82", injection_scheme="100_200ns_702p_548Pb_81_389_54_20inj",
    start_time=datetime(2016, 12, 5, 5, 7, 44, tzinfo=timezone.utc),
    end_time=datetime(2017, 4, 18, 5, 56, 24, tzinfo=timezone.utc),
    start_stable_beam=datetime(2017, 4, 13, 7, 59, 36, tzinfo=timezone.utc), end_stable_beam=None,
    energy=7000.32, b_field=0.044, beta_star=680, crossing_angle=0, bunches_beam1=0,
    bunches_beam2=0, bunches_colliding=0, bunches_target=81, intensity_beam1=0.280532,
    intensity_beam2=0.231911, peak_lumi=0, peak_pileup=None, peak_specific_lumi=None,
    init_lumi=None, delivered_lumi=0, recorded_lumi=0, efficiency_time=88.413,
    efficiency_lumi=0, to_ready_time=120.99, to_dump_ready_time=None,
    dump_ready_to_dump_time=7062.329, duration=424608, downtime=49200,
    first_run_number=286521, last_run_number=292722,
)  # fmt: skip


def build(fills=18):
    """Replace all demo rows (one copy of the data, however often it runs). Returns counts."""
    rng = random.Random(SEED)
    plan = plan_fills(rng, fills)
    rows = {OmsFill: [OmsFill(**FILL_5576)], OmsRun: [], OmsLumisection: [], OmsDeadtime: []}
    for fill in plan:
        make_fill(rng, fill, rows)
    with transaction.atomic():
        for model in rows:
            model.objects.all().delete()
        for model, objects in rows.items():
            model.objects.bulk_create(objects, batch_size=2000)
        pixel_counts = pixel_generator.build()  # masks the runs just written
        dcs_counts = dcs_generator.build()  # follows their luminosity and HV-ready lumisections
        daq_counts = daq_generator.build()  # errors before the automasking just written
    materialise_views()  # over the rows just written
    with connection.cursor() as cursor:
        # Table statistics, so that SQLite's planner knows e.g. that a layer has few channels and
        # reads their readings by index (a DCS view over a layer: 1 s -> 0.2 s). Whole, not sampled
        # (0.6 s): a sampled ANALYZE gives each index of a table another row count, and the planner
        # then scanned the humidities by their smallest-looking index and sorted all 43 000 rows.
        cursor.execute("ANALYZE")
    return {model._meta.db_table: len(objects) for model, objects in rows.items()} | pixel_counts | dcs_counts | daq_counts


def plan_fills(rng, count):
    """Fill times and run lengths; run numbers are placed so that FEATURED_RUN exists."""
    fills, t = [], WEEK_START
    for i in range(count):
        setup = timedelta(seconds=int(rng.uniform(1.5, 3.5) * 3600))
        stable = timedelta(seconds=int(rng.uniform(4, 11) * 3600) if i != 3 else 14 * 3600 + 720)
        runs = []  # lumisections per run
        remaining = int(stable.total_seconds() / LS_SECONDS)
        if i == 3:
            runs.append(2100)
            remaining -= 2100
        while remaining > 60:
            n = min(remaining, rng.randint(150, 1200))
            runs.append(n)
            remaining -= n + rng.randint(10, 40)  # a few minutes between runs
        fills.append({"number": FIRST_FILL + i, "start": whole_second(t), "setup": setup, "stable": stable, "runs": runs})
        t += setup + stable + timedelta(hours=rng.uniform(0.3, 1.2))
    # Runs are numbered in order with gaps (cosmics, tests); shift so the featured run lands.
    gaps = [rng.randint(1, 6) for fill in fills for _ in fill["runs"]]
    featured_index = sum(len(f["runs"]) for f in fills[:3])
    first = FEATURED_RUN - sum(gaps[1 : featured_index + 1])
    number = first
    k = 0
    for fill in fills:
        fill["run_numbers"] = []
        for _ in fill["runs"]:
            if k:
                number += gaps[k]
            fill["run_numbers"].append(number)
            k += 1
    return fills


def make_fill(rng, fill, rows):
    bunches = rng.choice([2556, 2544, 2460])
    peak = rng.uniform(17000, 21000)  # 10^30 cm^-2 s^-1
    tau_h = rng.uniform(12, 18)  # luminosity lifetime
    stable_start = fill["start"] + fill["setup"]
    stable_end = stable_start + fill["stable"]
    delivered = recorded = 0.0
    t = whole_second(stable_start + timedelta(minutes=2))
    for run_number, n_ls in zip(fill["run_numbers"], fill["runs"]):
        run_start = t
        ready_after = rng.randint(3, 15)  # HV ramp: pixels join a few LS after the run starts
        for ls in range(1, n_ls + 1):
            ls_start = whole_second(run_start + timedelta(seconds=(ls - 1) * LS_SECONDS))
            ls_end = whole_second(run_start + timedelta(seconds=ls * LS_SECONDS))
            hours = (ls_start - stable_start).total_seconds() / 3600
            lumisection, dead, ls_delivered = lumisection_rows(rng, run_number, ls, ls_start, ls_end, hours, peak, tau_h,
                                                               bunches, ready=ls > ready_after)  # fmt: skip
            rows[OmsLumisection].append(lumisection)
            rows[OmsDeadtime].append(dead)
            delivered += ls_delivered
            recorded += ls_delivered * (1 - dead.ba_total / dead.beamactive_bx)
        run_end = whole_second(run_start + timedelta(seconds=n_ls * LS_SECONDS))
        rows[OmsRun].append(run_row(rng, run_number, fill["number"], run_start, run_end))
        t = whole_second(run_end + timedelta(seconds=rng.randint(10, 40) * LS_SECONDS))
    rows[OmsFill].append(fill_row(rng, fill, bunches, peak, stable_start, stable_end, delivered, recorded))


def lumisection_rows(rng, run_number, ls, ls_start, ls_end, hours, peak, tau_h, bunches, ready):
    """(OMS_LUMISECTIONS row, OMS_DEADTIMES row, µb⁻¹ delivered) of one lumisection ``hours`` into
    stable beams: the luminosity decays from ``peak`` with lifetime ``tau_h``; ``ready``: pixels
    and strips on."""
    init = peak / (1 + hours / tau_h) ** 2
    end = peak / (1 + (hours + LS_SECONDS / 3600) / tau_h) ** 2
    dead = deadtimes(rng, run_number, ls, bunches)
    lumisection = OmsLumisection(
        run_number=run_number, lumisection_number=ls, start_time=ls_start, end_time=ls_end,
        init_lumi=round(init, 3), end_lumi=round(end, 3), pileup=round(init * SIGMA_INEL_UB / (bunches * F_REV), 2),
        prescale_index=1 if hours < 6 else 2, beam1_present=True, beam2_present=True,
        beam1_stable=True, beam2_stable=True, cms_active=True, physics_flag=ready,
        bpix_ready=ready, fpix_ready=ready, tibtid_ready=ready, tob_ready=ready,
        tecp_ready=ready, tecm_ready=ready,
    )  # fmt: skip
    return lumisection, dead, (init + end) / 2 * LS_SECONDS


def run_row(rng, run_number, fill_number, start, end):
    """An OMS_RUNS row of a global collisions run; ``end`` None while it goes on."""
    return OmsRun(
        run_number=run_number, fill_number=fill_number, start_time=start, end_time=end,
        sequence="GLOBAL-RUN", components=COMPONENTS, l1_key="l1_trg_collisions2018/v95",
        hlt_key="/cdaq/physics/Run2018/2e34/v3.6.1/HLT/V2", l1_menu="L1Menu_Collisions2018_v2_1_0",
        cmssw_version="CMSSW_10_2_5", trigger_mode="l1_hlt_collisions2018/v139",
        initial_prescale_index=1, b_field=3.8, energy=6500,
        l1_rate=round(rng.uniform(85000, 100000), 1), hlt_physics_rate=round(rng.uniform(900, 1300), 1),
    )  # fmt: skip


def fill_row(rng, fill, bunches, peak, stable_start, stable_end, delivered, recorded):
    """An OMS_FILLS row of a proton fill; ``stable_end`` None while it goes on (no end either)."""
    end = stable_end + timedelta(minutes=20) if stable_end else None
    return OmsFill(
        fill_number=fill["number"], era="Run2018D", fill_type_runtime="PROTONS",
        fill_type_party1="PROTON", fill_type_party2="PROTON",
        injection_scheme=f"25ns_{bunches}b_{bunches - 12}_2187_2102_144bpi_20inj",
        start_time=fill["start"], end_time=end,
        start_stable_beam=stable_start, end_stable_beam=stable_end, energy=6500, b_field=3.8,
        beta_star=30, crossing_angle=rng.choice([130, 140, 150, 160]), bunches_beam1=bunches + 12,
        bunches_beam2=bunches + 12, bunches_colliding=bunches, bunches_target=bunches + 12,
        intensity_beam1=round(bunches * 1.1, 2), intensity_beam2=round(bunches * 1.1, 2),
        peak_lumi=round(peak, 3), peak_pileup=round(peak * SIGMA_INEL_UB / (bunches * F_REV), 2),
        peak_specific_lumi=round(peak / bunches / 1.1**2, 3), init_lumi=round(peak, 3),
        delivered_lumi=round(delivered / 1e6, 6), recorded_lumi=round(recorded / 1e6, 6),
        efficiency_time=round(100 * fill["stable"] / (stable_end - fill["start"]), 3) if stable_end else 0,
        efficiency_lumi=round(100 * recorded / delivered, 3) if delivered else 0,
        to_ready_time=round(fill["setup"].total_seconds(), 2), to_dump_ready_time=None,
        dump_ready_to_dump_time=round(rng.uniform(300, 1500), 3), duration=int(((end or stable_start) - fill["start"]).total_seconds()),
        downtime=int(rng.uniform(0.3, 1.2) * 3600),
        first_run_number=fill["run_numbers"][0] if fill["run_numbers"] else None,
        last_run_number=fill["run_numbers"][-1] if fill["run_numbers"] else None,
    )  # fmt: skip


def whole_second(t):
    """OMS publishes times to the second."""
    return t.replace(microsecond=0)


def deadtimes(rng, run_number, ls, bunches):
    """About 1–5 % dead time, mostly trigger rules and TTS, with the odd backpressure burst."""
    percent = {
        "tts": rng.expovariate(1 / 0.6) if ls > 5 else rng.uniform(5, 20),  # start-of-run resyncs
        "trigger_rules": rng.uniform(0.6, 1.4),
        "bunch_mask": rng.uniform(0.2, 0.4),
        "retri": rng.uniform(0.05, 0.15),
        "apve": rng.uniform(0.0, 0.08),
        "daq_backpressure": rng.uniform(2, 8) if rng.random() < 0.02 else 0.0,
        "calibration": 0.0,
        "fw_pause": 0.0,
        "sw_pause": 0.0,
    }
    beamactive_bx = 2**18 * bunches
    counts = {"beamactive_bx": beamactive_bx}
    ov_total = ba_total = 0
    for source, pct in percent.items():
        ov = int(BX_PER_LS * min(pct, 100) / 100)
        ba = int(ov * bunches / 3564)  # the same dead fraction of the crossings with beam
        counts[f"ov_{source}"], counts[f"ba_{source}"] = ov, ba
        ov_total += ov
        ba_total += ba
    counts["ov_total"], counts["ba_total"] = min(ov_total, BX_PER_LS), min(ba_total, beamactive_bx)
    assert set(DEADTIME_SOURCES) == {k[3:] for k in counts if k.startswith("ov_")}
    return OmsDeadtime(run_number=run_number, lumisection_number=ls, **counts)
