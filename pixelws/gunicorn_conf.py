"""gunicorn settings for ``manage.py serve`` (``make run``, pixelws/gunicorn_app.py), also usable
as ``gunicorn --config python:pixelws.gunicorn_conf pixelws.wsgi``."""

# A worker busy longer than this is killed and replaced: above PIXELWS_QUERY_TIMEOUT (30 s), so a
# slow query is a 504 first. Request lines up to gunicorn's maximum, so that pixelws's own limit
# (OMS_QUERY_STRING_MAX) answers a long query string with a JSON:API error, not gunicorn's page.
timeout = 60
limit_request_line = 8190
# No control socket (gunicorn ≥ 25.1's `gunicornc` interface): its default path is one per user,
# ~/.gunicorn/gunicorn.ctl, shared by every server of that user, and stopping one deleted the
# others'. Signals (HUP, TERM, TTIN/TTOU) do its work. Older gunicorns have no such setting.
control_socket_disable = True


def prepare():
    """The probes' and the workspace's static work, done before a user's first request rather than
    in it. ``serve`` does it once before forking its workers; each worker's call is then a no-op.
    Without a database yet the server starts all the same (/readyz says 503): the probes do their
    part at their first request instead."""
    import logging

    from django.db import DatabaseError

    from apps.workspace.views import prepare as prepare_workspace
    from pixelws.probes import prepare_all

    try:
        prepare_all()
    except DatabaseError as error:
        logging.getLogger("pixelws.database").warning("the probes' static work waits for the database: %s", error)
    prepare_workspace()


def post_worker_init(worker):
    from apps.workspace import figures, pdf_layout

    prepare()
    # kaleido's Chromium, started now without waiting for it: the first page's plots are drawn
    # by it (apps/workspace/first_paint.py), as the PDFs' are.
    figures.chromium()
    # The PDF layouts' fork server preloads Django and WeasyPrint in an interpreter of its own
    # (2–3 s): the worker answers meanwhile; a PDF asked for before it is ready waits for it.
    pdf_layout.start_in_background()
