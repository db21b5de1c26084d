"""Unicode normalisation of article text.

We use NFKC, not NFC, on purpose: compatibility forms are common in Japanese and Korean news
(full-width digits and Latin ``２５万`` / ``ＧＰＵ``, half-width katakana ``ｶﾞ``, ideographic
spaces, circled numbers) and downstream number parsing, matching and translation need the
plain forms (``25万``, ``GPU``, ``ガ``). NFKC would also flatten superscripts, subscripts and
vulgar fractions (``m²`` -> ``m2``, ``10²`` -> ``102``, ``½`` -> ``1⁄2``), which changes numbers;
those characters are kept as they are (NFC). The text before normalisation is kept in
``Article.raw_text`` whenever it differs.
"""

from __future__ import annotations

import re
import unicodedata

# Characters whose NFKC form would change a number's meaning.
_PROTECTED_TAGS = ("<super>", "<sub>", "<fraction>")
# Zero-width characters and the BOM carry no text; they break tokenisers and hashes.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_SPACES = re.compile(r"[ \t\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def _protected(char: str) -> bool:
    return unicodedata.decomposition(char).startswith(_PROTECTED_TAGS)


def normalize_text(text: str) -> str:
    """NFKC (keeping super/subscripts and fractions), unified newlines, tidy whitespace.

    Paragraph breaks survive as one blank line; runs of spaces become one space.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE.sub("", text)
    out: list[str] = []
    run: list[str] = []
    for char in text:
        if ord(char) > 0x7F and _protected(char):
            out.append(unicodedata.normalize("NFKC", "".join(run)))
            out.append(unicodedata.normalize("NFC", char))
            run = []
        else:
            run.append(char)
    out.append(unicodedata.normalize("NFKC", "".join(run)))
    text = "".join(out)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return _BLANK_LINES.sub("\n\n", text).strip()
