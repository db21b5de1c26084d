"""The translation stage function (claimdiff.translate): English filled in, cached, in order."""

from __future__ import annotations

import dataclasses

import pytest

from claimdiff.config import TranslateConfig
from claimdiff.records import Statement
from claimdiff.store import Store
from claimdiff.translate import load_translator, translate_statements
from models.tiny import corpus


def _statement(i: int, text: str, lang: str) -> Statement:
    sid = Statement.make_id("a1", i, i + len(text), text)
    return Statement(sid, "a1", i, i, i + len(text), text, lang, "report")


def test_translate_statements_fills_english_and_caches(
    tmp_path, tiny_models, models_cfg, ja_translator
):
    ko = load_translator(
        str(tiny_models.translation["ko"]),
        "ko",
        models_cfg,
        TranslateConfig(beam_size=1, max_new_tokens_min=4),
    )
    statements = [
        _statement(0, corpus("ja")[0], "ja"),
        _statement(1, "The company will deploy more than 250,000 GPUs.", "en"),
        _statement(2, corpus("ko")[1], "ko"),
        _statement(3, corpus("ja")[0], "ja"),  # same text: translated once
        _statement(4, corpus("ja")[5], "ja"),
    ]
    translators = {"ja": ja_translator, "ko": ko}
    store = Store(tmp_path / "cache.db")
    first, stats = translate_statements(statements, translators, store)
    assert (stats.hits, stats.misses) == (0, 3)
    assert [s.statement_id for s in first] == [s.statement_id for s in statements]
    assert first[1].text_en == statements[1].text and first[1].translation_model is None
    assert first[0].text_en == first[3].text_en and first[0].text_en
    assert first[0].translation_model == ja_translator.model_id
    assert first[2].translation_model == ko.model_id

    second, stats = translate_statements(statements, translators, store)
    assert (stats.hits, stats.misses) == (3, 0)
    assert second == first
    # without a store: still correct, nothing cached
    third, stats = translate_statements(statements, translators, None)
    assert third == first and stats.hits == 0


def test_translate_statements_without_a_translator_names_the_language(ja_translator):
    statement = _statement(0, "비가 온다.", "ko")
    with pytest.raises(KeyError, match="ko"):
        translate_statements([statement], {"ja": ja_translator}, None)


def test_records_are_not_mutated(ja_translator):
    statement = _statement(0, corpus("ja")[2], "ja")
    out, _ = translate_statements([statement], {"ja": ja_translator}, None)
    assert statement.text_en is None and out[0] == dataclasses.replace(
        statement,
        **{
            "text_en": out[0].text_en,
            "translation_model": ja_translator.model_id,
            "translation_truncated": out[0].translation_truncated,
        },
    )


class CountingTranslator:
    """Wraps a real translator and records what it was asked to translate."""

    def __init__(self, inner):
        self.inner = inner
        self.model_id = inner.model_id
        self.cfg = inner.cfg
        self.calls: list[list[str]] = []

    def input_keys(self, texts):
        return self.inner.input_keys(texts)

    def translate(self, texts):
        self.calls.append(list(texts))
        return self.inner.translate(texts)


def test_texts_the_model_cannot_tell_apart_are_translated_once_in_one_batch(
    tmp_path, ja_translator
):
    text = corpus("ja")[0]
    spaced = f"  {text} "  # spacing the tokenizer normalises away
    wide = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in text)  # full-width digits
    assert len({text, spaced, wide}) == 3
    assert len(set(ja_translator.input_keys([text, spaced, wide]))) == 1
    other = corpus("ja")[5]
    statements = [_statement(i, t, "ja") for i, t in enumerate([text, other, spaced, wide, text])]
    counting = CountingTranslator(ja_translator)
    store = Store(tmp_path / "cache.db")
    out, stats = translate_statements(statements, {"ja": counting}, store)
    assert counting.calls == [[text, other]]  # one batch, one input per distinct model input
    assert (stats.hits, stats.misses) == (0, 4)  # four distinct texts...
    assert len({s.text_en for s in out if s.text != other}) == 1  # ...one translation
    again, stats = translate_statements(statements, {"ja": counting}, store)
    assert (stats.hits, stats.misses) == (4, 0) and len(counting.calls) == 1  # once ever
    assert again == out
