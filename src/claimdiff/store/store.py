"""The store's operations, written once over named columns for every backend.

Ids derive from content, so ``INSERT … ON CONFLICT DO NOTHING`` makes a re-run of the same input
add nothing. The schema carries a version: an older store is migrated on open, a store written
by a newer claimdiff is refused rather than misread.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from claimdiff.facts.records import Facts, facts_from_json, facts_to_json
from claimdiff.records import Article, Finding, NLIScores, Pair, Problem, Statement, Story
from claimdiff.store.backend import Backend, StoreError
from claimdiff.store.schema import (
    MIGRATIONS,
    SCHEMA_VERSION,
    TABLES,
    Review,
    Table,
    create_table,
    quote,
)

_ARTICLES, _STATEMENTS, _FINDINGS = TABLES["articles"], TABLES["statements"], TABLES["findings"]
# What segmentation knows of a statement; the translation columns are filled in later.
_SEGMENT_COLUMNS = ("statement_id", "article_id", "idx", "start", "end", "text", "lang", "role")
# What a later run refreshes on a finding it flags again.
_FINDING_REFRESHED = (
    "last_run_id", "severity", "kind", "label", "p_entailment", "p_neutral", "p_contradiction",
    "reasons", "content_hash",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class StoredFinding:
    """A finding as stored: the record, the runs that flagged it, and the review decision."""

    finding: Finding
    first_run_id: str
    last_run_id: str
    created_at: str
    review: Review | None = None

    @property
    def is_open(self) -> bool:
        """Open = not yet decided, marked for follow-up, or decided on text that has since changed."""
        if self.review is None or self.review.status in ("", "needs_followup"):
            return True
        return self.review.content_hash != self.finding.content_hash


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _julian_spans(moments: Iterable[datetime], days: float) -> list[tuple[float, float]]:
    """Merged [moment - days, moment + days] intervals as Julian day numbers (UTC; naive
    datetimes are UTC, as everywhere in claimdiff)."""
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


def open_backend(target: str | Path) -> Backend:
    """The backend a store URL names: ``sqlite:///PATH`` (or a bare path) or
    ``postgresql://user@host:port/db``."""
    text = str(target)
    if text.startswith(("postgresql://", "postgres://")):
        from claimdiff.store.postgres import PostgresBackend

        return PostgresBackend(text)
    from claimdiff.store.sqlite import SQLiteBackend

    return SQLiteBackend(text.removeprefix("sqlite:///"))


