"""Durations as people write and read them: ``90s``, ``30min``, ``1h``, ``2d`` in a query (the
series probe's least bucket width), and "every hour" in a description (a model's cadence)."""
import re
from datetime import timedelta

from .dialect.errors import DialectError

UNITS = {"s": 1, "min": 60, "h": 3600, "d": 86400}
WORDS = ((86400, "day"), (3600, "hour"), (60, "minute"), (1, "second"))
SPELLED = re.compile(r"(\d+(?:\.\d+)?)(s|min|h|d)")
EXAMPLES = "90s, 30min, 1h or 2d"


def parse_duration(raw, parameter):
    """``"30min"`` → timedelta(minutes=30); anything else is a 400 naming ``parameter``."""
    match = SPELLED.fullmatch(raw.strip())
    if not match:
        raise DialectError(f"'{raw}' is not a duration; write a number and its unit: {EXAMPLES}.", parameter)
    try:
        return timedelta(seconds=float(match[1]) * UNITS[match[2]])
    except OverflowError:
        raise DialectError(f"'{raw}' is longer than any time the API holds.", parameter) from None


def every(cadence):
    """timedelta(hours=1) → "every hour", timedelta(minutes=5) → "every 5 minutes"."""
    seconds = cadence.total_seconds()
    for size, word in WORDS:
        if seconds >= size and seconds % size == 0 or size == 1:
            count = seconds / size
            count = int(count) if count == int(count) else round(count, 3)
            return f"every {word}" if count == 1 else f"every {count} {word}s"
