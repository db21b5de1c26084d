"""Unicode normalisation of article text.

We use NFKC, not NFC, on purpose: compatibility forms are common in Japanese and Korean news
(full-width digits and Latin ``２５万`` / ``ＧＰＵ``, half-width katakana ``ｶﾞ``, ideographic
spaces, circled numbers) and downstream number parsing, matching and translation need the
plain forms (``25万``, ``GPU``, ``ガ``). NFKC would also flatten superscripts, subscripts and
vulgar fractions (``m²`` -> ``m2``, ``10²`` -> ``102``, ``½`` -> ``1⁄2``), which changes numbers;
those characters are kept as they are (NFC). The text before normalisation is kept in
``Article.raw_text`` whenever it differs.

Control characters (NUL, BEL, ESC and terminal colour sequences, C1 controls) and bidi controls
(U+202A-U+202E, U+2066-U+2069, LRM/RLM/ALM) are removed, tab and newline kept: they carry no
text, hide words from the checks ("will\x07 invest") and make spreadsheets reject a saved
review file. HTML left in a text field ("will <b>invest</b>") is flattened by
:func:`strip_markup` before normalisation.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache, lru_cache
from typing import Any

# Characters whose NFKC form would change a number's meaning.
_PROTECTED_TAGS = ("<super>", "<sub>", "<fraction>")
# Characters that carry no text and are removed: zero-width characters and the BOM (they break
# tokenisers and hashes), the soft hyphen, bidi controls, and every control character except tab
# and newline (form feed and vertical tab become spaces: they separate words).
_BIDI = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_INVISIBLE = [0x00AD, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF]
_CONTROLS = [c for c in [*range(0x20), *range(0x7F, 0xA0)] if c not in (0x09, 0x0A)]
_REMOVE: dict[int, str | None] = dict.fromkeys([*_CONTROLS, *_BIDI, *_INVISIBLE])
_REMOVE.update({0x0B: " ", 0x0C: " ", 0x85: "\n", 0x2028: "\n", 0x2029: "\n\n"})
# whether a text holds any of them: a search is a tenth of the cost of translating a text that
# holds none (nearly every text)
_REMOVABLE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_REMOVE)) + "]")
# A terminal escape sequence (colours in text copied from a console): dropped whole, so no
# "[31m" is left behind when its ESC is removed.
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")
# Markup is only stripped from text that plainly holds HTML: a closing tag or a line-break /
# paragraph tag. "a < b" or "if a<b and c>d" is plain text and must reach the checks as it is;
# no library tells HTML from text that merely contains "<", hence this test.
_HTML = re.compile(r"</[A-Za-z][A-Za-z0-9]*\s*>|<(?:br|p|hr|div|li)\b[^<>]*>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def _protected(char: str) -> bool:
    return unicodedata.decomposition(char).startswith(_PROTECTED_TAGS)


@cache
def _protected_chars() -> re.Pattern[str]:
    """A character class of every non-ASCII character :func:`_protected` keeps (built once)."""
    spans: list[list[int]] = []
    for code in range(0x80, sys.maxunicode + 1):
        if _protected(chr(code)):
            if spans and spans[-1][1] == code - 1:
                spans[-1][1] = code
            else:
                spans.append([code, code])
    # as ranges: a class of 271 single characters scans text five times slower than 33 ranges
    return re.compile(
        "[" + "".join(f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in spans) + "]"
    )


def remove_controls(text: str) -> str:
    """Drop control, bidi and zero-width characters (keeping tab and newline); CR ends a line."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x1b" in text:
        text = _ANSI.sub("", text)
    return text.translate(_REMOVE) if _REMOVABLE.search(text) else text


def strip_markup(text: str) -> str:
    """Plain text of a field that holds HTML (tags dropped, entities decoded, blocks on lines).

    Text without a closing or block tag is returned unchanged, so "a < b" is not mangled.
    """
    if not _HTML.search(text):
        return text
    from lxml.etree import LxmlError

    from claimdiff.ingest.extract import fragment_text

    try:
        return fragment_text(remove_controls(text))
    except (LxmlError, ValueError):  # lxml rejects what it cannot parse: keep the text
        return text


