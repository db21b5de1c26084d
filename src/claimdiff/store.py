"""SQLite persistence: every record of every stage, idempotent upserts, caches, review decisions.

One file in WAL mode. Ids derive from content, so ``INSERT … ON CONFLICT DO NOTHING`` makes a
re-run of the same input add nothing. The schema carries a version; a store written by a newer
claimdiff is refused rather than misread.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from claimdiff.errors import ClaimdiffError
from claimdiff.records import Article, Finding, NLIScores, Pair, Problem, Statement, Story

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, mode TEXT, status TEXT,
  summary TEXT
);
CREATE TABLE IF NOT EXISTS articles (
  article_id TEXT PRIMARY KEY, url TEXT NOT NULL, canonical_url TEXT NOT NULL, outlet TEXT NOT NULL,
  role TEXT NOT NULL, lang TEXT NOT NULL, title TEXT, published_at TEXT, text TEXT NOT NULL,
  text_hash TEXT NOT NULL, source TEXT, lang_detected INTEGER, lang_confidence REAL, raw_text TEXT,
  duplicate_of TEXT, metadata TEXT, first_run_id TEXT
);
CREATE INDEX IF NOT EXISTS articles_hash ON articles (text_hash);
CREATE INDEX IF NOT EXISTS articles_canonical_url ON articles (canonical_url);
CREATE TABLE IF NOT EXISTS statements (
  statement_id TEXT PRIMARY KEY, article_id TEXT NOT NULL REFERENCES articles(article_id),
  idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
  lang TEXT NOT NULL, role TEXT NOT NULL, text_en TEXT, translation_model TEXT,
  translation_truncated INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS statements_article ON statements (article_id);
CREATE TABLE IF NOT EXISTS translations (
  model_id TEXT NOT NULL, source_hash TEXT NOT NULL, text_en TEXT NOT NULL, truncated INTEGER NOT NULL,
  PRIMARY KEY (model_id, source_hash)
);
CREATE TABLE IF NOT EXISTS nli_cache (
  model_id TEXT NOT NULL, premise_hash TEXT NOT NULL, hypothesis_hash TEXT NOT NULL,
  entailment REAL NOT NULL, neutral REAL NOT NULL, contradiction REAL NOT NULL, truncated INTEGER NOT NULL,
  PRIMARY KEY (model_id, premise_hash, hypothesis_hash)
);
CREATE TABLE IF NOT EXISTS stories (story_id TEXT PRIMARY KEY, article_ids TEXT NOT NULL, keys TEXT);
CREATE TABLE IF NOT EXISTS pairs (
  pair_id TEXT PRIMARY KEY, story_id TEXT NOT NULL, original_id TEXT NOT NULL, report_id TEXT NOT NULL,
  similarity REAL NOT NULL, basis TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS findings (
  finding_id TEXT PRIMARY KEY, first_run_id TEXT NOT NULL, last_run_id TEXT NOT NULL,
  created_at TEXT NOT NULL, pair_id TEXT NOT NULL, story_id TEXT NOT NULL, severity TEXT NOT NULL,
  kind TEXT NOT NULL, label TEXT NOT NULL, p_entailment REAL, p_neutral REAL, p_contradiction REAL,
  reasons TEXT NOT NULL, original_id TEXT NOT NULL, report_id TEXT NOT NULL, nli_model TEXT,
  translation_model TEXT, content_hash TEXT
);
CREATE TABLE IF NOT EXISTS reviews (
  finding_id TEXT PRIMARY KEY REFERENCES findings(finding_id), status TEXT NOT NULL, note TEXT,
  content_hash TEXT, reviewed_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS http_cache (
  url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS progress (
  article_id TEXT NOT NULL, stage TEXT NOT NULL, models TEXT NOT NULL, run_id TEXT NOT NULL,
  done_at TEXT NOT NULL, PRIMARY KEY (article_id, stage, models)
);
CREATE TABLE IF NOT EXISTS problems (
  run_id TEXT NOT NULL, stage TEXT NOT NULL, location TEXT NOT NULL, message TEXT NOT NULL,
  item_id TEXT, PRIMARY KEY (run_id, stage, location, message)
);
"""


