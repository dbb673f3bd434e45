"""Deterministic pixDB look-alike data: the Phase-1 module and ROC tables, a FED cabling map,
and DAQ masking for every demo run. Geometry comes from apps.geometry.phase1 (the one place
that knows names and map coordinates); this module only decides cabling and masking.

Cabling (plausible Phase-1 readout, the same on every machine)
  A FED channel carries 2 ROCs of a layer-1 module, 4 of a layer-2 module and 8 of any other
  module, so modules have 8 / 4 / 2 channels (ROCs 0..15 in channel order). FEDs never span a
  half-shell or half-cylinder; within one, modules are cabled in order of sector, layer, ladder,
  module (BPix) or disk, ring, blade, panel (FPix), each FED taking channels 1..48 and never
  splitting a module. BPix FEDs are numbered from 1200, FPix FEDs from 1296.

Masking (per run, seeded by the run number)
  - DISABLED_MODULES: bad modules, all channels masked for every whole run ("disabled").
  - A few dozen noisy ROCs masked by experts ("manual") for whole runs, from some run of the
    week to another, so the history across runs changes.
  - Automask clusters: a FED masks 1–8 neighbouring channels at once (e.g. on timeouts), for
    the whole run, from LS a to the end, or from a until it recovers at b (sometimes masked
    again later).
  - Automasked single ROCs, layer 1 more often (highest occupancy), with the same timings.
  A ROC is never masked twice at the same lumisection, so counts add up across resources.
"""
import random
from collections import defaultdict
from itertools import accumulate

from django.db.models import Max

from apps.geometry import phase1

from .models import OmsLumisection, PxlFedChannel, PxlMaskedChannel, PxlMaskedRoc, PxlModule, PxlRoc

SEED = 1856
CHANNELS_PER_FED = 48
FIRST_FED = {"BPix": 1200, "FPix": 1296}
ROCS_PER_CHANNEL = {1: 2, 2: 4}  # by BPix layer; 8 on layers 3–4 and FPix
DISABLED_MODULES = (
    "BPix_BmI_SEC2_LYR1_LDR2F_MOD3",
    "BPix_BpO_SEC6_LYR1_LDR4F_MOD1",
    "BPix_BmO_SEC4_LYR2_LDR7F_MOD2",
    "BPix_BpI_SEC7_LYR3_LDR17F_MOD4",
    "BPix_BmO_SEC8_LYR4_LDR30F_MOD1",
    "FPix_BmI_D2_BLD5_PNL1_RNG1",
    "FPix_BpO_D3_BLD12_PNL2_RNG2",
)
MANUAL_ROCS = 40
CLUSTER_SIZES = (1, 1, 2, 2, 3, 4, 6, 8)  # neighbouring channels one automask event takes
L1_WEIGHT = 4  # how much more often a layer-1 ROC is automasked than any other


def build():
    """Replace the pixel rows; masking covers every run in OMS_LUMISECTIONS. Returns counts."""
    modules = list(phase1.all_modules())
    cabling = cable(modules)
    run_ends = dict(
        OmsLumisection.objects.values_list("run_number").annotate(Max("lumisection_number")).order_by("run_number")
    )
    channels, rocs = mask_runs(run_ends, cabling)
    rows = {
        PxlModule: [module_row(m) for m in modules],
        PxlRoc: [roc_row(r) for r in phase1.all_rocs()],
        PxlFedChannel: [
            PxlFedChannel(fed_id=f, fed_channel=c, module_name=m.name, first_roc=a, last_roc=b)
            for (f, c), (m, a, b) in cabling.items()
        ],
        PxlMaskedChannel: channels,
        PxlMaskedRoc: rocs,
    }
    for model, objects in rows.items():
        model.objects.all().delete()
        model.objects.bulk_create(objects, batch_size=5000)
    return {model._meta.db_table: len(objects) for model, objects in rows.items()}


def module_row(module):
    if isinstance(module, phase1.BPixModule):
        position = dict(half=module.half_shell, sector=module.sector, layer=module.layer, ladder=module.ladder,
                        module=module.module)  # fmt: skip
    else:
        position = dict(half=module.half_cylinder, disk=module.disk, blade=module.blade, panel=module.panel,
                        ring=module.ring)  # fmt: skip
    centres = [phase1.map_coordinates(phase1.Roc(module, n)) for n in range(phase1.ROCS_PER_MODULE)]
    map_x, map_y = (sum(axis) / len(centres) for axis in zip(*centres))
    return PxlModule(module_name=module.name, det_id=phase1.det_id(module), map_x=map_x, map_y=map_y, **position)


def roc_row(roc):
    x, y = phase1.map_coordinates(roc)
    return PxlRoc(roc_name=roc.name, module_name=roc.module.name, roc=roc.roc, map_x=x, map_y=y)


def rocs_per_channel(module):
    return ROCS_PER_CHANNEL.get(getattr(module, "layer", None), 8)


def cabling_order(module):
    if isinstance(module, phase1.BPixModule):
        return ("BPix", module.half_shell, module.sector, module.layer, module.ladder, module.module)
    return ("FPix", module.half_cylinder, module.disk, module.ring, module.blade, module.panel)


