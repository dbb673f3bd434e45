"""DAQ probes, registered as their modules load: FED errors (fed_errors) and ROC readbacks (readbacks)."""
from . import fed_errors, readbacks

__all__ = ["fed_errors", "readbacks"]
