"""Cache counters add up and show as run.json's cache entries."""

from __future__ import annotations

from claimdiff.models.stats import CacheStats


def test_counters_add_and_show_as_run_json_does():
    total = CacheStats(hits=2, misses=1) + CacheStats(misses=4)
    assert total == CacheStats(2, 5)
    assert total.as_dict() == {"hits": 2, "misses": 5}
    assert CacheStats().as_dict() == {"hits": 0, "misses": 0}
