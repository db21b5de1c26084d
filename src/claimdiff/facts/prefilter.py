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
import sys
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


def _alternatives(op: Any, av: Any) -> list[Any] | None:
    """The branches of an alternation item (``a|b``, or a group holding only one), else None."""
    if op is _c.BRANCH:
        return list(av[1])
    if op is _c.SUBPATTERN and len(av[-1]) == 1:
        return _alternatives(*av[-1][0])
    return None


_JOINED_MAX = 64  # joined literals of one item at most (an alternation of alternations)


def _leading(items: Any) -> frozenset[str]:
    """Literal texts one of which a parsed sequence opens with ({""} when none is known): its
    literals, and then each opening of the alternation after them ("or(?:go|went)": orgo,
    orwent)."""
    items = list(items)
    text = []
    for op, av in items:
        if op is _c.LITERAL:
            text.append(chr(av))
            continue
        branches_of = _alternatives(op, av)
        if branches_of is not None:
            openings = frozenset().union(*(_leading(b) for b in branches_of))
            if len(openings) <= _JOINED_MAX:
                return frozenset("".join(text) + o for o in openings)
        break
    return frozenset(["".join(text)])


def _trailing(items: Any) -> frozenset[str]:
    """Literal texts one of which a parsed sequence ends with (as ``_leading``, from the end)."""
    items = list(items)
    text: list[str] = []
    for op, av in reversed(items):
        if op is _c.LITERAL:
            text.append(chr(av))
            continue
        branches_of = _alternatives(op, av)
        if branches_of is not None:
            closings = frozenset().union(*(_trailing(b) for b in branches_of))
            if len(closings) <= _JOINED_MAX:
                return frozenset(c + "".join(reversed(text)) for c in closings)
        break
    return frozenset(["".join(reversed(text))])


def _item_required(op: Any, av: Any) -> frozenset[str] | None:
    """Literals of which every match of one parsed item (not a literal) contains one."""
    if op is _c.SUBPATTERN:
        return _required(av[-1])
    if _ATOMIC is not None and op is _ATOMIC:
        return _required(av)
    if op is _c.BRANCH:
        branches = [_required(branch) for branch in av[1]]
        if all(b is not None for b in branches):
            return frozenset().union(*branches)  # type: ignore[arg-type]
        return None
    if op in _REPEATS and av[0] >= 1:
        return _required(av[2])
    return None


def _required(items: Any) -> frozenset[str] | None:
    """Literals of which every match of the parsed sequence ``items`` contains at least one
    (None: no such set is known). A literal next to an alternation joins each branch's own
    opening or closing literal: "c(?:ancel|all)" requires cancel or call (``re``'s parser
    factors a common prefix out of an alternation), "(?:do|is)nt" dont or isnt."""
    candidates: list[frozenset[str]] = []
    run: list[str] = []
    trails: list[str] | None = None  # closing literals of the alternation just before ``run``

    def flush() -> None:
        nonlocal trails
        if run:
            text = "".join(run)
            candidates.append(frozenset([text]))
            if trails is not None:
                candidates.append(frozenset(trail + text for trail in trails))
            run.clear()
        trails = None

    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))
            continue
        branches_of = _alternatives(op, av)
        if branches_of is not None and run:
            opening = "".join(run)
            openings = frozenset().union(*(_leading(b) for b in branches_of))
            candidates.append(frozenset(opening + o for o in openings))
        flush()
        found = _item_required(op, av)
        if found:
            candidates.append(found)
        if branches_of is not None:
            trails = sorted(frozenset().union(*(_trailing(b) for b in branches_of)))
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

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern[str] | Prefiltered | Branches:
        """``re.compile``, prefiltered through this index when the pattern has literals; an
        alternation of branches with literals of their own is prefiltered branch by branch."""
        regex = re.compile(pattern, flags)
        split = self._branches(regex)
        if split is not None:
            return split
        return self._single(regex, pattern, flags)

    def _single(
        self, regex: re.Pattern[str], pattern: str, flags: int
    ) -> re.Pattern[str] | Prefiltered:
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

    def _branches(self, regex: re.Pattern[str]) -> Branches | None:
        """The top-level alternation ``regex`` as one prefiltered pattern per branch, when that
        reads it exactly: no groups (a match of a branch is then the alternation's match), no
        inline comment or verbose syntax, and every branch compiles alone under the same flags.
        None when it is no alternation, or only one branch would be filtered."""
        if regex.groups or regex.flags & re.VERBOSE or "(?#" in regex.pattern:
            return None
        sources = top_level_branches(regex.pattern)
        slow = sum(not _fast_start(source, regex.flags) for source in sources)
        if len(sources) < 2 or slow < max(2, len(sources) / 2):
            # mostly quick openers (Japanese, Korean): one scan of the whole costs little
            return None
        branches = []
        for source in sources:
            try:
                branch = re.compile(source, regex.flags)
            except re.error:
                return None
            if branch.flags != regex.flags or branch.groups:
                return None
            branches.append(self._single(branch, source, regex.flags))
        filtered = sum(type(b) is Prefiltered for b in branches)
        slow_always = any(
            type(b) is not Prefiltered and not _fast_start(source, regex.flags)
            for b, source in zip(branches, sources, strict=True)
        )
        if filtered < 2 or len(branches) - filtered > _MAX_ALWAYS or slow_always:
            # little to gain (few branches filtered; several that run on every statement, each
            # one more scan; or a slow one among them, which costs the whole scan anyway): the
            # alternation runs whole (its literals filter it)
            for branch in branches:
                if type(branch) is Prefiltered:
                    self._forget(branch.ident)
            return None
        return Branches(regex, tuple(branches), self)

    def _forget(self, ident: int) -> None:
        for idents in self._literals.values():
            idents.discard(ident)
        self._literals = {k: v for k, v in self._literals.items() if v}
        self._automaton = None

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


