"""The paginator of every case list, in the API and on the public pages."""

from functools import cached_property

from django.core.paginator import Paginator

from cases.search.counts import cached_count
from cases.search.ranking import RankedCases, is_ranked


class RegistryPaginator(Paginator):
    """Counts reused until the registry changes (cases.search.counts); ranked searches read rank by rank.

    A search in its best-first order is paged through `RankedCases`, which
    fetches a page without ranking every match (cases.search.ranking).
    """

    def __init__(self, object_list, *args, **kwargs):
        if is_ranked(object_list):
            object_list = RankedCases(object_list)
        super().__init__(object_list, *args, **kwargs)

    @cached_property
    def count(self):
        if hasattr(self.object_list, "query"):
            return cached_count(self.object_list)
        return super().count
