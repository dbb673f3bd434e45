"""Named declarations filed by a class decorator: resources under their type, probes under their name."""


class Registry(dict):
    def __init__(self, kind, key):
        super().__init__()
        self.kind, self.key = kind, key  # e.g. "probe", "name": a probe is filed under probe.name

    def register(self, declaration_class):
        """Class decorator: file one instance of ``declaration_class`` under its key."""
        declaration = declaration_class()
        name = getattr(declaration, self.key)
        if not name:
            raise ValueError(f"{declaration_class.__name__} declares no {self.key}")
        if name in self:
            raise ValueError(f"{self.kind} {name!r} is registered twice")
        self[name] = declaration
        return declaration_class
