"""Unicode normalisation and markup stripping of ingested text."""

from __future__ import annotations

import pytest

from claimdiff.ingest.normalize import as_written, normalize_text, strip_markup

NORMALISED = [
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
]


@pytest.mark.parametrize(("raw", "expected"), NORMALISED)
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


@pytest.mark.parametrize(
    ("raw", "sentence", "written"),
    [
        (
            "売上は１８％増の３２０億円。\n\n在庫は約3.6㎏（推計）だった。",
            "在庫は約3.6kg(推計)だった。",
            "在庫は約3.6㎏（推計）だった。",
        ),
        ("ｶﾞｲﾄﾞﾗｲﾝを改定。次は２０２７年。", "ガイドラインを改定。", "ｶﾞｲﾄﾞﾗｲﾝを改定。"),
        (
            "Line one.\r\n\r\n  Revenue  rose\t５％ in Q3.",
            "Revenue rose 5% in Q3.",
            "Revenue rose ５％ in Q3.",
        ),
        ("<p>매출은 １２％ 늘었다.</p><p>끝.</p>", "매출은 12% 늘었다.", "매출은 １２％ 늘었다."),
        ("It will\x07 invest ２５万 now.", "will invest 25万 now.", "will invest ２５万 now."),
        ("e\u0301tude de ２ cas", "étude de 2 cas", "e\u0301tude de ２ cas"),  # a mark composes
    ],
)
def test_as_written_gives_a_normalised_span_back_as_the_outlet_wrote_it(raw, sentence, written):
    text = normalize_text(strip_markup(raw))
    start = text.index(sentence)
    assert as_written(raw, start, start + len(sentence)) == written


@pytest.mark.parametrize(("raw", "expected"), NORMALISED)
def test_every_normalised_text_maps_back_to_what_normalises_to_it(raw, expected):
    if not expected:
        return
    written = as_written(raw, 0, len(expected))
    assert written is not None and normalize_text(written) == expected


def test_a_span_outside_the_text_has_no_written_form():
    assert as_written("２５万", 0, 9) is None
