"""The registry admin, where researchers record cases all day.

One module per area of the domain; importing them registers their ModelAdmins.
"""

from . import actors, cases, imports, people, sources

__all__ = ["actors", "cases", "imports", "people", "sources"]