def as_written(raw: str, start: int, end: int) -> str | None:
    """The span ``[start, end)`` of ``normalize_text(strip_markup(raw))`` as the outlet wrote it.

    Reviewers search the source for the sentence they are shown, and full-width ％ and （ ）,
    ㎏ or ～ are what the page holds. None when the two texts do not align character by
    character (NFKC composed across characters), and the caller shows the normalised text.
    """
    written = strip_markup(raw)
    index = _written_index(written)
    if index is None or not 0 <= start < end <= len(index):
        return None
    # the characters as written, without the controls a spreadsheet would choke on
    return _SPACES.sub(" ", remove_controls(written[index[start] : index[end - 1] + 1]))


# bounded: one entry per article text; an export reads a story's articles together
@lru_cache(maxsize=256)
def _written_index(written: str) -> tuple[int, ...] | None:
    """For each character of ``normalize_text(written)``, the index in ``written`` it comes from.

    normalize_text works on whole strings for speed; this replays it one character at a time
    (controls, then NFKC or the protected NFC) and aligns the result with its output, which
    differs from the replay only where whitespace was tidied.
    """
    target = normalize_text(written)
    dropped = {i for m in _ANSI.finditer(written) for i in range(m.start(), m.end())}
    # a character with the marks that compose with it (ｶﾞ -> ガ, e + U+0301 -> é, Hangul jamo)
    groups: list[list[Any]] = []  # [index of its first character, its characters]
    for i, char in enumerate(written):
        if i in dropped or (char == "\r" and written[i + 1 : i + 2] == "\n"):
            continue
        if char == "\r":
            char = "\n"
        elif ord(char) in _REMOVE:
            char = _REMOVE[ord(char)] or ""
        if groups and char and _composes(char):
            groups[-1][1] += char
        elif char:
            groups.append([i, char])
    pieces = [
        (piece, origin)
        for origin, chars in groups
        for piece in unicodedata.normalize(
            "NFC" if len(chars) == 1 and _protected(chars) else "NFKC", chars
        )
    ]
    index: list[int] = []
    for piece, origin in pieces:
        while len(index) < len(target) and target[len(index)] != piece:
            if piece.isspace():
                break  # whitespace the tidying dropped
            if not target[len(index)].isspace():
                return None  # composed across characters: no one-to-one alignment
            index.append(origin)  # whitespace the tidying wrote in place of other whitespace
        else:
            if len(index) < len(target):
                index.append(origin)
    return tuple(index) if len(index) == len(target) else None


def _composes(char: str) -> bool:
    """Whether NFKC may join ``char`` to the character before it."""
    form = unicodedata.normalize("NFKC", char)[:1]
    return bool(form) and (unicodedata.combining(form) > 0 or 0x1160 <= ord(form) <= 0x11FF)


def normalize_text(text: str) -> str:
    """NFKC (keeping super/subscripts and fractions), controls removed, tidy whitespace.

    Paragraph breaks survive as one blank line; runs of spaces become one space.
    """
    text = remove_controls(text)
    # a text NFKC leaves as it is holds no protected character either (NFKC changes each of
    # them): most texts, and they skip the scan (and the class's one-off build, ~0.5 s)
    if not unicodedata.is_normalized("NFKC", text):
        out: list[str] = []
        start = 0
        # the protected characters are found by one regex, not by a Python loop over every char
        for match in _protected_chars().finditer(text):
            out.append(unicodedata.normalize("NFKC", text[start : match.start()]))
            out.append(unicodedata.normalize("NFC", match.group()))
            start = match.end()
        out.append(unicodedata.normalize("NFKC", text[start:]))
        text = "".join(out)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return _BLANK_LINES.sub("\n\n", text).strip()
