"""The required-literal prefilter: which literals a pattern needs, and that prefiltered
patterns find exactly what the plain ones find."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import pytest

from claimdiff.facts.prefilter import (
    Branches,
    LiteralIndex,
    Prefiltered,
    present,
    required_literals,
    top_level_branches,
)

DEV = Path(__file__).resolve().parents[1] / "data" / "checks_dev.jsonl"


@pytest.mark.parametrize(
    ("pattern", "flags", "literals"),
    [
        (r"\bagreed\b", 0, {"agreed"}),
        (r"\b(?:signs|signed|sign)\b", 0, {"sign"}),  # longer forms contain "sign"
        (r"(?<!, )\b(?:up|down)\s+rates", 0, {"rates"}),  # the longest shortest literal
        (r"\b(?:MoU|letter of intent)\b", re.IGNORECASE, {"mou", "letter of intent"}),
        (r"(?i:About)\s+\d+", 0, {"about"}),
        (r"計画(?:だ|です)", 0, {"計画だ", "計画です"}),  # joined with the branches
        (r"x{2,3}", 0, {"x"}),
        (r"(?:foo)?\d+", 0, None),  # optional: nothing is required
        (r"\d+(?:,\d{3})*", 0, None),
        (r"(?:a|[bc])z", 0, {"z"}),
        (r"(?:a|[bc])", 0, None),  # a branch without a literal
        # a literal next to an alternation joins its branches' literals (re's parser factors
        # the common "c" out of cancel|call; "nt" alone is in most English sentences)
        (r"\b(?:cancel|call)\b", re.IGNORECASE, {"cancel", "call"}),
        (r"\b(?:do|does|is)nt\b", 0, {"dont", "doesnt", "isnt"}),
        (r"\b(?:forgo|forgoes|forwent)\b", 0, {"forgo", "forwent"}),
        (r"(?:de|re)(?:ny|ject)", 0, {"de", "re"}),  # two alternations: each one's own
    ],
)
def test_required_literals(pattern, flags, literals) -> None:
    found = required_literals(pattern, flags)
    assert (set(found) if found is not None else None) == literals


PATTERNS = [
    (r"\bagreed\b", 0),
    (r"\b(?:MoU|letter of intent)\b", re.IGNORECASE),
    (r"(?i:about)\s+(\d+)", 0),
    (r"(?<![A-Za-z])US(?![A-Za-z])", 0),
    (r"(?:見合わせ|撤回)(?:た|る)", 0),
    (r"(?:more than|over)\s*$", re.IGNORECASE),
]
TEXTS = [
    "They agreed. The MOU was signed; about 300 people came.",
    "The US letter of Intent said ABOUT 12 units, more than",
    "政府は計画を見合わせた。撤回する。",
    "bus agreedly over",
    "",
]


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS)
def test_prefiltered_finds_what_the_plain_pattern_finds(pattern, flags) -> None:
    filtered = LiteralIndex().compile(pattern, flags)
    plain = re.compile(pattern, flags)
    for text in TEXTS:
        assert [m.span() for m in filtered.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ]
        assert bool(filtered.search(text)) == bool(plain.search(text))
        assert filtered.sub("#", text) == plain.sub("#", text)


@pytest.mark.parametrize(
    ("pattern", "branches"),
    [
        (r"a|(?:b|c)|[|]|\||d", ["a", "(?:b|c)", "[|]", "\\|", "d"]),
        (r"[]|]x|y", ["[]|]x", "y"]),
        (r"[^]|]x|(?<=\()y", ["[^]|]x", "(?<=\\()y"]),
    ],
)
def test_top_level_branches(pattern, branches) -> None:
    assert top_level_branches(pattern) == branches


# alternations as the lexicons build them (slow openers: word boundaries, look-behinds,
# case-folded letters), with branches that overlap or tie at one position
ALTERNATIONS = [
    (r"(?:\bnot only\b)|(?:\bnot\b)|(?:n't\b)|(?:\bno\b)", re.IGNORECASE),
    (r"(?:\bnot\b)|(?:\bnot only\b)|(?:(?<=, )not\b)", re.IGNORECASE),  # the first wins a tie
    (r"(?:\bsaid\b)|(?:\bsaid that\b)|(?:(?<!\bis )\btold\b)", re.IGNORECASE),
]
ALT_TEXTS = [
    "Not only that, not now: he didn't say no, not only, never, no.",
    "He said that she said, and told them; it is told.",
    "nothing here",
    "",
    "no",
]


@pytest.mark.parametrize(("pattern", "flags"), ALTERNATIONS)
def test_branches_read_the_alternation_exactly(pattern, flags) -> None:
    split = LiteralIndex().compile(pattern, flags)
    plain = re.compile(pattern, flags)
    assert isinstance(split, Branches)

    def spans(found):
        return [m.span() for m in found]

    def span(m):
        return m.span() if m is not None else None

    for text in ALT_TEXTS:
        assert spans(split.finditer(text)) == spans(plain.finditer(text)), text
        assert spans(split.finditer(text, 3, 40)) == spans(plain.finditer(text, 3, 40)), text
        assert split.findall(text) == plain.findall(text)
        assert split.sub(lambda m: "#" * len(m.group()), text) == plain.sub(
            lambda m: "#" * len(m.group()), text
        )
        assert split.sub(lambda m: "#", text, 1) == plain.sub(lambda m: "#", text, 1)
        assert split.sub("#", text) == plain.sub("#", text)
        assert span(split.search(text)) == span(plain.search(text))
        assert span(split.search(text, 5)) == span(plain.search(text, 5))
        for pos in range(0, len(text) + 1, 3):
            assert span(split.match(text, pos)) == span(plain.match(text, pos))
        assert span(split.fullmatch("not")) == span(plain.fullmatch("not"))


def test_quick_alternations_and_ones_with_groups_stay_whole() -> None:
    index = LiteralIndex()
    assert not isinstance(index.compile(r"(?:計画)|(?:方針)|(?:予定)"), Branches)  # ja, ko
    assert not isinstance(index.compile(r"\b(said)\b|\btold\b", re.I), Branches)  # a group
    assert isinstance(index.compile(r"\bsaid\b|\btold\b", re.I), Branches)


def test_present_keeps_order_and_drops_what_cannot_match() -> None:
    index = LiteralIndex()
    named = [("a", index.compile(r"\bagreed\b")), ("b", re.compile(r"\d+")),
             ("c", index.compile(r"\bsigned\b")), ("d", None)]  # fmt: skip
    assert [name for name, _ in present(named, "They agreed on 3 points.")] == ["a", "b"]
    assert all(isinstance(p, re.Pattern) for _, p in present(named, "signed, agreed"))


def _prefiltered(compiled) -> list[Prefiltered]:
    """Every prefiltered pattern of a compiled lexicon (in fields, tuples and unit entries)."""
    found: list[Prefiltered] = []

    def walk(value) -> None:
        if isinstance(value, Prefiltered):
            found.append(value)
        elif isinstance(value, Branches):
            found.append(value)  # type: ignore[arg-type]  # it has .regex, the whole
            walk(value.branches)
        elif isinstance(value, (tuple, list)):
            for item in value:
                walk(item)
        elif dataclasses.is_dataclass(value):
            for f in dataclasses.fields(value):
                walk(getattr(value, f.name))

    walk(compiled)
    return found


@pytest.mark.parametrize("lang", ["en", "ko", "ja"])
def test_the_bundled_lexicons_match_the_same_with_and_without_the_prefilter(lang, lexicons):
    records = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines()]
    texts = [
        r[f"{side}_text"] for r in records for side in ("original", "report")
        if r[f"{side}_lang"] == lang
    ]  # fmt: skip
    patterns = _prefiltered(lexicons[lang].compiled)
    assert len(patterns) > 50 and texts
    for pattern in patterns:
        for text in texts:
            assert [m.span() for m in pattern.finditer(text)] == [
                m.span() for m in pattern.regex.finditer(text)
            ], (pattern.pattern, text)
