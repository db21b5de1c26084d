"""Text normalisation, once per statement: NFKC with a map back to the original characters, so
reasons quote what the outlet actually wrote (full-width ２５万 -> 25万, ～ -> ~)."""

from __future__ import annotations

import bisect
import functools
import unicodedata


# every concern reads the same statement: normalise it once (callers never change the index)
@functools.lru_cache(maxsize=64)
def normalize(text: str) -> tuple[str, list[int]]:
    """NFKC per character, with a map from each normalised index to its original index."""
    if unicodedata.is_normalized("NFKC", text):
        # most statements: then every character is its own NFKC form (one C-level check)
        return text, list(range(len(text) + 1))
    out: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        norm = _char_nfkc(ch)
        out.append(norm)
        index.extend([i] * len(norm))
    index.append(len(text))
    return "".join(out), index


@functools.lru_cache(maxsize=4096)
def _char_nfkc(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch)


def orig_span(text: str, index: list[int], start: int, end: int) -> tuple[int, int, str]:
    """Normalised [start, end) -> original (start, end, text)."""
    o_start = index[start]
    o_end = index[end - 1] + 1 if end > start else o_start
    return o_start, o_end, text[o_start:o_end]


def norm_span(index: list[int], start: int, end: int) -> tuple[int, int]:
    """Original [start, end) -> normalised [start, end)."""
    # the index is non-decreasing: the first normalised position at or after each end
    last = len(index) - 1
    return min(bisect.bisect_left(index, start), last), min(bisect.bisect_left(index, end), last)