class _Compiled:
    """What stands in for a compiled ``re.Pattern``: its source and flags are the pattern's."""

    __slots__ = ("regex",)
    regex: re.Pattern[str]

    @property
    def pattern(self) -> str:
        """The pattern's source."""
        return self.regex.pattern

    @property
    def flags(self) -> int:
        """The pattern's flags."""
        return self.regex.flags


class Prefiltered(_Compiled):
    """A compiled pattern that first checks its required literals (the ``re.Pattern`` calls
    the facts modules use: search, match, fullmatch, finditer, sub)."""

    __slots__ = ("ident", "index")

    def __init__(self, regex: re.Pattern[str], index: LiteralIndex, ident: int) -> None:
        self.regex = regex
        self.index = index
        self.ident = ident

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
    and the ones that always run, so that filtering it for a text is one set intersection. An
    alternation prefiltered branch by branch (:class:`Branches`) whose branches all have
    literals is filtered by theirs, and kept whole (it filters its branches again)."""

    def __init__(self, named: Any) -> None:
        items = [(name, pattern) for name, pattern in named if pattern is not None]
        self.always = []
        self.by_ident: dict[int, tuple[int, Any, Any]] = {}
        self.index = None
        for pos, (name, pattern) in enumerate(items):
            if type(pattern) is Prefiltered:
                self.by_ident[pattern.ident] = (pos, name, pattern.regex)
                self.index = pattern.index
            elif type(pattern) is Branches and pattern.idents is not None:
                for ident in pattern.idents:
                    self.by_ident[ident] = (pos, name, pattern)
                self.index = pattern.index
            else:
                self.always.append((pos, name, pattern))
        self.idents = frozenset(self.by_ident)

    def present(self, text: str) -> tuple[tuple[Any, re.Pattern[str]], ...]:
        if self.index is None:
            return tuple((name, pattern) for _, name, pattern in self.always)
        found = {}
        for ident in self.idents & _possible(self.index, text):
            entry = self.by_ident[ident]
            found[entry[0]] = entry
        if not self.always:
            return tuple((name, pattern) for _, name, pattern in sorted(found.values()))
        listed = [*found.values(), *self.always]
        listed.sort(key=lambda item: item[0])
        return tuple((name, pattern) for _, name, pattern in listed)


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


def _fast_start(pattern: str, flags: int) -> bool:
    """Whether ``re`` skips a position cheaply when this branch cannot start there: it opens
    with a literal (not one folded for case) or a set (not folded for case). An alternation of
    such branches is one quick scan in C (Japanese and Korean lexicons); one with a branch
    opening with a word boundary, a look-around or a case-folded letter tries every branch at
    every character (English ones), which is what splitting it saves."""
    try:
        items = list(_sre_parse.parse(pattern, flags))
    except Exception:
        return False
    return _fast_items(items, bool(flags & re.IGNORECASE))


def _fast_items(items: Any, ignorecase: bool) -> bool:
    if not items:
        return False
    op, av = items[0]
    if op is _c.LITERAL:
        char = chr(av)
        return not ignorecase or char.lower() == char.upper()
    if op is _c.IN:
        return not ignorecase
    if op is _c.SUBPATTERN:
        add_flags, del_flags = av[1], av[2]
        folded = (ignorecase or bool(add_flags & re.IGNORECASE)) and not del_flags & re.IGNORECASE
        return _fast_items(list(av[-1]), folded)
    if op is _c.BRANCH:
        return all(_fast_items(list(branch), ignorecase) for branch in av[1])
    return False


def top_level_branches(pattern: str) -> list[str]:
    """The sources of the top-level branches of ``pattern`` ("a|(?:b|c)|d": a, (?:b|c), d): a
    ``|`` outside parentheses and character sets, not escaped."""
    parts: list[str] = []
    depth, start, i, n = 0, 0, 0, len(pattern)
    while i < n:
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1  # a "]" first in a set is a literal
            while j < n and pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            i = j + 1
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


# more branches than this left by the prefilter: the alternation runs whole, one scan in C
_MAX_BRANCHES = 12
# more branches than this without a literal of their own: the alternation is not split
_MAX_ALWAYS = 1


class Branches(_Compiled):
    """A top-level alternation (``a|b|c``, a lexicon list joined by ``_alt``) prefiltered branch
    by branch: of the branches whose literals a statement holds, each is searched alone, and
    the alternation's matches are read from theirs exactly as ``re`` finds them (the leftmost
    match; at one position, the first branch in order; the next search from its end). A
    lexicon's alternation holds dozens of patterns, each tried at every position; a statement
    has the literals of a few. Where a branch matches the empty string, or many branches are
    left, the whole alternation runs (the same matches)."""

    __slots__ = ("_items", "branches", "idents", "index")

    def __init__(
        self,
        regex: re.Pattern[str],
        branches: tuple[re.Pattern[str] | Prefiltered, ...],
        index: LiteralIndex,
    ) -> None:
        self.regex = regex
        self.branches = branches
        self.index = index
        self._items = tuple(
            (b.ident, b.regex) if type(b) is Prefiltered else (None, b) for b in branches
        )
        # the ids of its branches' literals, when every branch has some (None: one always runs)
        idents = [ident for ident, _ in self._items]
        self.idents = None if None in idents else frozenset(idents)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.regex, name)

    def _candidates(self, text: str) -> list[re.Pattern[str]] | None:
        """The branches that can match in ``text``, in order (None: too many, run it whole)."""
        found = _possible(self.index, text)
        left = [regex for ident, regex in self._items if ident is None or ident in found]
        return None if len(left) > _MAX_BRANCHES else left

    def _matches(self, text: str, pos: int, endpos: int) -> list[re.Match[str]] | None:
        """The alternation's matches in ``text[pos:endpos]``, from the branches left by the
        prefilter; None where the whole alternation must run."""
        left = self._candidates(text)
        if left is None:
            return None
        if len(left) == 1:
            found = list(left[0].finditer(text, pos, endpos))
            return None if any(m.start() == m.end() for m in found) else found
        upcoming = [regex.search(text, pos, endpos) for regex in left]
        found = []
        while True:
            best = None
            for m in upcoming:
                if m is not None and (best is None or m.start() < best.start()):
                    best = m
            if best is None:
                return found
            end = best.end()
            if end == best.start():
                return None  # an empty match: the alternation's own rules for what follows
            found.append(best)
            for i, m in enumerate(upcoming):
                if m is not None and m.start() < end:
                    upcoming[i] = left[i].search(text, end, endpos)

    def finditer(
        self, text: str, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        """``re.Pattern.finditer``."""
        found = self._matches(text, pos, endpos)
        return self.regex.finditer(text, pos, endpos) if found is None else iter(found)

    def findall(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list[str]:
        """``re.Pattern.findall`` (the alternation has no groups: the matched texts)."""
        found = self._matches(text, pos, endpos)
        return (
            self.regex.findall(text, pos, endpos) if found is None else [m.group() for m in found]
        )

    def sub(self, repl: Any, text: str, count: int = 0) -> str:
        """``re.Pattern.sub``."""
        found = self._matches(text, 0, sys.maxsize) if callable(repl) else None
        if found is None:
            return self.regex.sub(repl, text, count)
        if count:
            found = found[:count]
        if not found:
            return text
        pieces, last = [], 0
        for m in found:
            pieces.append(text[last : m.start()])
            pieces.append(repl(m))
            last = m.end()
        pieces.append(text[last:])
        return "".join(pieces)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """``re.Pattern.search``: the leftmost match, of the first branch there."""
        left = self._candidates(text)
        if left is None:
            return self.regex.search(text, pos, endpos)
        best = None
        for regex in left:
            m = regex.search(text, pos, endpos)
            if m is not None and (best is None or m.start() < best.start()):
                best = m
        return best

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """``re.Pattern.match``: the first branch that matches at ``pos``."""
        return self._first("match", text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        """``re.Pattern.fullmatch``: the first branch that matches all of it."""
        return self._first("fullmatch", text, pos, endpos)

    def _first(self, method: str, text: str, pos: int, endpos: int) -> re.Match[str] | None:
        """The whole alternation's ``method`` (match / fullmatch) as its first matching branch."""
        left = self._candidates(text)
        if left is None:
            return getattr(self.regex, method)(text, pos, endpos)
        for regex in left:
            m = getattr(regex, method)(text, pos, endpos)
            if m is not None:
                return m
        return None
