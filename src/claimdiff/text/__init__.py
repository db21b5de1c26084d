"""Sentence segmentation and boilerplate removal for Korean, Japanese and English news text."""

from __future__ import annotations

from claimdiff.text.langdata import LangData, load_lang_data
from claimdiff.text.segment import TITLE_OFFSET, is_boilerplate, segment_article
from claimdiff.text.sentences import DEFAULT_SEGMENTER, split_sentences

__all__ = [
    "DEFAULT_SEGMENTER",
    "TITLE_OFFSET",
    "LangData",
    "is_boilerplate",
    "load_lang_data",
    "segment_article",
    "split_sentences",
]
