"""Boilerplate lines and bylines per language, and validation of the pattern files."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimdiff.config import SegmentConfig
from claimdiff.errors import ConfigError
from claimdiff.text import is_boilerplate, load_lang_data
from claimdiff.text.segment import boilerplate_prefix_length

MAX = SegmentConfig().max_boilerplate_chars  # the configured default

BOILERPLATE = [
    ("ko", "홍길동 기자 hong@yna.co.kr"),
    ("ko", "김영희 특파원 kim.yh@example.co.kr"),
    ("ko", "<저작권자(c) 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>"),
    ("ko", "ⓒ 한국경제신문, 무단 전재 및 재배포 금지"),
    ("ko", "[관련기사]"),
    ("ko", "▶ 엔비디아 주가 급등…시총 5조 달러"),
    ("ko", "2026/11/25 10:00 송고"),
    ("ko", "광고"),
    ("ja", "広告"),
    ("ja", "おススメ記事"),
    ("ja", "関連記事"),
    ("ja", "タイトルとURLをコピーしました"),
    ("ja", "【関連記事】エヌビディア株が最高値"),
    ("ja", "無断転載を禁じます"),
    ("ja", "Copyright © 2026 Example Shimbun"),
    ("ja", "X Facebook LINE はてブ"),
    ("en", "Share this article"),
    ("en", "Click here to subscribe to our newsletter"),
    ("en", "Related: Nvidia shares hit record"),
    ("en", "Copyright © 2026 Example News. All rights reserved."),
    ("en", "Reporting by Jane Doe; Editing by John Roe"),
    ("en", "By Jane Doe and John Roe"),
    ("en", "ADVERTISEMENT"),
    ("en", "Media contact: press@helion.example"),
    ("en", "press@helion.example"),
    ("en", "###"),
    ("en", "About Helion"),
]

NOT_BOILERPLATE = [
    ("ko", "엔비디아가 한국에 GPU 25만장을 공급하기로 합의했다."),
    ("ko", "기자회견에서 황 CEO는 공급 일정을 밝히지 않았다."),
    ("ko", "정부는 광고 규제를 완화하기로 했다."),
    ("ja", "同社は広告事業も強化する方針だ。"),
    ("ja", "関連記事によると、同社は工場を新設する。"),
    ("ja", "25万枚を超えるGPUを導入する。"),
    ("en", "Nvidia will deploy more than 250,000 GPUs."),
    (
        "en",
        "Related companies also rose, with Samsung up 3% and SK Hynix up 5% on the day, as investors bet the deal would lift the whole supply chain for years to come, according to analysts who follow the sector closely and asked not to be named.",
    ),
    ("en", "The copyright dispute was settled last year."),
    ("en", "By the end of 2027, all GPUs will be installed."),
    ("en", "About 250,000 GPUs will be deployed."),
    ("en", "Contact with regulators continued."),
]


@pytest.mark.parametrize(("lang", "line"), BOILERPLATE)
def test_boilerplate_lines(lang: str, line: str) -> None:
    assert is_boilerplate(line, lang, max_chars=MAX)
    assert is_boilerplate(f"  {line}  ", lang, max_chars=MAX)


@pytest.mark.parametrize(("lang", "line"), NOT_BOILERPLATE)
def test_content_lines_are_kept(lang: str, line: str) -> None:
    assert not is_boilerplate(line, lang, max_chars=MAX)


def test_long_lines_are_never_boilerplate() -> None:
    line = "Share this article " + "x" * 50
    assert is_boilerplate("Share this article", "en", max_chars=MAX)
    assert not is_boilerplate(line, "en", max_chars=20)


@pytest.mark.parametrize(
    ("lang", "line", "prefix"),
    [
        (
            "ko",
            "(서울=연합뉴스) 홍길동 기자 = 엔비디아가 발표했다.",
            "(서울=연합뉴스) 홍길동 기자 = ",
        ),
        (
            "ko",
            "(워싱턴=연합뉴스) 김철수 특파원 = 미국 정부는",
            "(워싱턴=연합뉴스) 김철수 특파원 = ",
        ),
        ("ko", "(서울=뉴스1) 엔비디아가 발표했다.", "(서울=뉴스1) "),
        ("ko", "[서울=뉴시스] 엔비디아가 발표했다.", "[서울=뉴시스] "),
        ("ja", "【ワシントン=山田太郎】米エヌビディアは25日", "【ワシントン=山田太郎】"),
        ("en", "SEOUL, Nov 25 (Reuters) - Nvidia said on Tuesday", "SEOUL, Nov 25 (Reuters) - "),
        ("en", "SEOUL, Oct. 31, 2026 — Helion today announced", "SEOUL, Oct. 31, 2026 — "),
        ("en", "NEW YORK (AP) — Stocks rose", "NEW YORK (AP) — "),
        (
            "en",
            "TOKYO, Oct. 31, 2026 /PRNewswire/ -- Helion said",
            "TOKYO, Oct. 31, 2026 /PRNewswire/ -- ",
        ),
        ("en", "US - China talks resume", ""),
        ("en", "AI — the new electricity — is here", ""),
        ("ko", "엔비디아(NVIDIA)가 발표했다.", ""),
        ("ja", "米エヌビディアは25日、発表した。", ""),
        ("en", "Nvidia (NVDA) said on Tuesday", ""),
    ],
)
def test_byline_prefixes(lang: str, line: str, prefix: str) -> None:
    assert boilerplate_prefix_length(line, load_lang_data(lang)) == len(prefix)


def test_extra_patterns_extend_the_bundled_ones(tmp_path: Path) -> None:
    (tmp_path / "en.yaml").write_text(
        "lang: en\nboilerplate:\n  line:\n    - {pattern: '^Listen to this story$'}\n",
        encoding="utf-8",
    )
    data = load_lang_data("en", tmp_path)
    assert any(p.search("Listen to this story") for p in data.line_patterns)
    assert len(data.line_patterns) == len(load_lang_data("en").line_patterns) + 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "lang: en\nboilerplate:\n  line:\n    - {pattern: '(unclosed'}\n",
            "not a valid regular expression",
        ),
        ("lang: en\nboilerplat: {}\n", "boilerplat"),
        ("lang: en\npairs: [['(', '((']]\n", "two different single characters"),
        ("lang: ko\n", "declares lang: 'ko'"),
        ("lang: en\nsplit_after: ['[a-']\n", "not a valid regular expression"),
        ("lang: [en\n", "not valid YAML"),
    ],
)
def test_bad_pattern_files_fail_naming_the_file(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "en.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as caught:
        load_lang_data("en", tmp_path)
    assert str(tmp_path / "en.yaml") in str(caught.value) or "declares" in str(caught.value)


@pytest.mark.parametrize("lang", ["ko", "ja", "en"])
def test_bundled_files_load(lang: str) -> None:
    data = load_lang_data(lang)
    assert data.lang == lang and data.line_patterns
