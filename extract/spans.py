"""Sets of character spans that answer "does any span overlap this stretch?" by bisection, not by a scan."""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from itertools import accumulate


class SpanSet:
    """Spans ``[start, end)``; ``overlaps(a, b)`` is True when one starts before ``b`` and ends after ``a``
    (so an empty stretch overlaps only a span strictly around it). Adding and asking take log time.

    >>> s = SpanSet.of([(2, 5)])
    >>> s.overlaps(4, 9), s.overlaps(5, 9), s.overlaps(0, 2)
    (True, False, False)
    >>> s.add(8, 9)
    >>> s.overlaps(5, 9)
    True
    """

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._reach: list[int] = []  # _reach[i]: the furthest end among the spans up to i (in start order)

    @classmethod
    def of(cls, spans: Iterable[tuple[int, int]]) -> SpanSet:
        """The set of ``spans``, made in one go."""
        pairs = sorted(spans)
        out = cls()
        out._starts = [s for s, _ in pairs]
        out._reach = list(accumulate((e for _, e in pairs), max))
        return out

    def add(self, start: int, end: int) -> None:
        i = bisect_right(self._starts, start)
        reach = max(end, self._reach[i - 1]) if i else end
        self._starts.insert(i, start)
        self._reach.insert(i, reach)
        rs = self._reach
        j = i + 1
        while j < len(rs) and rs[j] < reach:  # the reach never falls: stop where it is already as far
            rs[j] = reach
            j += 1

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._starts, end)  # the spans starting before ``end``
        return i > 0 and self._reach[i - 1] > start
