"""Hugging Face datasets as a source: by hub name, a ``save_to_disk`` folder, or local data files."""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path
from typing import Any

from claimdiff.config import DatasetSource, FetchConfig, IngestConfig
from claimdiff.errors import InputError
from claimdiff.ingest.build import CONTRACT_FIELDS, SourceResult

log = logging.getLogger(__name__)

# local data files load through the matching `datasets` builder
_FILE_BUILDERS = {
    ".json": "json",
    ".jsonl": "json",
    ".csv": "csv",
    ".parquet": "parquet",
    ".txt": "text",
}


def _load(source: DatasetSource) -> Any:
    import datasets  # heavy import, only when a dataset source is configured

    path = Path(source.name)
    saved = ("dataset_info.json", "dataset_dict.json")
    if path.is_dir() and any((path / name).exists() for name in saved):
        loaded = datasets.load_from_disk(str(path))
        if isinstance(loaded, datasets.DatasetDict):
            if source.split not in loaded:
                raise InputError(
                    f"split {source.split!r} not found; splits are: {', '.join(loaded)}"
                )
            return loaded[source.split]
        return loaded
    if path.is_file():
        builder = _FILE_BUILDERS.get(path.suffix.lower())
        if builder is None:
            raise InputError(
                f"unsupported data file type {path.suffix!r}; use one of {', '.join(_FILE_BUILDERS)}"
            )
        return datasets.load_dataset(
            builder, data_files={source.split: str(path)}, split=source.split
        )
    return datasets.load_dataset(source.name, source.config_name, split=source.split)


def _plain(value: Any) -> Any:
    # metadata must stay JSON-serialisable for the store
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def ingest_dataset(source: DatasetSource, fetch: FetchConfig, ingest: IngestConfig) -> SourceResult:
    """Read one split of a dataset, mapping its columns to Contract 1 fields."""
    label = f"dataset {source.name}[{source.split}]"
    result = SourceResult(label)
    unknown = sorted(set(source.columns) - set(CONTRACT_FIELDS))
    if unknown:
        result.fail(
            label,
            f"columns mapping names unknown field(s) {', '.join(unknown)}; fields are {', '.join(CONTRACT_FIELDS)}",
        )
        return result
    try:
        data = _load(source)
    except (InputError, FileNotFoundError, ValueError, OSError, ConnectionError) as exc:
        # datasets raises DatasetNotFoundError (a FileNotFoundError) offline or for a bad name
        result.fail(label, f"cannot load dataset: {exc}")
        return result
    names = list(data.column_names)
    missing = sorted(col for col in source.columns.values() if col not in names)
    if missing:
        result.fail(
            label,
            f"column(s) {', '.join(missing)} not in the dataset; its columns are: {', '.join(names)}",
        )
        return result
    mapping = {field: source.columns.get(field, field) for field in CONTRACT_FIELDS}
    used = set(mapping.values())
    defaults = {"outlet": source.outlet, "role": source.role, "lang": source.lang}
    for index, row in enumerate(data):
        where = f"{source.name}[{source.split}]:{index}"
        fields = {f: row[c] for f, c in mapping.items() if c in row}
        # dataset cells may be numbers or dates; contract string fields are converted
        for key in ("url", "outlet", "role", "lang", "title", "text"):
            if fields.get(key) is not None and not isinstance(fields[key], str):
                fields[key] = str(fields[key])
        metadata = {k: _plain(v) for k, v in row.items() if k not in used and v is not None}
        # (the keyword call every reader makes: the logic is SourceResult.add's)
        result.add(
            fields,
            where=where,
            fetch=fetch,
            defaults=defaults,
            metadata=metadata,
            max_chars=ingest.max_chars,
        )
    return result
