"""The library's order read in two steps: the first page before the first frame, the rest after (the
library screen, at 100,000 articles)."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from typing import overload

from ..store.interface import Store
from ..widgets.article_table import checked_index


class OrderAfterFirstPage(Sequence[int]):
    """The rowids of the whole library in one sort order, of which only the first page is read at first;
    the rest is read on the first look past it (or when complete() is called). Its length is the count of
    articles until then: the table's scroll bar is right from the first frame, and `G` goes to the last
    row. A rowid asked for past the end of the order read (another process removed articles between the
    count and the read) is -1, which no article has: the table shows the row as removed."""

    def __init__(self, library: Store, sort: str, descending: bool, first: int) -> None:
        self.library, self.sort, self.descending = library, sort, descending
        self.first = library.row_ids(sort, descending, limit=first)
        self.counted = len(library)
        self._whole: array[int] | None = self.first if len(self.first) < first else None

    def complete(self) -> array[int]:
        """The whole order, read now if it was not yet."""
        if self._whole is None:
            self._whole = self.library.row_ids(self.sort, self.descending)
        return self._whole

    def __len__(self) -> int:
        return self.counted if self._whole is None else max(self.counted, len(self._whole))

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> list[int]: ...
    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        index = checked_index(index, len(self))
        if self._whole is None and index < len(self.first):
            return self.first[index]
        whole = self.complete()
        return whole[index] if index < len(whole) else -1
