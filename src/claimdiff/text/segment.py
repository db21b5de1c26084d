"""The segment stage: an article's body (and headline) as Statements with offsets.

Boilerplate is removed by masking it with spaces before segmentation: masked text has the same
length as the article text, so every span found in it is also a span of ``article.text`` and
``statement.text == article.text[start:end]`` holds for every body statement.

The headline, when present, is statement 0 with ``start == end == TITLE_OFFSET`` (-1): it is
not part of ``article.text``, and headlines often carry the strongest version of a claim
(e.g. "…25만장 공급 합의"), so they are checked like any other statement.
"""

from __future__ import annotations

import logging
import re

from claimdiff.config import SegmentConfig
from claimdiff.records import Article, Statement
from claimdiff.text.langdata import LangData, load_lang_data
from claimdiff.text.sentences import split_with

logger = logging.getLogger(__name__)

TITLE_OFFSET = -1  # start and end of a headline statement
_LINE = re.compile(r"[^\n\r\u2028\u2029]+")


def _matches_line(line: str, data: LangData, max_chars: int) -> bool:
    stripped = line.strip()
    if not stripped or len(stripped) > max_chars:
        return False
    return any(pattern.search(stripped) for pattern in data.line_patterns)


def is_boilerplate(line: str, lang: str, *, max_chars: int) -> bool:
    """True when the whole line is boilerplate (byline, ad marker, share/related/copyright line).

    Lines longer than ``max_chars`` (``segment.max_boilerplate_chars``) are never boilerplate,
    so a real paragraph that mentions "copyright" is kept.
    """
    return _matches_line(line, load_lang_data(lang), max_chars)


def boilerplate_prefix_length(line: str, data: LangData) -> int:
    """Length of a leading dateline/byline such as "(서울=연합뉴스) 홍길동 기자 =" (0 if none)."""
    length = 0
    for pattern in data.prefix_patterns:
        match = pattern.match(line, length)
        if match and match.end() > length:
            length = match.end()
    return length


def mask_boilerplate(text: str, data: LangData, max_chars: int) -> str:
    """``text`` with boilerplate lines and prefixes replaced by spaces (same length)."""
    pieces: list[str] = []
    cursor = 0
    for line in _LINE.finditer(text):
        pieces.append(text[cursor : line.start()])
        content = line.group()
        if _matches_line(content, data, max_chars):
            pieces.append(" " * len(content))
        else:
            lead = len(content) - len(content.lstrip())
            cut = lead + boilerplate_prefix_length(content[lead:], data)
            pieces.append(" " * cut + content[cut:])
        cursor = line.end()
    pieces.append(text[cursor:])
    return "".join(pieces)


def segment_article(article: Article, config: SegmentConfig) -> list[Statement]:
    """Split an article into Statements in its original language.

    Body statements carry character offsets into ``article.text``
    (``text == article.text[start:end]``); the headline, when ``config.include_title`` and it
    is not simply the body's first line, is statement 0 with ``start == end == -1``.
    Boilerplate lines and bylines are dropped, fragments shorter than ``config.min_chars`` are
    skipped and sentences longer than ``config.max_chars`` are cut at a clause break.
    """
    data = load_lang_data(article.lang, config.boilerplate_dir)
    masked = mask_boilerplate(article.text, data, config.max_boilerplate_chars)
    spans = split_with(masked, data, segmenter=config.segmenter, max_chars=config.max_chars)
    body = [(s, e) for s, e in spans if len(article.text[s:e]) >= config.min_chars]
    if len(body) < len(spans):
        logger.debug(
            "%s: skipped %d fragments shorter than %d characters",
            article.article_id,
            len(spans) - len(body),
            config.min_chars,
        )

    entries: list[tuple[int, int, str]] = []
    title = (article.title or "").strip()
    if config.include_title and title and len(title) >= config.min_chars:
        first_line = next(
            (m.group().strip() for m in _LINE.finditer(masked) if m.group().strip()), ""
        )
        if title != first_line and not _matches_line(title, data, config.max_boilerplate_chars):
            entries.append((TITLE_OFFSET, TITLE_OFFSET, title))
    entries.extend((s, e, article.text[s:e]) for s, e in body)

    return [
        Statement(
            statement_id=Statement.make_id(article.article_id, start, end, text),
            article_id=article.article_id,
            index=index,
            start=start,
            end=end,
            text=text,
            lang=article.lang,
            role=article.role,
        )
        for index, (start, end, text) in enumerate(entries)
    ]
