"""gunicorn settings for ``manage.py serve`` (``make run``)."""


def post_worker_init(worker):
    # The app is loaded: do the probes' and the workspace's static work now rather than in a
    # user's first request.
    from apps.workspace.views import prepare
    from pixelws.probes import prepare_all

    prepare_all()
    prepare()
