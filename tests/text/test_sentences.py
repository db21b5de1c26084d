"""split_sentences: language tables, the hand-labelled gold set, offsets and edge cases."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest
import yaml

from claimdiff.text import split_sentences

GOLD_DIR = Path(__file__).parent / "gold"


def sentences(text: str, lang: str, **kwargs) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text, lang, **kwargs)]


KO = [
    (
        "엔비디아가 GPU를 공급한다. 정부는 환영했다.",
        ["엔비디아가 GPU를 공급한다.", "정부는 환영했다."],
    ),
    (
        "매출이 2.5% 늘었다. 영업이익은 3.14조원이다.",
        ["매출이 2.5% 늘었다.", "영업이익은 3.14조원이다."],
    ),
    ("공급은 끝났다.다음 단계가 남았다.", ["공급은 끝났다.", "다음 단계가 남았다."]),
    ("정말 그럴까? 아니에요. 확실합니다!", ["정말 그럴까?", "아니에요.", "확실합니다!"]),
    (
        '그는 "합의는 끝났다. 이제 실행이다"라고 말했다. 시장은 반겼다.',
        ['그는 "합의는 끝났다. 이제 실행이다"라고 말했다.', "시장은 반겼다."],
    ),
    (
        "계약일은 2026.11.25이다. 세부 내용은 비공개다.",
        ["계약일은 2026.11.25이다.", "세부 내용은 비공개다."],
    ),
    ("물량은 2만5천장이다\n가격은 미정이다", ["물량은 2만5천장이다", "가격은 미정이다"]),
    ("결과는 두고 봐야 한다… 다만 기대가 크다.", ["결과는 두고 봐야 한다…", "다만 기대가 크다."]),
    ("그는 '검토 중이다. 곧 발표한다'고 전했다.", ["그는 '검토 중이다. 곧 발표한다'고 전했다."]),
    (
        "회사(대표 김철수)는 성명을 냈다. 내용은 짧았다.",
        ["회사(대표 김철수)는 성명을 냈다.", "내용은 짧았다."],
    ),
    ("환율은 1,350.5원이었다. 전날보다 올랐다.", ["환율은 1,350.5원이었다.", "전날보다 올랐다."]),
]

JA = [
    ("政府は計画を承認した。実施は来年だ。", ["政府は計画を承認した。", "実施は来年だ。"]),
    (
        "社長は「需要は強い。供給を増やす」と述べた。株価は上がった。",
        ["社長は「需要は強い。供給を増やす」と述べた。", "株価は上がった。"],
    ),
    ("「計画は順調だ。」担当者はそう話した。", ["「計画は順調だ。」", "担当者はそう話した。"]),
    ("売上は1万5,000台だった。前年比2.5%増だ。", ["売上は1万5,000台だった。", "前年比2.5%増だ。"]),
    ("本当か？本当だ！", ["本当か？", "本当だ！"]),
    ("彼は「なぜだ？」と問うた。答えはない。", ["彼は「なぜだ？」と問うた。", "答えはない。"]),
    ("『新時代。』という本が出た。", ["『新時代。』という本が出た。"]),
    ("発表は2026.11.25だった。詳細は未定。", ["発表は2026.11.25だった。", "詳細は未定。"]),
    ("円周率は3.14だ。覚えやすい。", ["円周率は3.14だ。", "覚えやすい。"]),
    # 。 directly followed by a digit still ends the sentence (and 「…。2…」 stays one)
    ("工場は完成した。2027年に稼働する。", ["工場は完成した。", "2027年に稼働する。"]),
    ("価格は上がった。３月に発売する。", ["価格は上がった。", "３月に発売する。"]),
    ("「完成した。2027年に稼働する」と述べた。", ["「完成した。2027年に稼働する」と述べた。"]),
    ("市場は冷静だった\n投資家は様子見だ。", ["市場は冷静だった", "投資家は様子見だ。"]),
    (
        "同社は新工場を建てる（関係者）。稼働は来年。",
        ["同社は新工場を建てる（関係者）。", "稼働は来年。"],
    ),
    ("道は長い…。それでも進む。", ["道は長い…。", "それでも進む。"]),
]

EN = [
    (
        "Nvidia will deploy GPUs. Korea welcomed it.",
        ["Nvidia will deploy GPUs.", "Korea welcomed it."],
    ),
    (
        "Mr. Lee met U.S. officials on Monday. They agreed.",
        ["Mr. Lee met U.S. officials on Monday.", "They agreed."],
    ),
    (
        "Revenue rose 2.5% to $4.1 billion. Profit fell.",
        ["Revenue rose 2.5% to $4.1 billion.", "Profit fell."],
    ),
    (
        "Acme Inc. and Beta Corp. signed the deal. It runs to 2030.",
        ["Acme Inc. and Beta Corp. signed the deal.", "It runs to 2030."],
    ),
    (
        '"It is done. We move on," she said. Markets rose.',
        ['"It is done. We move on," she said.', "Markets rose."],
    ),
    ("Is it real? Nobody knows!", ["Is it real?", "Nobody knows!"]),
    (
        'He called it "historic." Others disagreed.',
        ['He called it "historic."', "Others disagreed."],
    ),
    (
        "Shipments start on Jan. 5, 2027. Prices vary.",
        ["Shipments start on Jan. 5, 2027.", "Prices vary."],
    ),
    ("Pi is 3.14 here. Good.", ["Pi is 3.14 here.", "Good."]),
    (
        "A headline without a period\nThe body follows.",
        ["A headline without a period", "The body follows."],
    ),
    (
        "It has approx. 500 staff. Most are engineers.",
        ["It has approx. 500 staff.", "Most are engineers."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), KO)
def test_korean(text: str, expected: list[str]) -> None:
    assert sentences(text, "ko") == expected


@pytest.mark.parametrize(("text", "expected"), JA)
def test_japanese(text: str, expected: list[str]) -> None:
    assert sentences(text, "ja") == expected


@pytest.mark.parametrize(("text", "expected"), EN)
def test_english(text: str, expected: list[str]) -> None:
    assert sentences(text, "en") == expected


def _gold(lang: str) -> list[tuple[str, list[str]]]:
    data = yaml.safe_load((GOLD_DIR / f"{lang}.yaml").read_text(encoding="utf-8"))
    docs = []
    for doc in data["docs"]:
        text = "\n".join(doc["sep"].join(paragraph) for paragraph in doc["paragraphs"])
        docs.append((text, [s for paragraph in doc["paragraphs"] for s in paragraph]))
    return docs


@pytest.mark.parametrize("lang", ["ko", "ja", "en"])
def test_gold_set_exact(lang: str) -> None:
    # the hand-labelled set the segmenter was chosen on (benchmarks/segmenters.py)
    for text, expected in _gold(lang):
        assert sentences(text, lang) == expected


@pytest.mark.parametrize("lang", ["ko", "ja", "en"])
def test_offsets_round_trip_and_stripped(lang: str) -> None:
    for text, _ in _gold(lang):
        text = "  " + text.replace("\n", " \n\n ") + "\n "
        spans = split_sentences(text, lang)
        assert spans == sorted(spans)
        for start, end in spans:
            piece = text[start:end]
            assert piece == piece.strip() and piece
        # nothing but whitespace lies between spans, before the first or after the last
        gaps = [text[a:b] for (_, a), (b, _) in itertools.pairwise(spans)]
        assert all(not gap.strip() for gap in gaps)
        assert not text[: spans[0][0]].strip() and not text[spans[-1][1] :].strip()


@pytest.mark.parametrize("lang", ["ko", "ja", "en"])
@pytest.mark.parametrize("text", ["", "   ", "\n\n", " \n \t "])
def test_empty_text(lang: str, text: str) -> None:
    assert split_sentences(text, lang) == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("GPU 25만장 공급 합의", "ko"),
        ("25万枚超のGPU導入へ", "ja"),
        ("Nvidia to deploy GPUs", "en"),
    ],
)
def test_one_sentence_without_final_punctuation(text: str, lang: str) -> None:
    assert split_sentences(text, lang) == [(0, len(text))]


@pytest.mark.parametrize(
    ("unit", "lang", "break_char"),
    [
        ("GPU 공급 계획은 연말까지 이어진다, ", "ko", ","),
        ("計画は年末まで続き、", "ja", "、"),
        ("the plan goes on, ", "en", ","),
    ],
)
def test_long_sentence_cut_at_clause_break(unit: str, lang: str, break_char: str) -> None:
    text = unit * 40 + "end."
    spans = split_sentences(text, lang, max_chars=100)
    assert len(spans) > 1
    assert all(end - start <= 100 for start, end in spans)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    # every cut but the last falls right after a clause break, never inside a word
    for start, end in spans[:-1]:
        assert text[start:end].endswith(break_char)


def test_long_sentence_without_breaks_is_hard_cut() -> None:
    text = "あ" * 250 + "。"
    spans = split_sentences(text, "ja", max_chars=100)
    assert [end - start for start, end in spans] == [100, 100, 51]
    assert "".join(text[s:e] for s, e in spans) == text


def test_short_sentences_are_not_cut() -> None:
    text = "政府は計画を承認した。実施は来年だ。"
    assert split_sentences(text, "ja", max_chars=50) == split_sentences(text, "ja")


def test_pysbd_backend_is_selectable() -> None:
    text = "Mr. Lee met U.S. officials. They agreed."
    assert sentences(text, "en", segmenter="pysbd") == [
        "Mr. Lee met U.S. officials.",
        "They agreed.",
    ]


def test_unknown_segmenter_names_the_choices() -> None:
    with pytest.raises(ValueError, match=r"unknown segmenter 'nope'.*pysbd.*sentencex"):
        split_sentences("Hello.", "en", segmenter="nope")


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported language 'zh'"):
        split_sentences("你好。", "zh")


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # sentencex 1.0.32 panics on "A\u3000." unless other spaces are mapped to ASCII spaces
        ("A\u3000.", "en", ["A\u3000."]),
        (
            "\u3000政府は計画を承認した。\u3000実施は来年だ。",
            "ja",
            ["政府は計画を承認した。", "実施は来年だ。"],
        ),
        ("Prices rose.\u00a0Wages did not.", "en", ["Prices rose.", "Wages did not."]),
    ],
)
def test_non_ascii_spaces(text: str, lang: str, expected: list[str]) -> None:
    assert sentences(text, lang) == expected


def test_random_text_keeps_the_span_invariants() -> None:
    # spans are ordered, stripped, within max_chars, and lose nothing but whitespace
    rng = random.Random(7)
    alphabet = list("가다요까。、「」『』\"'().!?…\n 0129AU.S.万です？！（）“”\u3000\u00a0😀é中")
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 150)))
        for lang in ("ko", "ja", "en"):
            spans = split_sentences(text, lang, max_chars=50)
            previous_end = 0
            for start, end in spans:
                assert previous_end <= start < end <= len(text)
                assert text[start:end] == text[start:end].strip()
                assert end - start <= 50
                previous_end = end
            kept = "".join(text[s:e] for s, e in spans)
            assert "".join(kept.split()) == "".join(text.split())
