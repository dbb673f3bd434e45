"""gunicorn settings for ``manage.py serve`` (``make run``)."""

# A worker busy longer than this is killed and replaced: above PIXELWS_QUERY_TIMEOUT (30 s), so a
# slow query is a 504 first. Request lines up to gunicorn's maximum, so that pixelws's own limit
# (OMS_QUERY_STRING_MAX) answers a long query string with a JSON:API error, not gunicorn's page.
timeout = 60
limit_request_line = 8190


def post_worker_init(worker):
    # The app is loaded: do the probes' and the workspace's static work now rather than in a
    # user's first request.
    from apps.workspace.views import prepare
    from pixelws.probes import prepare_all

    prepare_all()
    prepare()
