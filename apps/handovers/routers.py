"""The handovers app lives in the ``handovers`` database, and nothing else does: the views'
database (``default``) stays read-only, and the handovers' never holds a view."""

ALIAS = "handovers"


class HandoversRouter:
    def db_for_read(self, model, **hints):
        return ALIAS if model._meta.app_label == ALIAS else None

    db_for_write = db_for_read

    def allow_relation(self, a, b, **hints):
        return None

    def allow_migrate(self, db, app_label, **hints):
        return (app_label == ALIAS) == (db == ALIAS)