def cable(modules):
    """{(fed_id, channel): (module, first_roc, last_roc)} as described in the module docstring."""
    cabling = {}
    next_fed = dict(FIRST_FED)
    fed, used, group = None, CHANNELS_PER_FED, None
    for module in sorted(modules, key=cabling_order):
        subdetector, half = cabling_order(module)[:2]
        per_channel = rocs_per_channel(module)
        needed = phase1.ROCS_PER_MODULE // per_channel
        if (subdetector, half) != group or used + needed > CHANNELS_PER_FED:
            fed, used, group = next_fed[subdetector], 0, (subdetector, half)
            next_fed[subdetector] += 1
        for k in range(needed):
            used += 1
            cabling[fed, used] = (module, k * per_channel, (k + 1) * per_channel - 1)
    return cabling


def mask_runs(run_ends, cabling):
    """PxlMaskedChannel and PxlMaskedRoc rows for runs {run_number: last lumisection}."""
    masking = Masking(cabling)
    runs = sorted(run_ends)
    manual = masking.manual_spans(random.Random(SEED), len(runs))
    channel_rows, roc_rows = [], []
    for index, run in enumerate(runs):
        manual_now = sorted(name for name, (first, last) in manual.items() if first <= index <= last)
        channels, rocs = masking.run(random.Random(SEED * 1_000_003 + run), run, run_ends[run], manual_now)
        channel_rows += channels
        roc_rows += rocs
    return channel_rows, roc_rows


class Masking:
    """What the masking of one run may pick from: channels, ROCs and the bad modules' channels."""

    def __init__(self, cabling):
        self.cabling = cabling
        self.channel_of = {}  # ROC name -> (fed_id, channel)
        channels_of = defaultdict(list)  # module name -> [(fed_id, channel)]
        for key, (module, first, last) in cabling.items():
            channels_of[module.name].append(key)
            for n in range(first, last + 1):
                self.channel_of[f"{module.name}_ROC{n}"] = key
        self.disabled = sorted(key for name in DISABLED_MODULES for key in channels_of[name])
        self.rocs = [roc.name for roc in phase1.all_rocs()]
        self.cum_weights = list(accumulate(L1_WEIGHT if "_LYR1_" in name else 1 for name in self.rocs))
        self.fed_ids = sorted({fed for fed, _ in cabling})

    def manual_spans(self, rng, runs):
        """{ROC name: (first, last) run index}: most masked from the first run to the last."""
        spans = {}
        while len(spans) < MANUAL_ROCS:
            roc = rng.choice(self.rocs)
            if self.channel_of[roc] not in self.disabled:
                first = rng.choice([0, 0, 0, rng.randrange(runs)])
                spans[roc] = (first, rng.choice([runs - 1, runs - 1, rng.randrange(first, runs)]))
        return spans

    def run(self, rng, run, run_end, manual):
        """(channel rows, ROC rows) of one run; ``manual`` ROCs are masked for all of it."""
        whole_run = dict(run_number=run, first_ls=1, last_ls=run_end)
        channel_rows = [PxlMaskedChannel(fed_id=fed, fed_channel=channel, source="disabled", **whole_run)
                        for fed, channel in self.disabled]  # fmt: skip
        roc_rows = [PxlMaskedRoc(roc_name=name, source="manual", **whole_run) for name in manual]
        masked_rocs = set(manual)
        masked_channels = set(self.disabled)
        taken_channels = masked_channels | {self.channel_of[name] for name in manual}
        for _ in range(rng.randint(8, 16)):
            fed, size, start = rng.choice(self.fed_ids), rng.choice(CLUSTER_SIZES), rng.randint(1, CHANNELS_PER_FED)
            cluster = [(fed, c) for c in range(start, start + size) if (fed, c) in self.cabling]
            cluster = [key for key in cluster if key not in taken_channels]
            taken_channels.update(cluster)
            masked_channels.update(cluster)
            for first_ls, last_ls in intervals(rng, run_end):
                channel_rows += [
                    PxlMaskedChannel(run_number=run, fed_id=fed, fed_channel=channel, first_ls=first_ls,
                                     last_ls=last_ls, source="automask")
                    for fed, channel in cluster
                ]  # fmt: skip
        for _ in range(rng.randint(25, 60)):
            roc = rng.choices(self.rocs, cum_weights=self.cum_weights)[0]
            if roc in masked_rocs or self.channel_of[roc] in masked_channels:
                continue
            masked_rocs.add(roc)
            roc_rows += [
                PxlMaskedRoc(run_number=run, roc_name=roc, first_ls=first_ls, last_ls=last_ls, source="automask")
                for first_ls, last_ls in intervals(rng, run_end)
            ]
        return channel_rows, roc_rows


def intervals(rng, last):
    """Disjoint (first, last) lumisection intervals of one automask event in a run of ``last`` LS."""
    kind = rng.random()
    if kind < 0.25 or last < 4:
        return [(1, last)]  # masked from the start: bad in the configuration run
    a = rng.randint(1, last - 2)
    if kind < 0.55:
        return [(a, last)]  # never recovered
    b = rng.randint(a, last - 2)  # recovered after LS b
    if rng.random() < 0.3:
        c = rng.randint(b + 2, last)
        return [(a, b), (c, rng.randint(c, last))]  # masked again later
    return [(a, b)]
