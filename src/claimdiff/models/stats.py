"""Cache counters reported in run.json."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CacheStats:
    """Cache hits and misses of one stage, counted per unique work unit (a source text for
    translation, a (premise, hypothesis) pair for NLI): a miss is work the model did."""

    hits: int = 0
    misses: int = 0

    def __add__(self, other: CacheStats) -> CacheStats:
        return CacheStats(self.hits + other.hits, self.misses + other.misses)

    def as_dict(self) -> dict[str, int]:
        """The counters as run.json shows them."""
        return {"hits": self.hits, "misses": self.misses}
