"""A Statement built from text alone, for the fact-check tests."""

from __future__ import annotations

from claimdiff.records import Statement


def st(text: str, lang: str, role: str = "original", text_en: str | None = None) -> Statement:
    return Statement(
        statement_id=f"{role}:{text[:8]}",
        article_id=role,
        index=0,
        start=0,
        end=len(text),
        text=text,
        lang=lang,  # type: ignore[arg-type]
        role=role,  # type: ignore[arg-type]
        text_en=text_en,
    )
