"""Regular expressions that skip texts which cannot match: a required-literal prefilter.

Each lexicon pattern is tried on every statement, and Python's ``re`` scans every position of
the text even for ``\\bagreed\\b`` (about 8 µs a pattern on a news sentence; a language has
hundreds). Most patterns need some literal text to match ("agree", 計画, "quarter"): when none
of a pattern's required literals is in the statement, the pattern cannot match and is not run.
This is what RE2 and Hyperscan call a prefilter; Python's ``re`` has none, and no maintained
library adds one to ``re`` patterns, hence this module. The literals come from ``re``'s own
parser (``re._parser``: private, but the one exact reading of the pattern's syntax); a pattern
it cannot read (or without a required literal) always runs.

The check is case-insensitive (lower-cased literals in the lower-cased text): weaker than the
pattern for case-sensitive ones, so never wrong, and one lower-casing serves every pattern.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _sre_parse
except ImportError:  # Python 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT} | (
    {_c.POSSESSIVE_REPEAT} if hasattr(_c, "POSSESSIVE_REPEAT") else set()
)
_ATOMIC = getattr(_c, "ATOMIC_GROUP", None)


def _required(items: Any) -> frozenset[str] | None:
    """Literals of which every match of the parsed sequence ``items`` contains at least one
    (None: no such set is known)."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            candidates.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        flush()
        found: frozenset[str] | None = None
        if op is _c.SUBPATTERN:
            found = _required(av[-1])
        elif _ATOMIC is not None and op is _ATOMIC:
            found = _required(av)
        elif op is _c.BRANCH:
            branches = [_required(branch) for branch in av[1]]
            if all(b is not None for b in branches):
                found = frozenset().union(*branches)  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            found = _required(av[2])
        if found:
            candidates.append(found)
    flush()
    if not candidates:
        return None
    # the most selective: the longest shortest literal, then the fewest literals
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)))


def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Lower-cased literals of which every match of ``pattern`` contains one; None when the
    pattern has none (or cannot be read). Literals containing another one are left out."""
    try:
        parsed = _sre_parse.parse(pattern, flags)
    except Exception:  # an unreadable pattern simply always runs
        return None
    found = _required(list(parsed))
    if not found:
        return None
    lowered = sorted({literal.lower() for literal in found}, key=len)
    kept: list[str] = []
    for literal in lowered:
        if not any(shorter in literal for shorter in kept):
            kept.append(literal)
    return frozenset(kept)


class LiteralIndex:
    """The required literals of a language's patterns in one Aho-Corasick automaton
    (pyahocorasick): one pass over a statement tells which patterns can match in it."""

    def __init__(self) -> None:
        self._literals: dict[str, set[int]] = {}
        self._count = 0
        self._automaton: Any = None

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str] | Prefiltered:
        """``re.compile``, prefiltered through this index when the pattern has literals."""
        regex = re.compile(pattern, flags)
        literals = required_literals(pattern, flags)
        if not literals or min(map(len, literals)) < 2:
            # a one-letter literal ("t" of tonne) is in nearly every statement: it would only
            # add automaton hits, and such patterns are anchored ones that cost little
            return regex
        ident = self._count
        self._count += 1
        for literal in literals:
            self._literals.setdefault(literal, set()).add(ident)
        self._automaton = None
        return Prefiltered(regex, self, ident)

    def _built(self) -> Any:
        if self._automaton is None:
            import ahocorasick

            automaton = ahocorasick.Automaton()
            for literal, idents in self._literals.items():
                automaton.add_word(literal, frozenset(idents))
            if len(automaton):
                automaton.make_automaton()
            self._automaton = automaton
        return self._automaton

    def possible(self, text: str) -> frozenset[int]:
        """The ids of the patterns whose literals ``text`` holds."""
        return _possible(self, text)


@functools.lru_cache(maxsize=64)
def _possible(index: LiteralIndex, text: str) -> frozenset[int]:
    automaton = index._built()
    if not len(automaton):
        return frozenset()
    found: set[int] = set()
    for _, idents in automaton.iter(text.lower()):
        found |= idents
    return frozenset(found)


class Prefiltered:
    """A compiled pattern that first checks its required literals (the ``re.Pattern`` calls
    the facts modules use: search, match, fullmatch, finditer, sub)."""

    __slots__ = ("ident", "index", "regex")

    def __init__(self, regex: re.Pattern[str], index: LiteralIndex, ident: int) -> None:
        self.regex = regex
        self.index = index
        self.ident = ident

    @property
    def pattern(self) -> str:
        """The pattern's source."""
        return self.regex.pattern

    @property
    def flags(self) -> int:
        """The pattern's flags."""
        return self.regex.flags

    def possible(self, text: str) -> bool:
        """Whether ``text`` holds one of the required literals (else nothing can match)."""
        return self.ident in _possible(self.index, text)

    def search(self, text: str, *args: int) -> re.Match[str] | None:
        """``re.Pattern.search``, skipped when no required literal is in the text."""
        return self.regex.search(text, *args) if self.possible(text) else None

    def match(self, text: str, *args: int) -> re.Match[str] | None:
        """``re.Pattern.match``, skipped when no required literal is in the text."""
        return self.regex.match(text, *args) if self.possible(text) else None

    def fullmatch(self, text: str, *args: int) -> re.Match[str] | None:
        """``re.Pattern.fullmatch``, skipped when no required literal is in the text."""
        return self.regex.fullmatch(text, *args) if self.possible(text) else None

    def finditer(self, text: str, *args: int) -> Iterator[re.Match[str]]:
        """``re.Pattern.finditer``, empty when no required literal is in the text."""
        return self.regex.finditer(text, *args) if self.possible(text) else iter(())

    def sub(self, repl: Any, text: str, count: int = 0) -> str:
        """``re.Pattern.sub``, the text itself when no required literal is in it."""
        return self.regex.sub(repl, text, count) if self.possible(text) else text


