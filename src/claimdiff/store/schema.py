"""The store's tables, generated from the records' fields, and the migrations between versions.

A table lists its columns by name; the column types follow the field annotations (``str`` and
literals are text, ``bool`` an integer 0/1, ``datetime`` ISO-8601 text, tuples and dicts JSON
text; ``X | None`` is nullable). The same description renders the DDL of every backend, so
SQLite and PostgreSQL hold the same schema under the same version number.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, Literal

from claimdiff.records import Article, Finding, NLIScores, Pair, Problem, Statement, Story

# Version 2: findings indexed by created_at (`claimdiff export --since/--until`).
# Version 3: per-article progress through the stages (every run resumes unfinished work).
# Version 4: the facts stage's output, per statement (align and judge read it).
# Version 5: article -> story (ids stable across nights) and each article's story evidence keys.
SCHEMA_VERSION = 5

Kind = Literal["text", "integer", "real", "bool", "timestamp", "json", "tuple", "enum"]


@dataclass(frozen=True, slots=True)
class Column:
    """One column: its name, how values are encoded, and the record field it holds (if any)."""

    name: str
    kind: Kind
    nullable: bool = True
    field: str | None = None
    default: Any = None  # a scalar default rendered into the DDL
    references: str | None = None  # "table(column)" of a foreign key
    enum: type[Enum] | None = None  # the vocabulary of an "enum" column (stored as its value)

    def encode(self, value: Any) -> Any:
        """The value as stored (JSON text, 0/1, ISO text)."""
        if value is None:
            return None
        if self.kind == "bool":
            return int(value)
        if self.kind == "enum":
            return value.value if isinstance(value, Enum) else str(value)
        if self.kind == "timestamp":
            return value.isoformat()
        if self.kind in ("json", "tuple"):
            return json.dumps(
                list(value) if self.kind == "tuple" else value, ensure_ascii=False, default=str
            )
        return value

    def decode(self, value: Any) -> Any:
        """The stored value back as the record's field type."""
        if value is None:
            return {} if self.kind == "json" else None
        if self.kind == "bool":
            return bool(value)
        if self.kind == "enum" and self.enum is not None:
            return self.enum(value)
        if self.kind == "timestamp":
            return datetime.fromisoformat(value)
        if self.kind == "json":
            return json.loads(value)
        if self.kind == "tuple":
            return tuple(json.loads(value))
        return value


@dataclass(frozen=True, slots=True)
class Index:
    """A secondary index."""

    name: str
    columns: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A table: its columns in DDL order, its primary key and, when it holds one, its record type."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    record: type | None = None
    indexes: tuple[Index, ...] = ()

    def column(self, name: str) -> Column:
        """The column called ``name``."""
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name!r}")

    @property
    def names(self) -> tuple[str, ...]:
        """Column names in DDL order."""
        return tuple(c.name for c in self.columns)

    def row(self, record: Any, **extra: Any) -> dict[str, Any]:
        """The stored form of ``record`` (plus bookkeeping columns given by name)."""
        values = {
            c.name: c.encode(getattr(record, c.field)) for c in self.columns if c.field is not None
        }
        values.update({name: self.column(name).encode(v) for name, v in extra.items()})
        return values

    def to_record(self, row: Mapping[str, Any]) -> Any:
        """The record a stored row holds."""
        if self.record is None:
            raise TypeError(f"{self.name} holds no record type")
        # columns stored as they are (text, numbers) are copied without a decode call: reads of
        # a few hundred thousand statements spent most of their time decoding
        plain, coded = _fields_of(self)
        values = {field: row[name] for field, name in plain}
        values.update({field: column.decode(row[column.name]) for field, column in coded})
        return self.record(**values)


_Fields = tuple[tuple[tuple[str, str], ...], tuple[tuple[str, Column], ...]]
_FIELDS: dict[int, tuple[Table, _Fields]] = {}  # by id(table), the table kept so the id stays its


