"""``/healthz`` (the process answers) and ``/readyz`` (the database answers and holds every view)
for the load balancer; small JSON:API documents, so a person reading them sees why."""
import logging

from django.db import DatabaseError, connection
from django.http import HttpResponse

from . import pdf_pool
from .dialect.errors import error_response, read_only
from .dialect.renderers import dumps
from .sqlviews import view_models, view_problems

logger = logging.getLogger("pixelws.database")


def meta_response(meta):
    return HttpResponse(dumps({"meta": meta}), content_type="application/vnd.api+json")


@read_only
def healthz(request):
    """Alive, and this process's PDFs being made and waiting: a PDF never holds the thread this needs."""
    return meta_response({"status": "alive", "pdfs": pdf_pool.state()})


@read_only
def readyz(request):
    try:
        problems = view_problems(connection)
    except DatabaseError as error:
        logger.warning("not ready: %s", error)
        return error_response(request, 503, f"The database cannot be reached: {error}")
    if problems:
        return error_response(request, 503, "The database does not match pixelws: " + "; ".join(problems))
    return meta_response({"status": "ready", "views": len(view_models())})
