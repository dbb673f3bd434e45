"""A run's masking rows as Sources, and how many cover each lumisection: what the masking probes
and other apps' probes (the pixel state) count."""
from pixelws.scope import scope_label
from pixelws.sources import Source


def masking_source(resource, run, ls=None, **filters):
    """The Source of the masking rows (``masked_rocs`` or ``masked_channels``) of a run, or of
    those masked at lumisection ``ls``."""
    what = {"masked_rocs": "masked ROCs", "masked_channels": "masked FED channels"}[resource]
    where = ", ".join([scope_label(run, ls), *map(str, filters.values())])  # run 324245, LS 10, BPix_L1
    return Source(f"{what} of {where}", resource, {
        "run_number": run, **filters,
        "first_lumisection_number[LE]": ls, "last_lumisection_number[GE]": ls,
    })  # fmt: skip


def masked_per_ls(source, last_ls):
    """How many rows of ``source`` cover each lumisection 1..last_ls (a sweep over the intervals)."""
    steps = [0] * (last_ls + 2)
    for first, last in source.queryset().values_list("first_lumisection_number", "last_lumisection_number"):
        steps[max(first, 1)] += 1
        steps[min(last, last_ls) + 1] -= 1
    counts, running = [], 0
    for ls in range(1, last_ls + 1):
        running += steps[ls]
        counts.append(running)
    return counts
