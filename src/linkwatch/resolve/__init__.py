"""Resolution: one node per real person, group, place and event across documents."""
from linkwatch.resolve.places import contains
from linkwatch.resolve.resolver import Resolver, ResolveResult

__all__ = ["ResolveResult", "Resolver", "contains"]
