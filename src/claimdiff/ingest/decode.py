"""Bytes to text for web pages and local files, recording which encoding was used and why.

Order of evidence: byte-order mark; valid UTF-8 (legacy CJK encodings practically never form
valid non-ASCII UTF-8, so this catches servers that label UTF-8 pages as EUC-KR or Latin-1);
the declared charsets (HTTP header, then ``<meta>``), each tried strictly; then detection
with charset-normalizer. A Latin-1 / Windows-1252 / ASCII label is weak evidence (it is many
servers' default), so detection is consulted before it is trusted.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

# WHATWG Encoding Standard: browsers decode these labels with the superset codec, and so
# must we, or characters such as ① or 髙 on "Shift_JIS" pages fail to decode.
_SUPERSETS = {
    "shift_jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "euc-kr": "cp949",
    "euc_kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "windows-949": "cp949",
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-2022-jp": "iso2022_jp_ext",
    "euc-jp": "euc_jis_2004",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}
_WEAK = {"cp1252"}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE)
_XML_DECL = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)["']""", re.IGNORECASE)
_ISO2022_ESC = (b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b(B")
_META_WINDOW = 4096  # the HTML spec looks for <meta charset> in the first 1024 bytes; be lenient


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the codec used and the evidence that chose it."""

    text: str
    encoding: str  # Python codec name actually used
    reason: str  # "bom", "utf-8 valid", "http header", "meta", "detected", ...


def codec_for(label: str | None) -> str | None:
    """The Python codec to use for a charset label, or None when the label is unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _SUPERSETS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def sniff_declared(data: bytes) -> str | None:
    """Charset declared inside the document: ``<meta charset>`` or the XML declaration."""
    head = data[:_META_WINDOW]
    match = _META.search(head) or _XML_DECL.search(head)
    return match.group(1).decode("ascii", "replace") if match else None


def _self_evident(data: bytes) -> Decoded | None:
    """A BOM, valid UTF-8, ISO-2022-JP escapes or plain ASCII: no declaration needed."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _strict(data, codec)
            if text is not None:
                return Decoded(text.lstrip("\ufeff"), codec.replace("-sig", ""), "bom")
    if not data.isascii():
        text = _strict(data, "utf-8")
        return Decoded(text, "utf-8", "valid utf-8") if text is not None else None
    if any(esc in data for esc in _ISO2022_ESC):
        # ISO-2022-JP is 7-bit: it is valid ASCII and its escapes are its signature
        text = _strict(data, "iso2022_jp_ext")
        return Decoded(text, "iso2022_jp_ext", "iso-2022-jp escapes") if text is not None else None
    return Decoded(data.decode("ascii"), "ascii", "ascii")


def _declared(
    data: bytes, header_charset: str | None, max_mess: float, mess_min_chars: int
) -> tuple[Decoded | None, tuple[str, str] | None]:
    """The first declared charset (HTTP header, then meta) that decodes to clean text, and the
    first weak declaration (cp1252, often a server default) seen, kept as a last resort."""
    weak: tuple[str, str] | None = None
    for reason, label in (("http header", header_charset), ("meta", sniff_declared(data))):
        codec = codec_for(label)
        if codec is None:
            continue
        if codec in _WEAK:
            weak = weak or (codec, reason)
            continue
        text = _strict(data, codec)
        if text is not None and (
            len(text) < mess_min_chars or mess_ratio(text, max_mess) <= max_mess
        ):
            return Decoded(text, codec, reason), weak
    return None, weak


def decode_bytes(
    data: bytes,
    header_charset: str | None = None,
    max_mess: float = 0.1,
    mess_min_chars: int = 100,
) -> Decoded:
    """Decode page or file bytes; see the module docstring for the order of evidence.

    A declared charset that decodes without error but yields garbled text (mess ratio above
    ``max_mess``: EUC-KR bytes read as EUC-JP, say) is treated as a lie. The mess ratio is
    only consulted for texts of at least ``mess_min_chars`` characters; on shorter ones it is
    noise and the declaration wins.
    """
    evident = _self_evident(data)
    if evident is not None:
        return evident
    declared, weak = _declared(data, header_charset, max_mess, mess_min_chars)
    if declared is not None:
        return declared

    best = from_bytes(data).best()
    if best is not None:
        reason = "detected" if weak is None else f"detected ({weak[1]} said {weak[0]})"
        return Decoded(str(best), codecs.lookup(best.encoding).name, reason)
    if weak is not None:
        return Decoded(data.decode(weak[0], errors="replace"), weak[0], weak[1])
    return Decoded(
        data.decode("utf-8", errors="replace"), "utf-8", "undetectable; invalid bytes replaced"
    )
