"""The OMS JSON:API dialect, implemented once for every resource (see docs/api.md)."""
from .resources import Grouping, Relationship, Resource, ValueObject, register, registry, serve

__all__ = ["Grouping", "Relationship", "Resource", "ValueObject", "register", "registry", "serve"]