class StoreError(ClaimdiffError):
    """The store file cannot be used."""


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _julian_spans(moments: Iterable[datetime], days: float) -> list[tuple[float, float]]:
    """Merged [moment - days, moment + days] intervals as SQLite Julian day numbers (UTC;
    naive datetimes are UTC, as everywhere in claimdiff)."""
    unix_epoch = 2440587.5  # the Julian day of 1970-01-01T00:00:00Z

    def julian(moment: datetime) -> float:
        aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
        return unix_epoch + aware.timestamp() / 86400

    spans: list[tuple[float, float]] = []
    for centre in sorted(julian(m) for m in moments):
        low, high = centre - days, centre + days
        if spans and low <= spans[-1][1]:
            spans[-1] = (spans[-1][0], high)
        else:
            spans.append((low, high))
    return spans


def _chunks(items: Sequence[Any], size: int = 500) -> Iterator[Sequence[Any]]:
    # SQLite limits the number of bound parameters per statement.
    for i in range(0, len(items), size):
        yield items[i : i + size]


class Store:
    """All persistent state of claimdiff in one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            had_progress = self._has_table("progress")
            self.conn.executescript(_SCHEMA)
            if not had_progress:
                self._backfill_progress()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{path}: not a usable claimdiff store: {exc}") from None
        self._check_version()

    def _check_version(self) -> None:
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        if row is None:
            with self.conn:
                self.conn.execute(
                    "INSERT INTO meta(key, value) VALUES ('schema_version', ?)",
                    (str(SCHEMA_VERSION),),
                )
        elif int(row["value"]) > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: store schema version {row['value']} is newer than this claimdiff "
                f"supports ({SCHEMA_VERSION}); upgrade claimdiff or use another store path"
            )

    def _has_table(self, name: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)
        ).fetchone()
        return row is not None

    def _backfill_progress(self) -> None:
        """A store from before per-article progress: articles of runs that finished count as
        done (they were exported); those of runs that never finished are resumed."""
        with self.conn:
            self.conn.execute(
                "INSERT OR IGNORE INTO progress SELECT a.article_id, 'export', '', a.first_run_id, "
                "r.finished_at FROM articles a JOIN runs r ON r.run_id = a.first_run_id "
                "WHERE r.finished_at IS NOT NULL"
            )

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self.conn:
            yield self.conn

    def count(self, table: str) -> int:
        """Rows in one table (tests and run summaries)."""
        if table not in {
            "runs", "articles", "statements", "translations", "nli_cache", "stories", "pairs",
            "findings", "reviews", "http_cache", "problems", "progress",
        }:  # fmt: skip
            raise ValueError(f"unknown table {table!r}")
        return self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]

    def _insert_new(self, sql: str, rows: list[tuple[Any, ...]]) -> int:
        with self.conn:
            before = self.conn.total_changes
            self.conn.executemany(sql, rows)
            return self.conn.total_changes - before

    # --- runs --------------------------------------------------------------------------------

    def start_run(self, run_id: str, mode: str) -> None:
        with self.conn:
            self.conn.execute(
                "INSERT INTO runs(run_id, started_at, mode, status) VALUES (?, ?, ?, 'running')",
                (run_id, _now(), mode),
            )

    def finish_run(self, run_id: str, status: str, summary: dict[str, Any]) -> None:
        with self.conn:
            self.conn.execute(
                "UPDATE runs SET finished_at=?, status=?, mode=?, summary=? WHERE run_id=?",
                (
                    _now(),
                    status,
                    summary.get("mode"),
                    json.dumps(summary, ensure_ascii=False, default=str),
                    run_id,
                ),
            )

    def record_problems(self, run_id: str, problems: Iterable[Problem]) -> int:
        rows = [(run_id, p.stage, p.where, p.message, p.item_id) for p in problems]
        return self._insert_new(
            "INSERT OR IGNORE INTO problems(run_id, stage, location, message, item_id) VALUES (?,?,?,?,?)",
            rows,
        )

    def close_stale_runs(self, note: str) -> int:
        """Close runs still marked running (their process died: the caller holds the store's
        run lock, so no other run is live) as failed; returns how many."""
        with self.conn:
            cursor = self.conn.execute(
                "UPDATE runs SET status='failed', finished_at=?, summary=? "
                "WHERE status IN ('running', 'pending') OR finished_at IS NULL",
                (_now(), json.dumps({"error": note})),
            )
        return cursor.rowcount

    # --- per-article progress ------------------------------------------------------------------

    def mark_done(self, article_ids: Iterable[str], stage: str, models: str, run_id: str) -> int:
        """Record that ``stage`` finished these articles under ``models`` (idempotent)."""
        now = _now()
        rows = [(aid, stage, models, run_id, now) for aid in dict.fromkeys(article_ids)]
        return self._insert_new("INSERT OR IGNORE INTO progress VALUES (?,?,?,?,?)", rows)

    def articles_lacking(self, stage: str, models: str | None = None) -> list[str]:
        """Kept articles that ``stage`` has not finished (under ``models``, or under any models
        when None), in the order they were stored."""
        match = "" if models is None else " AND p.models = ?"
        params = [stage] if models is None else [stage, models]
        rows = self.conn.execute(
            "SELECT a.article_id FROM articles a WHERE a.duplicate_of IS NULL AND NOT EXISTS "
            f"(SELECT 1 FROM progress p WHERE p.article_id = a.article_id AND p.stage = ?{match}) "
            "ORDER BY a.rowid",
            params,
        )
        return [r[0] for r in rows]

    # --- articles and statements -------------------------------------------------------------

    def upsert_articles(self, articles: Iterable[Article], run_id: str = "") -> int:
        """Insert articles not seen before; returns how many were new."""
        rows = [
            (
                a.article_id,
                a.url,
                a.canonical_url,
                a.outlet,
                a.role,
                a.lang,
                a.title,
                a.published_at.isoformat() if a.published_at else None,
                a.text,
                a.text_hash,
                a.source,
                int(a.lang_detected),
                a.lang_confidence,
                a.raw_text,
                a.duplicate_of,
                json.dumps(a.metadata, ensure_ascii=False, default=str),
                run_id,
            )
            for a in articles
        ]
        return self._insert_new(
            "INSERT OR IGNORE INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows
        )

    def known_article_ids(self, ids: Iterable[str]) -> set[str]:
        return self._article_ids_where("article_id", ids)

    def _article_ids_where(
        self, column: str, values: Iterable[str], kept_only: bool = False
    ) -> set[str]:
        """Ids of the articles whose ``column`` is one of ``values`` (a fixed column name)."""
        kept = " AND duplicate_of IS NULL" if kept_only else ""
        found: set[str] = set()
        for chunk in _chunks(sorted(set(values))):
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT article_id FROM articles WHERE {column} IN ({marks}){kept}"
            found.update(r[0] for r in self.conn.execute(sql, chunk))
        return found

    def has_canonical_url(self, url: str) -> bool:
        row = self.conn.execute(
            "SELECT 1 FROM articles WHERE canonical_url = ? LIMIT 1", (url,)
        ).fetchone()
        return row is not None

    def articles_near(self, moments: Iterable[datetime], days: float) -> list[Article]:
        """Kept articles published within ``days`` of any of ``moments``; an undated article
        counts from the start of the run that stored it. The work is bounded by the window, not
        by the size of the store, which grows every night."""
        return self.articles(self._ids_near(moments, days))

    def dedupe_context(self, batch: Sequence[Article], days: float) -> list[Article]:
        """What deduplicating ``batch`` needs from earlier runs: the same articles (a re-run
        keeps its verdict), kept articles with the same text (exact copies, of any age) and
        kept articles published within ``days`` of the batch (near-duplicates: wire copies are
        republished within days). Undated batch articles count as published now."""
        ids = self.known_article_ids(a.article_id for a in batch)
        ids |= self._article_ids_where("text_hash", (a.text_hash for a in batch), kept_only=True)
        now = datetime.now(timezone.utc)
        ids |= self._ids_near([a.published_at or now for a in batch], days)
        return self.articles(ids, include_duplicates=True)

    def _ids_near(self, moments: Iterable[datetime], days: float) -> set[str]:
        spans = _julian_spans(moments, days)
        when = "julianday(COALESCE(a.published_at, r.started_at))"
        found: set[str] = set()
        for chunk in _chunks(spans, 200):
            test = " OR ".join(f"{when} BETWEEN ? AND ?" for _ in chunk)
            params = [bound for span in chunk for bound in span]
            found.update(
                r[0]
                for r in self.conn.execute(
                    "SELECT a.article_id FROM articles a LEFT JOIN runs r "
                    f"ON r.run_id = a.first_run_id WHERE a.duplicate_of IS NULL AND ({test})",
                    params,
                )
            )
        return found

    def articles(
        self, ids: Iterable[str] | None = None, include_duplicates: bool = False
    ) -> list[Article]:
        """Articles by id (all when ids is None), in insertion order."""
        kept = "" if include_duplicates else " AND duplicate_of IS NULL"
        if ids is None:
            sql = f"SELECT rowid, * FROM articles WHERE 1{kept}"
            rows = self.conn.execute(sql).fetchall()
        else:
            rows = []
            for chunk in _chunks(sorted(set(ids))):
                marks = ",".join("?" * len(chunk))
                sql = f"SELECT rowid, * FROM articles WHERE article_id IN ({marks}){kept}"
                rows += self.conn.execute(sql, chunk).fetchall()
        return [_article_from_row(r) for r in sorted(rows, key=lambda r: r["rowid"])]

    def upsert_statements(self, statements: Iterable[Statement]) -> int:
        rows = [
            (s.statement_id, s.article_id, s.index, s.start, s.end, s.text, s.lang, s.role)
            for s in statements
        ]
        return self._insert_new(
            'INSERT OR IGNORE INTO statements(statement_id, article_id, idx, start, "end", text, '
            "lang, role) VALUES (?,?,?,?,?,?,?,?)",
            rows,
        )

    def set_translations(self, statements: Iterable[Statement]) -> None:
        """Record the English text used for each statement (shown in exports)."""
        rows = [
            (s.text_en, s.translation_model, int(s.translation_truncated), s.statement_id)
            for s in statements
        ]
        with self.conn:
            self.conn.executemany(
                "UPDATE statements SET text_en=?, translation_model=?, translation_truncated=? "
                "WHERE statement_id=?",
                rows,
            )

    def statements(self, article_ids: Iterable[str] | None = None) -> list[Statement]:
        """Statements (without translations) of the given articles, in article order."""
        sql = "SELECT * FROM statements"
        params: list[str] = []
        if article_ids is not None:
            params = list(article_ids)
            if not params:
                return []
            sql += f" WHERE article_id IN ({','.join('?' * len(params))})"
        rows = self.conn.execute(sql + " ORDER BY article_id, idx", params)
        return [_statement_from_row(r) for r in rows]

    # --- caches ------------------------------------------------------------------------------

    def get_translations(
        self, model_id: str, source_hashes: Iterable[str]
    ) -> dict[str, tuple[str, bool]]:
        hashes = list(dict.fromkeys(source_hashes))
        found: dict[str, tuple[str, bool]] = {}
        for chunk in _chunks(hashes):
            rows = self.conn.execute(
                "SELECT source_hash, text_en, truncated FROM translations WHERE model_id=? AND "
                f"source_hash IN ({','.join('?' * len(chunk))})",
                [model_id, *chunk],
            )
            found.update({r[0]: (r[1], bool(r[2])) for r in rows})
        return found

    def put_translations(self, model_id: str, rows: Iterable[tuple[str, str, bool]]) -> int:
        return self._insert_new(
            "INSERT OR REPLACE INTO translations VALUES (?,?,?,?)",
            [(model_id, h, text, int(truncated)) for h, text, truncated in rows],
        )

    def get_nli(
        self, model_id: str, keys: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], NLIScores]:
        found: dict[tuple[str, str], NLIScores] = {}
        # One lookup per key keeps the SQL simple; the primary key index makes each a point query.
        for premise_hash, hypothesis_hash in dict.fromkeys(keys):
            row = self.conn.execute(
                "SELECT entailment, neutral, contradiction, truncated FROM nli_cache "
                "WHERE model_id=? AND premise_hash=? AND hypothesis_hash=?",
                (model_id, premise_hash, hypothesis_hash),
            ).fetchone()
            if row is not None:
                found[(premise_hash, hypothesis_hash)] = NLIScores(
                    row[0], row[1], row[2], truncated=bool(row[3])
                )
        return found

    def put_nli(self, model_id: str, rows: Iterable[tuple[str, str, NLIScores]]) -> int:
        return self._insert_new(
            "INSERT OR REPLACE INTO nli_cache VALUES (?,?,?,?,?,?,?)",
            [
                (model_id, p, h, s.entailment, s.neutral, s.contradiction, int(s.truncated))
                for p, h, s in rows
            ],
        )

    def get_http_validators(self, url: str) -> dict[str, str | None] | None:
        row = self.conn.execute(
            "SELECT etag, last_modified FROM http_cache WHERE url=?", (url,)
        ).fetchone()
        return None if row is None else {"etag": row[0], "last_modified": row[1]}

    def put_http_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        with self.conn:
            self.conn.execute(
                "INSERT OR REPLACE INTO http_cache VALUES (?,?,?,?)",
                (url, etag, last_modified, _now()),
            )

    # --- stories, pairs, findings ------------------------------------------------------------

    def upsert_stories(self, stories: Iterable[Story]) -> int:
        rows = [
            (s.story_id, json.dumps(list(s.article_ids)), json.dumps(list(s.keys))) for s in stories
        ]
        return self._insert_new("INSERT OR IGNORE INTO stories VALUES (?,?,?)", rows)

    def upsert_pairs(self, pairs: Iterable[Pair]) -> int:
        rows = [
            (p.pair_id, p.story_id, p.original_id, p.report_id, p.similarity, p.basis)
            for p in pairs
        ]
        return self._insert_new("INSERT OR IGNORE INTO pairs VALUES (?,?,?,?,?,?)", rows)

    def pairs_by_id(self, ids: Iterable[str]) -> list[Pair]:
        """Pairs by id, in the order of ``ids`` (unknown ids are left out)."""
        ids = list(dict.fromkeys(ids))
        found: dict[str, Pair] = {}
        for chunk in _chunks(ids):
            rows = self.conn.execute(
                "SELECT pair_id, story_id, original_id, report_id, similarity, basis FROM pairs "
                f"WHERE pair_id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            found.update({r[0]: Pair(*r) for r in rows})
        return [found[i] for i in ids if i in found]

    def upsert_findings(self, findings: Iterable[Finding], run_id: str) -> int:
        """Insert new findings and refresh known ones (last_run_id, scores); returns how many were new."""
        findings = list(findings)
        known = self._existing("findings", "finding_id", [f.finding_id for f in findings])
        now = _now()
        with self.conn:
            self.conn.executemany(
                """INSERT INTO findings VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                ON CONFLICT(finding_id) DO UPDATE SET last_run_id=excluded.last_run_id,
                  severity=excluded.severity, kind=excluded.kind, label=excluded.label,
                  p_entailment=excluded.p_entailment, p_neutral=excluded.p_neutral,
                  p_contradiction=excluded.p_contradiction, reasons=excluded.reasons,
                  content_hash=excluded.content_hash""",
                [
                    (
                        f.finding_id,
                        run_id,
                        run_id,
                        now,
                        f.pair_id,
                        f.story_id,
                        f.severity,
                        f.kind,
                        f.label,
                        f.p_entailment,
                        f.p_neutral,
                        f.p_contradiction,
                        json.dumps(list(f.reasons), ensure_ascii=False),
                        f.original_id,
                        f.report_id,
                        f.nli_model,
                        f.translation_model,
                        f.content_hash,
                    )
                    for f in findings
                ],
            )
        return len({f.finding_id for f in findings} - known)

    def _existing(self, table: str, key: str, ids: list[str]) -> set[str]:
        found: set[str] = set()
        for chunk in _chunks(ids):
            rows = self.conn.execute(
                f"SELECT {key} FROM {table} WHERE {key} IN ({','.join('?' * len(chunk))})", chunk
            )
            found.update(r[0] for r in rows)
        return found

    def findings(
        self,
        ids: Iterable[str] | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[dict[str, Any]]:
        """Findings joined with their review decision, newest run first; filters are ISO dates."""
        sql = (
            "SELECT f.*, r.status AS review_status, r.note AS review_note, "
            "r.content_hash AS reviewed_hash FROM findings f "
            "LEFT JOIN reviews r ON r.finding_id = f.finding_id"
        )
        clauses: list[str] = []
        params: list[Any] = []
        if ids is not None:
            ids = list(ids)
            if not ids:
                return []
            clauses.append(f"f.finding_id IN ({','.join('?' * len(ids))})")
            params.extend(ids)
        if since:
            clauses.append("f.created_at >= ?")
            params.append(since)
        if until:
            clauses.append("f.created_at < ?")
            params.append(until)
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        rows = self.conn.execute(sql + " ORDER BY f.rowid", params).fetchall()
        out = []
        for r in rows:
            item = dict(r)
            item["reasons"] = json.loads(item["reasons"])
            out.append(item)
        return out

    def statements_by_id(self, ids: Iterable[str]) -> dict[str, Statement]:
        ids = list(dict.fromkeys(ids))
        out: dict[str, Statement] = {}
        for chunk in _chunks(ids):
            rows = self.conn.execute(
                f"SELECT * FROM statements WHERE statement_id IN ({','.join('?' * len(chunk))})",
                chunk,
            )
            out.update({r["statement_id"]: _statement_from_row(r) for r in rows})
        return out

    # --- reviews -----------------------------------------------------------------------------

    def apply_reviews(self, decisions: Iterable[tuple[str, str, str, str]]) -> int:
        """Store (finding_id, status, note, content_hash) decisions in one transaction."""
        rows = [(fid, status, note, chash, _now()) for fid, status, note, chash in decisions]
        with self.conn:
            self.conn.executemany("INSERT OR REPLACE INTO reviews VALUES (?,?,?,?,?)", rows)
        return len(rows)


def _statement_from_row(r: sqlite3.Row) -> Statement:
    return Statement(
        statement_id=r["statement_id"],
        article_id=r["article_id"],
        index=r["idx"],
        start=r["start"],
        end=r["end"],
        text=r["text"],
        lang=r["lang"],
        role=r["role"],
        text_en=r["text_en"],
        translation_model=r["translation_model"],
        translation_truncated=bool(r["translation_truncated"]),
    )


def _article_from_row(r: sqlite3.Row) -> Article:
    return Article(
        article_id=r["article_id"],
        url=r["url"],
        canonical_url=r["canonical_url"],
        outlet=r["outlet"],
        role=r["role"],
        lang=r["lang"],
        text=r["text"],
        text_hash=r["text_hash"],
        title=r["title"],
        published_at=datetime.fromisoformat(r["published_at"]) if r["published_at"] else None,
        source=r["source"] or "",
        lang_detected=bool(r["lang_detected"]),
        lang_confidence=r["lang_confidence"],
        raw_text=r["raw_text"],
        duplicate_of=r["duplicate_of"],
        metadata=json.loads(r["metadata"] or "{}"),
    )


def article_to_json(article: Article) -> dict[str, Any]:
    """A JSON-ready dict of an article (for run artifacts and debugging)."""
    data = asdict(article)
    data["published_at"] = article.published_at.isoformat() if article.published_at else None
    return data