def unfiltered(pattern: re.Pattern[str] | Prefiltered) -> re.Pattern[str]:
    """The plain compiled pattern (for a text already known to hold its literals)."""
    return pattern.regex if isinstance(pattern, Prefiltered) else pattern


class _Group:
    """A list of ``(name, pattern)`` pairs split once into its prefiltered patterns (by id)
    and the ones that always run, so that filtering it for a text is one set intersection."""

    def __init__(self, named: Any) -> None:
        items = [(name, pattern) for name, pattern in named if pattern is not None]
        self.always = [
            (pos, name, pattern)
            for pos, (name, pattern) in enumerate(items)
            if type(pattern) is not Prefiltered
        ]
        filtered = [(pos, name, p) for pos, (name, p) in enumerate(items) if type(p) is Prefiltered]
        self.index = filtered[0][2].index if filtered else None
        self.by_ident = {p.ident: (pos, name, p.regex) for pos, name, p in filtered}
        self.idents = frozenset(self.by_ident)

    def present(self, text: str) -> tuple[tuple[Any, re.Pattern[str]], ...]:
        if self.index is None:
            return tuple((name, pattern) for _, name, pattern in self.always)
        found = [self.by_ident[i] for i in self.idents & _possible(self.index, text)]
        found += self.always
        found.sort(key=lambda item: item[0])
        return tuple((name, pattern) for _, name, pattern in found)


_GROUPS: dict[int, tuple[Any, _Group]] = {}


def present(named: Any, text: str) -> tuple[tuple[Any, re.Pattern[str]], ...]:
    """Of ``(name, pattern)`` pairs (a tuple kept by the compiled lexicon), those whose pattern
    can match somewhere in ``text``, in order, as plain patterns: filter once per statement,
    then try them at each position cheaply."""
    entry = _GROUPS.get(id(named))
    if entry is None or entry[0] is not named:
        entry = (named, _Group(named))
        _GROUPS[id(named)] = entry
    return entry[1].present(text)
