"""Sentence spans for Korean, Japanese and English news text.

A maintained segmenter proposes the boundaries (``sentencex`` by default, chosen by measurement:
see ``benchmarks/segmenters.py``); a thin layer over it does what the libraries do not:

- newlines are paragraph breaks, and paragraphs are segmented one at a time;
- a boundary inside a matched quote or bracket pair is dropped, so
  「日本はAIをリードする。基盤を支える」と述べた。 stays one sentence (the libraries split
  some of these, and none of them treats Korean "…" quotes that way);
- closing quotes and brackets after the final punctuation belong to the sentence (。」);
- per-language extra boundaries from the language data (e.g. Korean 다.그는 with no space);
- a sentence longer than ``max_chars`` is cut at the best clause break (、 , ;) before the limit.

Spans are character offsets into the text given, stripped of surrounding whitespace.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import cache, lru_cache

from claimdiff.errors import InputError
from claimdiff.text.langdata import LangData, load_lang_data

logger = logging.getLogger(__name__)

Span = tuple[int, int]
# A backend returns the end offsets of the sentences it finds in one paragraph.
Backend = Callable[[str, str], list[int]]

DEFAULT_SEGMENTER = "sentencex"
_PARAGRAPH = re.compile(r"[^\n\r\u2028\u2029]+")
_OTHER_SPACES = re.compile(r"[^\S \n]")  # whitespace other than ASCII space and newline


def _sentencex_backend() -> Backend:
    try:
        import sentencex
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "the 'sentencex' segmenter needs the sentencex package: pip install 'sentencex>=1.0'"
        ) from exc

    def boundaries(paragraph: str, lang: str) -> list[int]:
        # sentencex 1.0.32 panics on some non-ASCII spaces ("A\u3000." -> byte index inside
        # '\u3000'); ideographic spaces are common in Japanese text, and replacing each space
        # character by one ASCII space keeps every character offset.
        ascii_spaced = _OTHER_SPACES.sub(" ", paragraph)
        try:
            found = sentencex.get_sentence_boundaries(lang, ascii_spaced)
        except (KeyboardInterrupt, SystemExit, GeneratorExit):
            raise
        except BaseException as exc:
            # a Rust panic arrives as pyo3's PanicException, a BaseException that would
            # escape the stage's per-article error handling; make it an ordinary error
            raise InputError(
                f"sentencex failed on a {lang} paragraph starting {paragraph[:40]!r}: {exc}"
            ) from exc
        # get_sentence_boundaries gives character (not byte) offsets
        return [b["end_index"] for b in found]

    return boundaries


def _pysbd_backend() -> Backend:
    try:
        import pysbd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("the 'pysbd' segmenter needs pysbd: pip install 'pysbd>=0.3.4'") from exc

    @lru_cache(maxsize=4)
    def segmenter(lang: str) -> pysbd.Segmenter:
        # pysbd has no Korean rules; its English rules are the closest fit (period-final).
        return pysbd.Segmenter(language="en" if lang == "ko" else lang, clean=False)

    def boundaries(paragraph: str, lang: str) -> list[int]:
        # pysbd's char_span mode miscounts on some inputs; locate each sentence instead.
        ends, cursor = [], 0
        for sentence in segmenter(lang).segment(paragraph):
            stripped = sentence.strip()
            if not stripped:
                continue
            found = paragraph.find(stripped, cursor)
            if found < 0:
                continue
            cursor = found + len(stripped)
            ends.append(cursor)
        return ends

    return boundaries


_BACKENDS: dict[str, Callable[[], Backend]] = {
    "sentencex": _sentencex_backend,
    "pysbd": _pysbd_backend,
}


@cache
def get_backend(name: str) -> Backend:
    """The boundary finder registered under ``name`` (imported on first use)."""
    try:
        factory = _BACKENDS[name]
    except KeyError:
        raise ValueError(
            f"unknown segmenter {name!r}; available: {', '.join(sorted(_BACKENDS))}"
        ) from None
    return factory()


@lru_cache(maxsize=32)
def _marks(chars: frozenset[str]) -> re.Pattern[str] | None:
    """One character class of ``chars`` (None when there are none)."""
    if not chars:
        return None
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


def _quoted_regions(paragraph: str, data: LangData) -> list[Span]:
    """(open, close) positions of matched quote/bracket pairs in one paragraph."""
    regions: list[Span] = []
    stack: list[tuple[str, int]] = []
    open_symmetric: dict[str, int] = {}
    # only the quote and bracket characters matter: find them in C, not char by char
    marks = _marks(frozenset(data.openers) | data.closers)
    for match in marks.finditer(paragraph) if marks is not None else ():
        i, char = match.start(), match.group()
        if char in data.symmetric_quotes:
            if char in open_symmetric:
                regions.append((open_symmetric.pop(char), i))
            else:
                open_symmetric[char] = i
        elif char in data.openers:
            stack.append((char, i))
        else:
            # a closer pops back to its own opener; stray closers are ignored
            for depth in range(len(stack) - 1, -1, -1):
                opener, pos = stack[depth]
                if data.openers[opener] == char:
                    regions.append((pos, i))
                    del stack[depth:]
                    break
    return regions


def _closing_positions(regions: list[Span]) -> set[int]:
    return {close for _, close in regions}


def _continues_quote(paragraph: str, cut: int, closing: set[int], data: LangData) -> bool:
    # 「…餅だ！」と指摘する。 / "왜 한국인가?"라는 질문에: the sentence goes on after the quote
    if cut - 1 not in closing:
        return False
    return any(pattern.match(paragraph, cut) for pattern in data.quote_continuation)


def _paragraph_spans(paragraph: str, lang: str, data: LangData, backend: Backend) -> list[Span]:
    regions = _quoted_regions(paragraph, data)
    closing = _closing_positions(regions)
    cuts = set(backend(paragraph, lang))
    for pattern in data.split_after:
        cuts.update(match.end() for match in pattern.finditer(paragraph))

    adjusted: set[int] = set()
    for cut in cuts:
        # back over whitespace to the end of the sentence, then forward over closing quotes
        # and brackets that belong to it (。」 / ." / 다.")
        while cut > 0 and paragraph[cut - 1].isspace():
            cut -= 1
        while cut < len(paragraph) and cut in closing:
            cut += 1
        if 0 < cut < len(paragraph):
            adjusted.add(cut)

    # abbreviations the segmenter does not know (approx. 30,000) end no sentence
    protected = {m.end() for pattern in data.no_split_after for m in pattern.finditer(paragraph)}
    kept = [
        cut
        for cut in sorted(adjusted)
        if cut not in protected
        and not any(o < cut <= c for o, c in regions)
        and not _continues_quote(paragraph, cut, closing, data)
    ]
    spans: list[Span] = []
    start = 0
    for end in [*kept, len(paragraph)]:
        piece = paragraph[start:end]
        left = len(piece) - len(piece.lstrip())
        right = len(piece.rstrip())
        if right > left:
            spans.append((start + left, start + right))
        start = end
    return spans


def _cut_long(text: str, span: Span, max_chars: int, breaks: tuple[str, ...]) -> list[Span]:
    """Cut a span longer than max_chars at the best clause break in its second half."""
    pieces: list[Span] = []
    start, end = span
    while end - start > max_chars:
        window_lo, window_hi = start + max_chars // 2, start + max_chars
        cut = -1
        for brk in breaks:
            found = text.rfind(brk, window_lo, window_hi)
            if found >= 0:
                cut = found + len(brk.rstrip()) if brk.strip() else found
                break
        if cut <= start:
            cut = window_hi  # no break anywhere near: a hard cut keeps statements bounded
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        pieces.append((start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        pieces.append((start, end))
    return [(s, e) for s, e in pieces if e > s]


def split_sentences(
    text: str,
    lang: str,
    *,
    segmenter: str = DEFAULT_SEGMENTER,
    max_chars: int | None = None,
) -> list[Span]:
    """Split ``text`` into sentences; return ``(start, end)`` character spans into ``text``.

    Spans are stripped of surrounding whitespace and in text order. Newlines are paragraph
    breaks; quotes and brackets are never split inside. With ``max_chars``, longer sentences
    are cut at a clause break (、 , ;) or, failing that, at the limit.
    """
    return split_with(text, load_lang_data(lang), segmenter=segmenter, max_chars=max_chars)


def split_with(
    text: str, data: LangData, *, segmenter: str = DEFAULT_SEGMENTER, max_chars: int | None = None
) -> list[Span]:
    """:func:`split_sentences` with already loaded language data (e.g. with extra patterns)."""
    lang = data.lang
    backend = get_backend(segmenter)
    spans: list[Span] = []
    for paragraph in _PARAGRAPH.finditer(text):
        if not paragraph.group().strip():
            continue
        offset = paragraph.start()
        for start, end in _paragraph_spans(paragraph.group(), lang, data, backend):
            spans.append((offset + start, offset + end))
    if max_chars is not None:
        spans = [
            piece
            for span in spans
            for piece in (
                _cut_long(text, span, max_chars, data.clause_breaks)
                if span[1] - span[0] > max_chars
                else [span]
            )
        ]
    return spans
