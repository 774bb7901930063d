"""A paginator that counts at most a few thousand rows: national lists stay fast, the page says "more than"."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    """Counts up to `cap` rows (one cheap bounded query); past it, `capped` is true and the count is `cap`."""

    cap = 10_000

    @cached_property
    def count(self) -> int:
        object_list: Any = self.object_list
        if hasattr(object_list, "order_by"):
            bounded = object_list.order_by().values("pk")[: self.cap + 1].count()
        else:
            bounded = len(object_list)
        self._capped = bounded > self.cap
        return min(bounded, self.cap)

    @property
    def capped(self) -> bool:
        _ = self.count
        return self._capped
