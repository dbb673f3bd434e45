"""gunicorn run inside ``manage.py serve`` (``make run``), with pixelws already imported: its
workers are forked with Django, the views and WeasyPrint loaded, instead of each importing them
again in a fresh interpreter (seconds of a restart on a 2-core machine)."""
from gunicorn.app.base import BaseApplication

from . import gunicorn_conf


class Server(BaseApplication):
    def __init__(self, **settings):
        self.settings = settings
        super().__init__()

    def load_config(self):
        module_settings = {name: value for name, value in vars(gunicorn_conf).items() if name in self.cfg.settings}
        for name, value in {**module_settings, **self.settings, "preload_app": True}.items():
            self.cfg.set(name, value)

    def load(self):
        """In the master, before the workers fork (preload_app): the app and its static work."""
        from . import warm_up
        from .wsgi import application

        warm_up.prepare()
        close_databases()  # the static work read the database: the workers open their own
        return application


def close_databases():
    """No connection, nor pool (Oracle), may be shared by forked workers."""
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
        if hasattr(connection, "close_pool"):
            connection.close_pool()
