"""The paginator of every case list, in the API and on the public pages."""

from functools import cached_property

from django.core.paginator import Paginator

from cases.search.counts import cached_count
from cases.search.ranking import RankedCases, is_ranked


class CountedPaginator(Paginator):
    """A paginator whose count is reused until the registry changes (cases.search.counts)."""

    @cached_property
    def count(self):
        if hasattr(self.object_list, "query"):
            return cached_count(self.object_list)
        return super().count


class RegistryPaginator(CountedPaginator):
    """Counts reused until the registry changes (cases.search.counts); ranked searches read rank by rank.

    A search in its best-first order is paged through `RankedCases`, which
    fetches a page without ranking every match (cases.search.ranking).

    The first page is read before anything is counted: when it is not full,
    its length is the count. A narrow filter (the cases citing one source, a
    rare name) then costs no COUNT, whose cache entry it would hardly reuse.
    """

    def __init__(self, object_list, *args, **kwargs):
        if is_ranked(object_list):
            object_list = RankedCases(object_list)
        super().__init__(object_list, *args, **kwargs)

    def page(self, number):
        if "count" in self.__dict__ or self.orphans or not _is_first(number):
            return super().page(number)
        rows = list(self.object_list[: self.per_page])
        if len(rows) < self.per_page:
            self.count = len(rows)
        return self._get_page(rows, self.validate_number(number), self)


def _is_first(number) -> bool:
    try:
        return int(number) == 1
    except (TypeError, ValueError):
        return False
