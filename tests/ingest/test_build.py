"""An article from its fields: cleaned text checked like clean text, size cap, language, id."""

from __future__ import annotations

import pytest

from claimdiff.checks.apply import compare_statements
from claimdiff.config import FactsConfig
from claimdiff.errors import InputError
from claimdiff.facts import load_lexicons
from claimdiff.ingest.build import article_from_fields
from tests.facts.statements import st
from tests.ingest.texts import CFG, JA, KO, built_article

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
    article = built_article(dirty, "en")
    assert article.text == clean and article.raw_text == dirty
    report = st(article.text, "en", role="report")
    kinds = {r.kind for r in compare_statements(ORIGINAL, report, LEXICONS, FactsConfig())}
    expected = compare_statements(ORIGINAL, st(clean, "en", "report"), LEXICONS, FactsConfig())
    assert kinds == {r.kind for r in expected} and kinds  # the commitment change is found


def test_html_title_is_flattened() -> None:
    article = built_article(KO, "ko", title="<b>GPU</b> 25만 장 &amp; 협약")
    assert article.title == "GPU 25만 장 & 협약"


def test_size_cap_rejects_before_any_work() -> None:
    fields = {"url": "u", "outlet": "O", "role": "report", "text": "x" * 1001}
    with pytest.raises(
        InputError, match=r"text has 1,001 characters, more than ingest\.max_chars \(1,000\)"
    ):
        article_from_fields(fields, source="t:1", fetch=CFG, max_chars=1000)
    assert article_from_fields({**fields, "text": KO}, source="t:1", fetch=CFG, max_chars=1000)


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
    article = built_article(text, declared)
    assert (article.lang, article.lang_detected) == (lang, detected_flag)
    assert article.lang_confidence is not None
    if declared and declared != lang:
        assert article.metadata["declared_lang"] == declared


def test_article_id_is_stable_and_ignores_tracking() -> None:
    a = built_article(KO, url="https://example.com/a?utm_source=x")
    b = built_article(KO, url="https://m.example.com/a")
    assert a.article_id == b.article_id and a.url != b.url
    assert a.raw_text is None  # nothing to normalise
    c = built_article("ＧＰＵ　２５万枚を導入する計画だ。", url="https://example.com/a")
    assert (
        c.text == "GPU 25万枚を導入する計画だ。"
        and c.raw_text == "ＧＰＵ　２５万枚を導入する計画だ。"
    )
