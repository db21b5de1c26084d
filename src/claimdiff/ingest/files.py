"""Local sources: JSON Lines (Contract 1), CSV with a column mapping, folders of .html / .txt."""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from claimdiff.config import FetchConfig, FilesSource, IngestConfig
from claimdiff.errors import InputError
from claimdiff.ingest.build import CONTRACT_FIELDS, SourceResult
from claimdiff.ingest.decode import decode_bytes
from claimdiff.ingest.extract import extract_article
from claimdiff.records import LANGS, Article, Problem

log = logging.getLogger(__name__)

SUFFIXES = {".jsonl": "jsonl", ".csv": "csv", ".html": "html", ".htm": "html", ".txt": "txt"}


def _defaults(source: FilesSource | None) -> dict[str, Any]:
    if source is None:
        return {}
    return {"outlet": source.outlet, "role": source.role, "lang": source.lang}


def read_jsonl(
    path: Path,
    fetch: FetchConfig,
    defaults: Mapping[str, Any] | None = None,
    *,
    ingest: IngestConfig,
) -> tuple[list[Article], list[Problem]]:
    """Read Contract 1 articles from a .jsonl file or a directory of them (sorted, recursive).

    Each bad line becomes a Problem naming ``path:LINE`` and is skipped; the rest is read.
    Articles are validated, normalised and language-identified, not deduplicated
    (``ingest_sources`` does that across all sources).
    """
    path = Path(path)
    if not path.exists():
        return [], [Problem(stage="ingest", where=str(path), message="no such file or directory")]
    files = sorted(p for p in path.rglob("*.jsonl") if p.is_file()) if path.is_dir() else [path]
    articles: list[Article] = []
    problems: list[Problem] = []
    for file in files:
        result = SourceResult(str(file))
        _read_jsonl_file(file, fetch, defaults or {}, ingest.max_chars, result)
        articles += result.articles
        problems += result.problems
    return articles, problems


