"""Language behaviour of ingestion as tables: URLs, Unicode, encodings, language, duplicates."""

from __future__ import annotations

import codecs
from dataclasses import replace

import pytest

from claimdiff.checks.apply import compare_statements
from claimdiff.config import FactsConfig, FetchConfig
from claimdiff.errors import InputError
from claimdiff.facts import load_lexicons
from claimdiff.ingest.build import article_from_fields
from claimdiff.ingest.decode import decode_bytes
from claimdiff.ingest.dedupe import mark_duplicates
from claimdiff.ingest.langid import detect_language
from claimdiff.ingest.normalize import normalize_text, strip_markup
from claimdiff.ingest.urls import canonical_url
from tests.facts.statements import st

CFG = FetchConfig()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a/1?utm_source=x&utm_medium=y", "https://example.com/a/1"),
        ("http://www.example.com/a/1/", "https://example.com/a/1"),
        ("https://m.example.com/a/1#comments", "https://example.com/a/1"),
        ("https://example.com/a/1/amp", "https://example.com/a/1"),
        ("https://example.com/amp/a/1", "https://example.com/a/1"),
        (
            "https://example.com/news/2025/11/story.amp.html",
            "https://example.com/news/2025/11/story.html",
        ),
        (
            "https://news.example.co.kr/read?oid=001&aid=0002&fbclid=abc",
            "https://news.example.co.kr/read?aid=0002&oid=001",
        ),
        (
            "https://news.example.co.kr/article/1?outputType=amp",
            "https://news.example.co.kr/article/1",
        ),
        ("https://Example.COM:443/A?b=2&a=1", "https://example.com/A?a=1&b=2"),
        ("https://example.jp:8443/x?gclid=1", "https://example.jp:8443/x"),
        ("file:///data/a.txt", "file:///data/a.txt"),
    ],
)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


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


LEXICONS = load_lexicons()
ORIGINAL = st("The company may invest in the plant next year.", "en")


@pytest.mark.parametrize(
    "dirty",
    [
        "The company will\x07 invest in the plant next year.",
        "The company will <b>invest</b> in the plant next year.",
        "The company\u202e will invest\u202c in the plant next year.\x00",
    ],
)
def test_dirty_text_is_checked_like_clean_text(dirty: str) -> None:
    clean = "The company will invest in the plant next year."
    article = _article(dirty, "en")
    assert article.text == clean and article.raw_text == dirty
    report = st(article.text, "en", role="report")
    kinds = {r.kind for r in compare_statements(ORIGINAL, report, LEXICONS, FactsConfig())}
    expected = compare_statements(ORIGINAL, st(clean, "en", "report"), LEXICONS, FactsConfig())
    assert kinds == {r.kind for r in expected} and kinds  # the commitment change is found


def test_html_title_is_flattened() -> None:
    article = _article(KO, "ko", title="<b>GPU</b> 25만 장 &amp; 협약")
    assert article.title == "GPU 25만 장 & 협약"


def test_size_cap_rejects_before_any_work() -> None:
    fields = {"url": "u", "outlet": "O", "role": "report", "text": "x" * 1001}
    with pytest.raises(
        InputError, match=r"text has 1,001 characters, more than ingest\.max_chars \(1,000\)"
    ):
        article_from_fields(fields, source="t:1", fetch=CFG, max_chars=1000)
    assert article_from_fields({**fields, "text": KO}, source="t:1", fetch=CFG, max_chars=1000)


KO = "엔비디아는 한국 정부에 GPU 25만 장을 공급하기로 합의했다고 밝혔다. 업계는 큰 의미가 있다고 평가했다."
JA = "エヌビディアは、韓国全体で25万枚を超えるGPUを導入すると発表した。業界は大きな意味があると評価した。"
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


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (KO, "ko"),
        (JA, "ja"),
        ("Nvidia will deploy more than 250,000 GPUs across the country's sovereign clouds.", "en"),
        ("GPU 25만 장", "ko"),
        ("GPU25万枚を導入する", "ja"),
        ("삼성전자는 3분기 영업이익이 9조 원을 넘었다고 발표했다.", "ko"),
        ("政府は来年度から補助金を拡充する方針だ。", "ja"),
    ],
)
def test_detect_language(text: str, lang: str) -> None:
    detected, confidence, _ = detect_language(text, CFG.lang_detect_max_chars)
    assert detected == lang and confidence > 0.5


