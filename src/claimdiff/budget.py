"""Token-budget runs of a model stage's uncached work: the cost estimate and the cut that both
the stages (in one process) and the shard planner (:mod:`claimdiff.shards`) use, so a shard is
the same run wherever it is computed.

A leaf module outside ``models/`` (whose package imports torch): the stages import it and so
does the shard planner, which the flow imports in checks-only runs too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def in_shards(
    inputs: Sequence[T],
    cost: Callable[[T], int],
    budget: int,
    compute: Callable[[list[T]], list[R]],
) -> list[R]:
    """``compute`` over consecutive shards of ``inputs`` within ``budget``; results in input
    order."""
    return [r for run in by_budget(inputs, cost, budget) for r in compute(run)]


def translation_cost(text: str) -> int:
    """Estimated tokens of a source text."""
    return estimated_tokens(text)


def nli_cost(pair: tuple[str, str]) -> int:
    """Estimated tokens of a (premise, hypothesis) pair."""
    return estimated_tokens(pair[0]) + estimated_tokens(pair[1])


def estimated_tokens(text: str) -> int:
    """A tokenizer-free token estimate for sizing shards: UTF-8 bytes / 3, about one token per
    Korean or Japanese character and per three or four English characters (the subword rates
    of the Marian and DeBERTa vocabularies). Shards need a cost, not an exact count."""
    return len(text.encode("utf-8")) // 3 + 1


def by_budget(items: Sequence[T], cost: Callable[[T], int], budget: int) -> list[list[T]]:
    """Consecutive runs of ``items`` whose summed ``cost`` stays within ``budget``; an item
    costlier than the budget gets a run of its own."""
    runs: list[list[T]] = []
    current: list[T] = []
    used = 0
    for item in items:
        c = cost(item)
        if current and used + c > budget:
            runs.append(current)
            current, used = [], 0
        current.append(item)
        used += c
    if current:
        runs.append(current)
    return runs