def _read_jsonl_file(
    path: Path,
    fetch: FetchConfig,
    defaults: Mapping[str, Any],
    max_chars: int,
    result: SourceResult,
) -> None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        result.fail(str(path), f"cannot read: {exc.strerror}")
        return
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a BOM from Windows editors is not part of the first object
    for number, raw in enumerate(data.split(b"\n"), start=1):
        where = f"{path}:{number}"
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            result.fail(
                where, f"not valid UTF-8 (byte {exc.start} of the line); JSONL must be UTF-8"
            )
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            result.fail(where, f"malformed JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(obj, dict):
            result.fail(where, f"expected a JSON object, got {type(obj).__name__}")
            continue
        result.add(obj, where=where, fetch=fetch, defaults=defaults, max_chars=max_chars)


@contextmanager
def _large_csv_fields() -> Iterator[None]:
    # The csv module refuses fields over 128 KiB and cannot read on after that; an oversized
    # article must be read whole so that ingest.max_chars rejects it and the next row is read.
    previous = csv.field_size_limit(2**31 - 1)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _csv_rows(text: str) -> Iterator[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    start = 2
    for row in reader:
        yield start, row
        start = reader.line_num + 1


def _read_csv(
    path: Path,
    source: FilesSource | None,
    fetch: FetchConfig,
    max_chars: int,
    result: SourceResult,
) -> None:
    columns = dict(source.columns) if source is not None else {}
    unknown = sorted(set(columns) - set(CONTRACT_FIELDS))
    if unknown:
        result.fail(
            str(path),
            f"columns mapping names unknown field(s) {', '.join(unknown)}; fields are {', '.join(CONTRACT_FIELDS)}",
        )
        return
    try:
        decoded = decode_bytes(
            path.read_bytes(), None, fetch.charset_max_mess, fetch.charset_mess_min_chars
        )
    except OSError as exc:
        result.fail(str(path), f"cannot read: {exc.strerror}")
        return
    with _large_csv_fields():
        header = csv.DictReader(io.StringIO(decoded.text, newline="")).fieldnames or []
    missing = sorted(col for col in columns.values() if col not in header)
    if missing:
        result.fail(
            str(path),
            f"column(s) {', '.join(missing)} named in the columns mapping are not in the CSV header; "
            f"the header has: {', '.join(header)}",
        )
        return
    # contract fields not mapped explicitly are read from a column of the same name
    mapping = {field: columns.get(field, field) for field in CONTRACT_FIELDS}
    used = set(mapping.values())
    try:
        with _large_csv_fields():
            for line, row in _csv_rows(decoded.text):
                where = f"{path}:{line}"
                if None in row:
                    result.fail(where, f"more values than the {len(header)} header columns")
                    continue
                # empty cells stay in: an empty body is reported as "empty text"
                fields: dict[str, Any] = {f: row[c] for f, c in mapping.items() if c in row}
                metadata = {k: v for k, v in row.items() if k not in used and v not in ("", None)}
                metadata["encoding"] = decoded.encoding
                result.add(
                    fields,
                    where=where,
                    fetch=fetch,
                    defaults=_defaults(source),
                    metadata=metadata,
                    max_chars=max_chars,
                )
    except csv.Error as exc:
        result.fail(str(path), f"CSV cannot be parsed further ({exc}); later rows skipped")


def _read_document(
    path: Path,
    kind: str,
    source: FilesSource | None,
    fetch: FetchConfig,
    max_chars: int,
    result: SourceResult,
) -> None:
    where = str(path)
    if source is None or source.outlet is None or source.role is None:
        result.fail(
            where, f".{kind} files carry no outlet or role: set outlet and role on the files source"
        )
        return
    try:
        decoded = decode_bytes(
            path.read_bytes(), None, fetch.charset_max_mess, fetch.charset_mess_min_chars
        )
    except OSError as exc:
        result.fail(where, f"cannot read: {exc.strerror}")
        return
    metadata: dict[str, Any] = {"encoding": decoded.encoding, "encoding_reason": decoded.reason}
    url = path.resolve().as_uri()
    canonical = None
    fields: dict[str, Any] = {"url": url}
    defaults = _defaults(source)
    if kind == "html":
        try:
            extracted = extract_article(decoded.text, url)
        except InputError as exc:
            result.fail(where, str(exc))
            return
        fields.update(text=extracted.text, title=extracted.title, published_at=extracted.published)
        canonical = extracted.canonical
        if canonical:
            fields["url"] = canonical  # a saved page keeps its web address
        if defaults["lang"] is None and extracted.html_lang in LANGS:
            defaults["lang"] = extracted.html_lang
        metadata["html_lang"] = extracted.html_lang
    else:
        fields["text"] = decoded.text
    # (every source's reader ends in this keyword call of SourceResult.add: the logic is shared)
    result.add(
        fields,
        where=where,
        fetch=fetch,
        defaults=defaults,
        metadata=metadata,
        canonical=canonical,
        max_chars=max_chars,
    )


def ingest_files(source: FilesSource, fetch: FetchConfig, ingest: IngestConfig) -> SourceResult:
    """Read a files source: one file, or every supported file under a folder (sorted)."""
    path = Path(source.path)
    result = SourceResult(str(path))
    if not path.exists():
        result.fail(str(path), "no such file or directory")
        return result
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
    else:
        files = [path]
    for file in files:
        kind = SUFFIXES.get(file.suffix.lower())
        if kind is None:
            result.skip(
                str(file),
                f"not a supported file type ({', '.join(sorted(SUFFIXES))})",
                report=not path.is_dir(),
            )
        elif kind == "jsonl":
            _read_jsonl_file(file, fetch, _defaults(source), ingest.max_chars, result)
        elif kind == "csv":
            _read_csv(file, source, fetch, ingest.max_chars, result)
        else:
            _read_document(file, kind, source, fetch, ingest.max_chars, result)
    return result
