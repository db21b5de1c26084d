"""Unicode normalisation and markup stripping of ingested text."""

from __future__ import annotations

import pytest

from claimdiff.ingest.normalize import normalize_text, strip_markup


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＧＰＵ２５万枚を導入", "GPU25万枚を導入"),  # full-width Latin and digits
        ("25만　장을\u3000공급", "25만 장을 공급"),  # ideographic space
        ("ｶﾞｲﾄﾞﾗｲﾝ", "ガイドライン"),  # half-width katakana
        ("㈜한빛반도체", "(주)한빛반도체"),
        ("面積は10m²で", "面積は10m²で"),  # superscripts keep their meaning
        ("½ of them", "½ of them"),
        ("line one\r\nline two\r\n\r\n\r\npara two", "line one\nline two\n\npara two"),
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("  padded   words  ", "padded words"),
        # control characters go, tab (as a space) and newline stay
        ("will\x07 invest\x00 now\x1b", "will invest now"),
        ("\x1b[31mred\x1b[0m text", "red text"),  # a terminal colour sequence goes whole
        ("a\tb\nc\x0bd\x0ce\x85f", "a b\nc d e\nf"),
        ("C1\x9b control\x7f", "C1 control"),
        # bidi overrides, embeddings, isolates and marks
        ("\u202eabc\u202c \u2066x\u2069 \u200fy\u200e\u061c", "abc x y"),
        ("infor\u00admation", "information"),  # soft hyphen
        ("line\u2028next\u2029para", "line\nnext\n\npara"),
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("will <b>invest</b>", "will invest"),
        ("AT&amp;T will <i>invest</i> 5%", "AT&T will invest 5%"),
        ("<p>one</p><p>two</p>", "one\ntwo\n"),
        ("first<br>second", "first\nsecond"),
        ("<script>track()</script>text <b>x</b>", "text x"),
        # plain text that merely contains "<" or "&" is left as it is
        ("a < b and b > c", "a < b and b > c"),
        ("if a<b and c>d then 3 < 4", "if a<b and c>d then 3 < 4"),
        ("AT&T &amp; <3", "AT&T &amp; <3"),
        ("<unknown> tag alone", "<unknown> tag alone"),
    ],
)
def test_strip_markup(raw: str, expected: str) -> None:
    assert strip_markup(raw) == expected
