"""Finding and listing cases: search however a name is spelled, ranked pages, cached counts.

Above the models (it reads them through querysets) and below the API and pages.
"""

# Migration 0004 imports padded_keys from here, where it lived before the text helpers moved.
from cases.text.names import padded_keys

__all__ = ["padded_keys"]
