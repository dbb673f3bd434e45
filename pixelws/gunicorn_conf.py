"""gunicorn settings for ``manage.py serve`` (``make run``, pixelws/gunicorn_app.py), also usable
as ``gunicorn --config python:pixelws.gunicorn_conf pixelws.wsgi``. What a worker prepares is the
apps' business: they register it with pixelws/warm_up.py."""

# A worker busy longer than this is killed and replaced: above PIXELWS_QUERY_TIMEOUT (30 s), so a
# slow query is a 504 first. Request lines up to gunicorn's maximum, so that pixelws's own limit
# (OMS_QUERY_STRING_MAX) answers a long query string with a JSON:API error, not gunicorn's page.
timeout = 60
limit_request_line = 8190
# No control socket (gunicorn ≥ 25.1's `gunicornc` interface): its default path is one per user,
# ~/.gunicorn/gunicorn.ctl, shared by every server of that user, and stopping one deleted the
# others'. Signals (HUP, TERM, TTIN/TTOU) do its work. Older gunicorns have no such setting.
control_socket_disable = True


def post_worker_init(worker):
    from pixelws import warm_up

    warm_up.start_worker()