def _fields_of(table: Table) -> _Fields:
    """(field, column name) of the table's plain columns, (field, column) of those to decode."""
    found = _FIELDS.get(id(table))
    if found is None or found[0] is not table:
        fields = [(c.field, c) for c in table.columns if c.field is not None]
        plain = tuple((f, c.name) for f, c in fields if c.kind in ("text", "integer", "real"))
        coded = tuple((f, c) for f, c in fields if c.kind not in ("text", "integer", "real"))
        found = _FIELDS[id(table)] = (table, (plain, coded))
    return found[1]


def _kind_of(annotation: Any) -> tuple[Kind, bool]:
    """(kind, nullable) of a field annotation."""
    nullable = False
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        nullable = len(args) < len(typing.get_args(annotation))
        (annotation,) = args
    origin = typing.get_origin(annotation) or annotation
    if isinstance(origin, type) and issubclass(origin, Enum):
        return "enum", nullable
    kinds: dict[Any, Kind] = {
        str: "text", Literal: "text", bool: "bool", int: "integer", float: "real",
        datetime: "timestamp", dict: "json", tuple: "tuple", list: "tuple",
    }  # fmt: skip
    return kinds[origin], nullable


def _enum_of(annotation: Any) -> type[Enum]:
    args = [a for a in typing.get_args(annotation) if a is not type(None)] or [annotation]
    return args[0]


def record_columns(
    record: type,
    rename: Mapping[str, str] | None = None,
    references: Mapping[str, str] | None = None,
) -> tuple[Column, ...]:
    """Columns for the fields of a frozen record, in field order (``rename``: field -> column,
    ``references``: field -> "table(column)")."""
    rename, references = rename or {}, references or {}
    hints = typing.get_type_hints(record)
    columns = []
    for f in dataclasses.fields(record):
        kind, nullable = _kind_of(hints[f.name])
        default = f.default if isinstance(f.default, (str, int, float)) else None
        name, enum = rename.get(f.name, f.name), _enum_of(hints[f.name]) if kind == "enum" else None
        columns.append(Column(name, kind, nullable, f.name, default, references.get(f.name), enum))
    return tuple(columns)


def text(name: str, nullable: bool = False) -> Column:
    """A bookkeeping text column that no record field holds."""
    return Column(name, "text", nullable)


@dataclass(frozen=True, slots=True)
class Review:
    """A reviewer's decision on a finding, bound to the statements' text it was made on."""

    finding_id: str
    status: str
    note: str | None
    content_hash: str | None
    reviewed_at: str


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table("meta", (text("key"), text("value")), ("key",)),
        Table(
            "runs",
            (
                text("run_id"),
                text("started_at"),
                text("finished_at", True),
                text("mode", True),
                text("status", True),
                text("summary", True),
            ),
            ("run_id",),
        ),
        Table(
            "articles",
            (*record_columns(Article), text("first_run_id", True)),
            ("article_id",),
            Article,
            (
                Index("articles_hash", ("text_hash",)),
                Index("articles_canonical_url", ("canonical_url",)),
            ),
        ),
        Table(
            "statements",
            record_columns(
                Statement,
                rename={"index": "idx"},
                references={"article_id": "articles(article_id)"},
            ),
            ("statement_id",),
            Statement,
            (Index("statements_article", ("article_id",)),),
        ),
        Table(
            "translations",
            (
                text("model_id"),
                text("source_hash"),
                text("text_en"),
                Column("truncated", "bool", False),
            ),
            ("model_id", "source_hash"),
        ),
        Table(
            "nli_cache",
            (
                text("model_id"),
                text("premise_hash"),
                text("hypothesis_hash"),
                *record_columns(NLIScores),
            ),
            ("model_id", "premise_hash", "hypothesis_hash"),
            NLIScores,
        ),
        Table(
            "facts",
            (
                Column("statement_id", "text", False, references="statements(statement_id)"),
                # what the facts were computed from besides the statement's own text: its
                # English and the facts fingerprint (code, lexicons, config)
                text("source_hash"),
                text("facts"),  # JSON of the frozen Facts record (facts.records.facts_to_json)
            ),
            ("statement_id",),
        ),
        Table("stories", record_columns(Story), ("story_id",), Story),
        Table(
            # the story each article is in (an article joining tomorrow keeps the story's id)
            "story_articles",
            (
                Column("article_id", "text", False, references="articles(article_id)"),
                text("story_id"),
                text("run_id"),
            ),
            ("article_id",),
            indexes=(Index("story_articles_story", ("story_id",)),),
        ),
        Table(
            # the story evidence keys of an article (align.stories.article_keys), under the
            # stamp of what they were computed with: a later night clusters its window from
            # them without reading every statement again
            "article_keys",
            (
                Column("article_id", "text", False, references="articles(article_id)"),
                text("stamp"),
                Column("keys", "json", False),
            ),
            ("article_id",),
        ),
        Table("pairs", record_columns(Pair), ("pair_id",), Pair),
        Table(
            "findings",
            (
                *record_columns(Finding),
                text("first_run_id"),
                text("last_run_id"),
                text("created_at"),
            ),
            ("finding_id",),
            Finding,
            (Index("findings_created_at", ("created_at",)),),
        ),
        Table(
            "reviews",
            record_columns(Review, references={"finding_id": "findings(finding_id)"}),
            ("finding_id",),
            Review,
        ),
        Table(
            "progress",
            (text("article_id"), text("stage"), text("models"), text("run_id"), text("done_at")),
            ("article_id", "stage", "models"),
        ),
        Table(
            "http_cache",
            (text("url"), text("etag", True), text("last_modified", True), text("updated_at")),
            ("url",),
        ),
        Table(
            "problems",
            (text("run_id"), *record_columns(Problem, rename={"where": "location"})),
            ("run_id", "stage", "location", "message"),
        ),
    )
}


