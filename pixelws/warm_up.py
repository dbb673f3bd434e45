"""Work done before a user's first request rather than in it: each app registers its hooks in its
``AppConfig.ready``, and the server (pixelws/gunicorn_conf.py) runs them without knowing the apps.

``static`` hooks run once in ``serve``'s process before it forks its workers (what they build is
then shared), and again in each worker, where they find their work done. ``per_worker`` hooks
start what a fork cannot share (threads, processes of their own) in each worker."""
import logging

from django.db import DatabaseError

static_hooks = []
per_worker_hooks = []


def static(hook):
    """Register ``hook`` (no arguments) as static work; returns it (a decorator)."""
    static_hooks.append(hook)
    return hook


def per_worker(hook):
    """Register ``hook`` (no arguments) to run in each worker as it starts; returns it."""
    per_worker_hooks.append(hook)
    return hook


def prepare():
    """Run the static hooks. Without a database yet the server starts all the same (/readyz says
    503): a hook that needs it does its part at its first request instead."""
    for hook in static_hooks:
        try:
            hook()
        except DatabaseError as error:
            logging.getLogger("pixelws.database").warning("%s waits for the database: %s", hook.__qualname__, error)


def start_worker():
    """In a worker, as it starts: the static hooks (a no-op once done), then the per-worker ones."""
    prepare()
    for hook in per_worker_hooks:
        hook()