class Store:
    """All persistent state of claimdiff: SQLite (embedded default) or PostgreSQL."""

    def __init__(self, target: str | Path) -> None:
        self.db = open_backend(target)
        self.location = self.db.location
        try:
            self._prepare_schema()
        except StoreError:
            self.db.close()
            raise
        except Exception as exc:  # the driver's own error types differ per backend
            self.db.close()
            raise StoreError(f"{self.location}: not a usable claimdiff store: {exc}") from None

    # --- schema -----------------------------------------------------------------------------

    def _prepare_schema(self) -> None:
        with self.db.transaction():
            self.db.lock_schema()
            for statement in create_table(TABLES["meta"], self.db.types):
                self.db.execute(statement)
            rows = self.db.query("SELECT value FROM meta WHERE key='schema_version'")
            if not rows:
                self._create_tables()
                return
        version = int(rows[0]["value"])
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.location}: store schema version {version} is newer than this claimdiff "
                f"supports ({SCHEMA_VERSION}); upgrade claimdiff or use another store"
            )
        for migration in MIGRATIONS:
            if migration.version > version:
                with self.db.transaction():
                    self.db.lock_schema()
                    if self.schema_version >= migration.version:
                        continue  # another process migrated it meanwhile
                    for statement in migration.statements(self.db.types):
                        self.db.execute(statement)
                    self._set_version(migration.version)

    def _create_tables(self) -> None:
        for table in TABLES.values():
            if table.name != "meta":
                for statement in create_table(table, self.db.types, self.db.table_extra):
                    self.db.execute(statement)
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES ('schema_version', ?) ON CONFLICT DO NOTHING",
            (str(SCHEMA_VERSION),),
        )

    def _set_version(self, version: int) -> None:
        self.db.execute("UPDATE meta SET value=? WHERE key='schema_version'", (str(version),))

    @property
    def schema_version(self) -> int:
        """The schema version the store is at."""
        return int(self.db.query("SELECT value FROM meta WHERE key='schema_version'")[0]["value"])

    def close(self) -> None:
        """Close the connection."""
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def count(self, table: str) -> int:
        """Rows in one table (tests and run summaries)."""
        if table not in TABLES or table == "meta":
            raise ValueError(f"unknown table {table!r}")
        return self.db.query(f"SELECT COUNT(*) AS n FROM {table}")[0]["n"]

    # --- generic writes and reads -------------------------------------------------------------

    def _insert(
        self,
        table: Table,
        rows: Sequence[Mapping[str, Any]],
        columns: Sequence[str] | None = None,
        update: Sequence[str] | None = None,
    ) -> int:
        """Insert rows by column name. A row whose key is present is left as it is, or, with
        ``update``, has those columns replaced by the new values. Returns the rows changed."""
        if not rows:
            return 0
        columns = list(columns or rows[0])
        names = ", ".join(quote(c) for c in columns)
        sql = f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * len(columns))}) "
        conflict = ", ".join(quote(k) for k in table.key)
        if update:
            assignments = ", ".join(f"{quote(c)}=excluded.{quote(c)}" for c in update)
            sql += f"ON CONFLICT ({conflict}) DO UPDATE SET {assignments}"
        else:
            sql += "ON CONFLICT DO NOTHING"
        with self.db.transaction():
            return self.db.executemany(sql, [[row[c] for c in columns] for row in rows])

    def _replace(self, table: Table, rows: Sequence[Mapping[str, Any]]) -> int:
        """Insert rows, replacing every non-key column of rows already present."""
        return self._insert(table, rows, update=[c for c in table.names if c not in table.key])

    def _where_in(
        self,
        table: str,
        column: str,
        values: Iterable[Any],
        select: str = "*",
        where: str = "",
        params: Sequence[Any] = (),
    ) -> list[Mapping[str, Any]]:
        """Rows whose ``column`` (a fixed, unquoted name) is one of ``values``, chunked to the
        parameter limit, with an extra fixed condition ``where`` on ``params``."""
        rows: list[Mapping[str, Any]] = []
        extra = f" AND ({where})" if where else ""
        for chunk in self.db.chunks(dict.fromkeys(values), reserved=len(params)):
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT {select} FROM {table} WHERE {column} IN ({marks}){extra}"
            rows += self.db.query(sql, [*chunk, *params])
        return rows

    # --- runs ---------------------------------------------------------------------------------

    def start_run(self, run_id: str, mode: str) -> None:
        """Record the start of a run."""
        with self.db.transaction():
            self.db.execute(
                "INSERT INTO runs (run_id, started_at, mode, status) VALUES (?, ?, ?, 'running')",
                (run_id, _now(), mode),
            )

    def finish_run(self, run_id: str, status: str, summary: dict[str, Any]) -> None:
        """Record the end of a run with its summary."""
        with self.db.transaction():
            self.db.execute(
                "UPDATE runs SET finished_at=?, status=?, mode=?, summary=? WHERE run_id=?",
                (
                    _now(),
                    status,
                    summary.get("mode"),
                    json.dumps(summary, ensure_ascii=False, default=str),
                    run_id,
                ),
            )

    def close_stale_runs(self, note: str) -> int:
        """Close runs still marked running (their process died: the caller holds the store's
        run lock, so no other run is live) as failed; returns how many."""
        with self.db.transaction():
            return self.db.execute(
                "UPDATE runs SET status='failed', finished_at=?, summary=? "
                "WHERE finished_at IS NULL",
                (_now(), json.dumps({"status": "failed", "error": note})),
            )

    # --- per-article progress -----------------------------------------------------------------

    def mark_done(self, article_ids: Iterable[str], stage: str, models: str, run_id: str) -> int:
        """Record that ``stage`` finished these articles under ``models`` (idempotent)."""
        now = _now()
        rows = [
            {
                "article_id": a,
                "stage": str(stage),
                "models": models,
                "run_id": run_id,
                "done_at": now,
            }
            for a in dict.fromkeys(article_ids)
        ]
        return self._insert(TABLES["progress"], rows)

    def forget_done(self, article_ids: Iterable[str], stage: str) -> None:
        """Record that ``stage`` must run again for these articles (under any models)."""
        with self.db.transaction():
            for chunk in self.db.chunks(dict.fromkeys(article_ids), reserved=1):
                marks = ",".join("?" * len(chunk))
                self.db.execute(
                    f"DELETE FROM progress WHERE stage = ? AND article_id IN ({marks})",
                    [str(stage), *chunk],
                )

    def articles_lacking(self, stage: str, models: str | None = None) -> list[str]:
        """Kept articles that ``stage`` has not finished (under ``models``, or under any models
        when None), in the order they were stored: what a run still has to do."""
        match, params = (
            ("", [str(stage)]) if models is None else (" AND p.models = ?", [str(stage), models])
        )
        rows = self.db.query(
            "SELECT a.article_id FROM articles a WHERE a.duplicate_of IS NULL AND NOT EXISTS "
            f"(SELECT 1 FROM progress p WHERE p.article_id = a.article_id AND p.stage = ?{match}) "
            f"ORDER BY a.{self.db.insertion_order}",
            params,
        )
        return [r["article_id"] for r in rows]

    def record_problems(self, run_id: str, problems: Iterable[Problem]) -> int:
        """Store a run's problems (each once); returns how many were new."""
        table = TABLES["problems"]
        return self._insert(table, [table.row(p, run_id=run_id) for p in problems])

    # --- articles and statements --------------------------------------------------------------

    def add_articles(self, articles: Iterable[Article], run_id: str = "") -> int:
        """Insert articles not stored yet (stored ones are left as they are); returns how many
        were new."""
        return self._insert(_ARTICLES, [_ARTICLES.row(a, first_run_id=run_id) for a in articles])

    def known_article_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are stored articles."""
        return {
            r["article_id"] for r in self._where_in("articles", "article_id", ids, "article_id")
        }

    def has_canonical_url(self, url: str) -> bool:
        """Whether any stored article has this canonical URL."""
        return bool(self.db.query("SELECT 1 FROM articles WHERE canonical_url = ? LIMIT 1", (url,)))

    def articles_near(self, moments: Iterable[datetime], days: float) -> list[Article]:
        """Kept articles published within ``days`` of any of ``moments``; an undated article
        counts from the start of the run that stored it. The work is bounded by the window, not
        by the size of the store, which grows every night."""
        return self.articles(self._ids_near(moments, days))

    def dedupe_context(self, batch: Sequence[Article], days: float) -> list[Article]:
        """What deduplicating ``batch`` needs from earlier runs: the same articles (a re-run
        keeps its verdict), kept articles with the same text (exact copies, of any age) and
        kept articles published within ``days`` of the batch (near-duplicates: wire copies are
        republished within days). Undated batch articles count as published now. Only the
        batch's new articles need the last two: a night that reads known articles again costs
        a lookup, not the whole window."""
        ids = self.known_article_ids(a.article_id for a in batch)
        new = [a for a in batch if a.article_id not in ids]
        same_text = self._where_in(
            "articles", "text_hash", (a.text_hash for a in new), "article_id",
            where="duplicate_of IS NULL",
        )  # fmt: skip
        ids |= {r["article_id"] for r in same_text}
        now = datetime.now(timezone.utc)
        if new:
            ids |= self._ids_near([a.published_at or now for a in new], days)
        return self.articles(ids, include_duplicates=True)

    def _ids_near(self, moments: Iterable[datetime], days: float) -> set[str]:
        spans = _julian_spans(moments, days)
        when = self.db.julian_day("COALESCE(a.published_at, r.started_at)")
        found: set[str] = set()
        for chunk in self.db.chunks(spans, per_item=2):
            test = " OR ".join(f"{when} BETWEEN ? AND ?" for _ in chunk)
            params = [bound for span in chunk for bound in span]
            found.update(
                r["article_id"]
                for r in self.db.query(
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
        kept = "" if include_duplicates else "duplicate_of IS NULL"
        order = self.db.insertion_order
        if ids is None:
            where = f" WHERE {kept}" if kept else ""
            rows = self.db.query(f"SELECT {order} AS _order, * FROM articles{where}")
        else:
            rows = self._where_in("articles", "article_id", ids, f"{order} AS _order, *", kept)
        return [_ARTICLES.to_record(r) for r in sorted(rows, key=lambda r: r["_order"])]

    def article_sources(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """(outlet, url) of each of the articles, duplicates included (unknown ids left out)."""
        return {aid: (outlet, url) for aid, (outlet, url, _) in self.article_origins(ids).items()}

    def article_origins(self, ids: Iterable[str]) -> dict[str, tuple[str, str, str | None]]:
        """(outlet, url, raw text) of each of the articles: the raw text where Unicode
        normalisation changed it, else None (an export's one read of the articles)."""
        rows = self._where_in("articles", "article_id", ids, "article_id, outlet, url, raw_text")
        return {r["article_id"]: (r["outlet"], r["url"], r["raw_text"]) for r in rows}

    def add_statements(self, statements: Iterable[Statement]) -> int:
        """Insert statements not stored yet, without translations; returns how many were new."""
        rows = [_STATEMENTS.row(s) for s in statements]
        return self._insert(_STATEMENTS, rows, columns=_SEGMENT_COLUMNS)

    def set_translations(self, statements: Iterable[Statement]) -> None:
        """Record the English text used for each statement (shown in exports)."""
        rows = [
            (s.text_en, s.translation_model, int(s.translation_truncated), s.statement_id)
            for s in statements
        ]
        with self.db.transaction():
            self.db.executemany(
                "UPDATE statements SET text_en=?, translation_model=?, translation_truncated=? "
                "WHERE statement_id=?",
                rows,
            )

    def english_as_is(self, article_ids: Iterable[str]) -> tuple[int, set[str]]:
        """Checks-only English for the articles' statements, in SQL (no statement is read):
        an English statement is its own English, the others have none, no model is recorded.
        Returns (statements of those articles, articles whose statements changed)."""
        differs = (
            "((lang = 'en' AND (text_en IS NULL OR text_en <> text)) "
            "OR (lang <> 'en' AND text_en IS NOT NULL) "
            "OR translation_model IS NOT NULL OR translation_truncated <> 0)"
        )
        count, changed = 0, set()
        with self.db.transaction():
            for chunk in self.db.chunks(dict.fromkeys(article_ids)):
                marks = ",".join("?" * len(chunk))
                where = f"article_id IN ({marks})"
                rows = self.db.query(
                    f"SELECT article_id, SUM(CASE WHEN {differs} THEN 1 ELSE 0 END) AS changed, "
                    f"COUNT(*) AS n FROM statements WHERE {where} GROUP BY article_id",
                    chunk,
                )
                count += sum(r["n"] for r in rows)
                changed.update(r["article_id"] for r in rows if r["changed"])
                self.db.execute(
                    "UPDATE statements SET text_en = CASE WHEN lang = 'en' THEN text END, "
                    f"translation_model = NULL, translation_truncated = 0 WHERE {where} "
                    f"AND {differs}",
                    chunk,
                )
        return count, changed

    def statements(self, article_ids: Iterable[str] | None = None) -> list[Statement]:
        """Statements of the given articles (all when None), in article order."""
        if article_ids is None:
            rows = self.db.query("SELECT * FROM statements")
        else:
            rows = self._where_in("statements", "article_id", article_ids)
        rows = sorted(rows, key=lambda r: (r["article_id"], r["idx"]))
        return [_STATEMENTS.to_record(r) for r in rows]

    def statements_by_id(self, ids: Iterable[str]) -> dict[str, Statement]:
        """Statements by id (unknown ids are left out)."""
        rows = self._where_in("statements", "statement_id", ids)
        return {r["statement_id"]: _STATEMENTS.to_record(r) for r in rows}

    def english_by_id(self, ids: Iterable[str]) -> dict[str, str | None]:
        """The English of each statement (None: none yet), without reading the statements: what
        an export's fingerprint needs of them (the rest cannot change under a statement id)."""
        rows = self._where_in("statements", "statement_id", ids, "statement_id, text_en")
        return {r["statement_id"]: r["text_en"] for r in rows}

    # --- facts ---------------------------------------------------------------------------------

    def put_facts(self, rows: Iterable[tuple[str, str, Facts]]) -> int:
        """Store (statement id, source hash, facts) rows, replacing a statement's older facts;
        returns the rows written."""
        return self._replace(
            TABLES["facts"],
            [
                {"statement_id": sid, "source_hash": source, "facts": facts_to_json(facts)}
                for sid, source, facts in rows
            ],
        )

    def facts_hashes(self, statement_ids: Iterable[str]) -> dict[str, str]:
        """The source hash of each statement's stored facts (statements without are left out)."""
        rows = self._where_in("facts", "statement_id", statement_ids, "statement_id, source_hash")
        return {r["statement_id"]: r["source_hash"] for r in rows}

    def facts_by_id(self, statement_ids: Iterable[str]) -> dict[str, Facts]:
        """The stored facts of the statements (statements without are left out)."""
        rows = self._where_in("facts", "statement_id", statement_ids, "statement_id, facts")
        return {r["statement_id"]: facts_from_json(r["facts"]) for r in rows}

    # --- caches -------------------------------------------------------------------------------

    def get_translations(
        self, model_id: str, source_hashes: Iterable[str]
    ) -> dict[str, tuple[str, bool]]:
        """Cached translations by source text hash: (English, truncated)."""
        rows = self._where_in(
            "translations", "source_hash", source_hashes, "source_hash, text_en, truncated",
            where="model_id = ?", params=[model_id],
        )  # fmt: skip
        return {r["source_hash"]: (r["text_en"], bool(r["truncated"])) for r in rows}

    def put_translations(self, model_id: str, rows: Iterable[tuple[str, str, bool]]) -> int:
        """Cache (source hash, English, truncated) translations of one model, replacing any."""
        return self._replace(
            TABLES["translations"],
            [
                {"model_id": model_id, "source_hash": h, "text_en": text, "truncated": int(cut)}
                for h, text, cut in rows
            ],
        )

    def get_nli(
        self, model_id: str, keys: Iterable[tuple[str, str]]
    ) -> dict[tuple[str, str], NLIScores]:
        """Cached NLI scores by (premise hash, hypothesis hash)."""
        table = TABLES["nli_cache"]
        found: dict[tuple[str, str], NLIScores] = {}
        # Row values: (a, b) IN (VALUES …) is a primary-key lookup in both dialects.
        for chunk in self.db.chunks(dict.fromkeys(keys), per_item=2, reserved=1):
            values = ", ".join("(?, ?)" for _ in chunk)
            rows = self.db.query(
                "SELECT * FROM nli_cache WHERE model_id = ? AND (premise_hash, hypothesis_hash) "
                f"IN (VALUES {values})",
                [model_id, *(h for key in chunk for h in key)],
            )
            found.update(
                {(r["premise_hash"], r["hypothesis_hash"]): table.to_record(r) for r in rows}
            )
        return found

    def put_nli(self, model_id: str, rows: Iterable[tuple[str, str, NLIScores]]) -> int:
        """Cache NLI scores of one model by (premise hash, hypothesis hash), replacing any."""
        table = TABLES["nli_cache"]
        return self._replace(
            table,
            [
                table.row(s, model_id=model_id, premise_hash=p, hypothesis_hash=h)
                for p, h, s in rows
            ],
        )

    def get_http_validators(self, url: str) -> dict[str, str | None] | None:
        """The ETag / Last-Modified remembered for a URL, if any."""
        rows = self.db.query("SELECT etag, last_modified FROM http_cache WHERE url=?", (url,))
        return (
            None
            if not rows
            else {"etag": rows[0]["etag"], "last_modified": rows[0]["last_modified"]}
        )

    def put_http_validators(self, url: str, etag: str | None, last_modified: str | None) -> None:
        """Remember a URL's ETag / Last-Modified for the next conditional request."""
        row = {"url": url, "etag": etag, "last_modified": last_modified, "updated_at": _now()}
        self._replace(TABLES["http_cache"], [row])

    # --- stories, pairs, findings -------------------------------------------------------------

    def add_stories(self, stories: Iterable[Story], run_id: str = "") -> int:
        """Store stories and the story of each of their articles. A story stored under the same
        id with other articles (an article joined it tonight) is replaced; returns how many
        were new or changed."""
        table = TABLES["stories"]
        given = {s.story_id: s for s in stories}
        stored = {
            r["story_id"]: table.to_record(r) for r in self._where_in("stories", "story_id", given)
        }
        changed = [s for sid, s in given.items() if stored.get(sid) != s]
        members = [
            {"article_id": a, "story_id": s.story_id, "run_id": run_id}
            for s in changed
            for a in s.article_ids
        ]
        self._replace(TABLES["story_articles"], members)
        return self._replace(table, [table.row(s) for s in changed])

    def stories_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        """The stored story id of each of the articles that is in one."""
        rows = self._where_in("story_articles", "article_id", article_ids, "article_id, story_id")
        return {r["article_id"]: r["story_id"] for r in rows}

    def stories_by_id(self, story_ids: Iterable[str]) -> list[Story]:
        """Stored stories by id (unknown ids are left out), ordered by id."""
        table = TABLES["stories"]
        rows = self._where_in("stories", "story_id", story_ids)
        return sorted((table.to_record(r) for r in rows), key=lambda s: s.story_id)

    def put_article_keys(self, stamp: str, keys: Mapping[str, Iterable[str]]) -> int:
        """Store the story evidence keys of articles under ``stamp``; returns rows written."""
        table = TABLES["article_keys"]
        rows = [
            {"article_id": a, "stamp": stamp, "keys": table.column("keys").encode(sorted(k))}
            for a, k in keys.items()
        ]
        return self._replace(table, rows)

    def article_keys(self, stamp: str, article_ids: Iterable[str]) -> dict[str, set[str]]:
        """The stored story keys of those articles computed under ``stamp`` (others left out)."""
        column = TABLES["article_keys"].column("keys")
        rows = self._where_in(
            "article_keys", "article_id", article_ids, "article_id, keys", "stamp = ?", [stamp]
        )
        return {r["article_id"]: set(column.decode(r["keys"])) for r in rows}

    def add_pairs(self, pairs: Iterable[Pair]) -> int:
        """Insert pairs not stored yet; returns how many were new."""
        table = TABLES["pairs"]
        return self._insert(table, [table.row(p) for p in pairs])

    def pairs_by_id(self, ids: Iterable[str]) -> list[Pair]:
        """Pairs by id, in the order of ``ids`` (unknown ids are left out)."""
        ids = list(dict.fromkeys(ids))
        table = TABLES["pairs"]
        found = {r["pair_id"]: table.to_record(r) for r in self._where_in("pairs", "pair_id", ids)}
        return [found[i] for i in ids if i in found]

    def upsert_findings(self, findings: Iterable[Finding], run_id: str) -> int:
        """Insert new findings and refresh known ones (last_run_id, verdict, scores); returns
        how many were new."""
        findings = list(dict((f.finding_id, f) for f in findings).values())
        known = {
            r["finding_id"]
            for r in self._where_in(
                "findings", "finding_id", [f.finding_id for f in findings], "finding_id"
            )
        }
        now = _now()
        rows = [
            _FINDINGS.row(f, first_run_id=run_id, last_run_id=run_id, created_at=now)
            for f in findings
        ]
        self._insert(_FINDINGS, rows, update=_FINDING_REFRESHED)
        return len({f.finding_id for f in findings} - known)

    def findings(
        self,
        ids: Iterable[str] | None = None,
        since: str | None = None,
        until: str | None = None,
    ) -> list[StoredFinding]:
        """Findings with their review decision, in the order they were first stored; filters
        are ISO dates of creation."""
        clauses: list[str] = []
        params: list[Any] = []
        if since:
            clauses.append("f.created_at >= ?")
            params.append(since)
        if until:
            clauses.append("f.created_at < ?")
            params.append(until)
        select = (
            f"f.{self.db.insertion_order} AS _order, f.*, r.status AS review_status, "
            "r.note AS review_note, r.content_hash AS review_hash, r.reviewed_at AS reviewed_at"
        )
        source = "findings f LEFT JOIN reviews r ON r.finding_id = f.finding_id"
        where = " AND ".join(clauses)
        if ids is None:
            sql = f"SELECT {select} FROM {source}" + (f" WHERE {where}" if where else "")
            rows = self.db.query(sql, params)
        else:
            rows = self._where_in(source, "f.finding_id", ids, select, where, params)
        return [_stored_finding(r) for r in sorted(rows, key=lambda r: r["_order"])]

    # --- reviews ------------------------------------------------------------------------------

    def apply_reviews(self, decisions: Iterable[tuple[str, str, str, str]]) -> int:
        """Store (finding_id, status, note, content_hash) decisions in one transaction."""
        now = _now()
        table = TABLES["reviews"]
        rows = [table.row(Review(*decision, reviewed_at=now)) for decision in decisions]
        self._replace(table, rows)
        return len(rows)


def _stored_finding(row: Mapping[str, Any]) -> StoredFinding:
    review = None
    if row["review_status"] is not None:
        review = Review(
            row["finding_id"], row["review_status"], row["review_note"], row["review_hash"],
            row["reviewed_at"],
        )  # fmt: skip
    return StoredFinding(
        finding=_FINDINGS.to_record(row),
        first_run_id=row["first_run_id"],
        last_run_id=row["last_run_id"],
        created_at=row["created_at"],
        review=review,
    )