def quote(name: str) -> str:
    """A quoted identifier (``end`` and ``index`` are keywords in both dialects)."""
    return f'"{name}"'


def create_table(table: Table, types_: Mapping[Kind, str], extra: str = "") -> list[str]:
    """CREATE TABLE / INDEX statements of ``table`` for a dialect's type names."""
    columns = []
    for c in table.columns:
        sql = f"{quote(c.name)} {types_[c.kind]}"
        if not c.nullable:
            sql += " NOT NULL"
        if c.default is not None and not c.nullable:
            sql += f" DEFAULT {_literal(c.encode(c.default))}"
        if c.references:
            sql += f" REFERENCES {c.references}"
        columns.append(sql)
    if extra:
        columns.append(extra)
    columns.append(f"PRIMARY KEY ({', '.join(quote(k) for k in table.key)})")
    statements = [f"CREATE TABLE IF NOT EXISTS {table.name} ({', '.join(columns)})"]
    statements += [
        f"CREATE INDEX IF NOT EXISTS {i.name} ON {table.name} "
        f"({', '.join(quote(c) for c in i.columns)})"
        for i in table.indexes
    ]
    return statements


def _literal(value: Any) -> str:
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return repr(value)


@dataclass(frozen=True, slots=True)
class Migration:
    """What brings a store from ``version - 1`` to ``version``: statements valid in every dialect
    (a function of the dialect's type names when a column type is involved)."""

    version: int
    description: str
    statements: Callable[[Mapping[Kind, str]], Sequence[str]]


# Applied in order to stores older than SCHEMA_VERSION; a fresh store is created at the latest
# version directly. Add a step here (and raise SCHEMA_VERSION) whenever TABLES changes.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        2,
        "index findings by created_at for exports by date",
        lambda _types: [
            'CREATE INDEX IF NOT EXISTS findings_created_at ON findings ("created_at")'
        ],
    ),
    Migration(
        3,
        "per-article progress; articles of runs that finished count as exported, those of runs "
        "that never finished are resumed by the next run",
        lambda types: [
            *create_table(TABLES["progress"], types),
            "INSERT INTO progress (article_id, stage, models, run_id, done_at) "
            "SELECT a.article_id, 'export', '', a.first_run_id, r.finished_at FROM articles a "
            "JOIN runs r ON r.run_id = a.first_run_id WHERE r.finished_at IS NOT NULL",
        ],
    ),
    Migration(
        4,
        "the facts of each statement, computed once by the facts stage",
        lambda types: create_table(TABLES["facts"], types),
    ),
    Migration(
        5,
        "the story of each article (stable story ids across nights) and its story keys",
        lambda types: [
            *create_table(TABLES["story_articles"], types),
            *create_table(TABLES["article_keys"], types),
        ],
    ),
)
