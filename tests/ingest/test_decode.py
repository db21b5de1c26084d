"""Bytes to text: the declared charset, BOMs, escapes, meta tags and detection, each as a row."""

from __future__ import annotations

import codecs

import pytest

from claimdiff.ingest.decode import decode_bytes
from tests.ingest.texts import JA, KO

JA_SJIS_ONLY = "髙田社長は①東京で会見した。"


@pytest.mark.parametrize(
    ("data", "header", "text", "encoding", "reason"),
    [
        (KO.encode("cp949"), "EUC-KR", KO, "cp949", "http header"),
        (JA.encode("cp932"), "Shift_JIS", JA, "cp932", "http header"),
        (JA_SJIS_ONLY.encode("cp932"), "shift_jis", JA_SJIS_ONLY, "cp932", "http header"),
        (JA.encode("euc_jp"), "EUC-JP", JA, "euc_jis_2004", "http header"),
        (JA.encode("iso2022_jp"), None, JA, "iso2022_jp_ext", "iso-2022-jp escapes"),
        (JA.encode("iso2022_jp"), "ISO-2022-JP", JA, "iso2022_jp_ext", "iso-2022-jp escapes"),
        (codecs.BOM_UTF8 + KO.encode(), "EUC-KR", KO, "utf-8", "bom"),
        (KO.encode("utf-16"), None, KO, "utf-16", "bom"),
        (KO.encode(), "EUC-KR", KO, "utf-8", "valid utf-8"),  # header lies, bytes are UTF-8
        (KO.encode("cp949"), "utf-8", KO, "cp949", "detected"),  # header lies the other way
        ((KO * 3).encode("cp949"), "EUC-JP", KO * 3, "cp949", "detected"),  # decodes, as garbage
        (KO.encode("cp949"), "iso-8859-1", KO, "cp949", "detected (http header said cp1252)"),
        (
            b'<meta charset="euc-kr"><p>' + KO.encode("cp949"),
            None,
            '<meta charset="euc-kr"><p>' + KO,
            "cp949",
            "meta",
        ),
        (b"plain ascii", "utf-8", "plain ascii", "ascii", "ascii"),
    ],
)
def test_decode_bytes(
    data: bytes, header: str | None, text: str, encoding: str, reason: str
) -> None:
    decoded = decode_bytes(data, header)
    assert (decoded.text, decoded.encoding, decoded.reason) == (text, encoding, reason)