def test_no_language_signal() -> None:
    assert detect_language("12,345 / 67.8%", CFG.lang_detect_max_chars)[0] is None


def _article(
    text: str,
    lang: str | None = None,
    url: str = "https://example.com/a",
    role: str = "report",
    **more: object,
):
    fields = {"url": url, "outlet": "Outlet", "role": role, "text": text, **more}
    if lang:
        fields["lang"] = lang
    return article_from_fields(fields, source="t:1", fetch=CFG)


@pytest.mark.parametrize(
    ("text", "declared", "lang", "detected_flag"),
    [
        (KO, None, "ko", True),  # missing -> detected
        (KO, "ko", "ko", False),  # agrees
        (KO, "en", "ko", True),  # plainly Korean, long enough: overridden (and logged)
        (JA, "ko", "ja", True),
        ("GPU 25만 장", "en", "en", False),  # too short to overrule the source
    ],
)
def test_declared_language_is_overridden_only_when_plainly_wrong(
    text: str, declared: str | None, lang: str, detected_flag: bool
) -> None:
    article = _article(text, declared)
    assert (article.lang, article.lang_detected) == (lang, detected_flag)
    assert article.lang_confidence is not None
    if declared and declared != lang:
        assert article.metadata["declared_lang"] == declared


def test_article_id_is_stable_and_ignores_tracking() -> None:
    a = _article(KO, url="https://example.com/a?utm_source=x")
    b = _article(KO, url="https://m.example.com/a")
    assert a.article_id == b.article_id and a.url != b.url
    assert a.raw_text is None  # nothing to normalise
    c = _article("ＧＰＵ　２５万枚を導入する計画だ。", url="https://example.com/a")
    assert (
        c.text == "GPU 25万枚を導入する計画だ。"
        and c.raw_text == "ＧＰＵ　２５万枚を導入する計画だ。"
    )


WIRE = (
    "Northwind Systems said on Wednesday it would build three new data centres over the next two "
    "years, adding about 1,200 jobs in the region. The company expects the first site to open in the "
    "second half of 2026, and analysts said the investment was among the largest this year."
)


@pytest.mark.parametrize(
    ("copy", "role", "is_duplicate"),
    [
        (WIRE, "report", True),  # exact text, another URL
        (
            WIRE.replace("said on Wednesday", "announced Wednesday") + " (Reporting by staff.)",
            "report",
            True,
        ),
        (
            WIRE.replace("1,200", "12,000"),
            "report",
            False,
        ),  # a changed number is a finding, not a copy
        (
            WIRE.replace("about 1,200", "1,200"),
            "report",
            True,
        ),  # qualifier edits stay near (documented)
        (
            WIRE.replace("said on Wednesday", "announced Wednesday"),
            "original",
            False,
        ),  # roles differ
        (
            "A completely different story about weather in the region, with rain expected on Friday and "
            "temperatures dropping to 4 degrees. Officials urged drivers to take care on mountain roads "
            "where ice may form overnight, and schools may open late.",
            "report",
            False,
        ),
    ],
)
def test_near_duplicates(copy: str, role: str, is_duplicate: bool) -> None:
    first = _article(WIRE, url="https://wire.example.com/a")
    second = _article(copy, url="https://partner.example.com/b", role=role)
    marked = mark_duplicates([first, second], [], CFG)
    assert marked[0].duplicate_of is None
    assert (marked[1].duplicate_of == first.article_id) is is_duplicate


def test_duplicates_against_known_and_originals_are_kept_first() -> None:
    stored = _article(WIRE, url="https://wire.example.com/a")
    again = _article(WIRE, url="https://wire.example.com/a")  # same article re-read
    copy = _article(WIRE + " Extra line.", url="https://other.example.com/c")
    report = _article(KO, url="https://r.example.com/1", role="report")
    original = _article(KO, url="https://o.example.com/1", role="original")
    marked = mark_duplicates([again, copy, report, original], [stored], CFG)
    assert marked[0].duplicate_of is None  # the stored article itself, not a copy of it
    assert marked[1].duplicate_of == stored.article_id
    assert marked[2].duplicate_of == original.article_id and marked[3].duplicate_of is None
    # a known duplicate keeps pointing at its original
    dup = replace(copy, duplicate_of=stored.article_id)
    assert mark_duplicates([copy], [stored, dup], CFG)[0].duplicate_of == stored.article_id
