"""Token-budget runs: order kept, the budget respected, an oversized item alone."""

from __future__ import annotations

from claimdiff.budget import by_budget, estimated_tokens, in_shards, nli_cost


def test_by_budget_keeps_order_and_the_budget():
    items = [3, 4, 2, 9, 1, 1]
    runs = by_budget(items, lambda x: x, 6)
    assert [x for run in runs for x in run] == items
    assert runs == [[3], [4, 2], [9], [1, 1]]  # 9 is over the budget: a shard of its own
    assert by_budget([], lambda x: x, 6) == []


def test_estimated_tokens_grow_with_the_text():
    assert estimated_tokens("") == 1
    assert estimated_tokens("가" * 30) > estimated_tokens("a" * 30)
    assert nli_cost(("ab", "가나다")) == estimated_tokens("ab") + estimated_tokens("가나다")


def test_in_shards_computes_each_run_once_and_keeps_input_order():
    calls: list[list[int]] = []

    def compute(run: list[int]) -> list[int]:
        calls.append(run)
        return [x * 10 for x in run]

    assert in_shards([3, 4, 2, 9], lambda x: x, 6, compute) == [30, 40, 20, 90]
    assert calls == [[3], [4, 2], [9]]
