"""Checks before any work: a run that cannot finish should say so at once, not after the night.

Each failure is one line naming the path (or config key) and the fix. The checks try the real
operation (create the directory, write a file, open the store for writing) rather than reading
permission bits, which lie for root and for network file systems.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from claimdiff.config import Config
from claimdiff.errors import ModelLoadError, PreflightError


def check_run(config: Config, out_dir: Path, check_models: bool = True) -> None:
    """Raise :class:`PreflightError` listing every reason ``config`` cannot run into ``out_dir``."""
    problems = [
        *_writable_dir(out_dir, "output directory", "choose another --out (or export.dir)"),
        *_store_usable(config),
        *_free_space(config, [out_dir, *_store_dirs(config)]),
    ]
    if check_models:
        problems += _models_resolvable(config)
    if problems:
        raise PreflightError(problems)


def _reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _writable_dir(path: Path, what: str, fix: str) -> list[str]:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except FileExistsError:
        return [f"{path}: the {what} is not a directory; {fix}"]
    except OSError as exc:
        return [f"{path}: cannot create the {what} ({_reason(exc)}); {fix}"]
    try:
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as exc:
        return [
            f"{path}: the {what} is not writable ({_reason(exc)}); fix its permissions or {fix}"
        ]
    return []


def _store_dirs(config: Config) -> list[Path]:
    return [config.store_path.parent] if config.store.startswith("sqlite:///") else []


def _store_usable(config: Config) -> list[str]:
    if not config.store.startswith("sqlite:///"):
        return []  # a server store: opening it names host, port and the fix (claimdiff.store)
    store_path = config.store_path
    fix = "point `store:` elsewhere or fix its permissions"
    problems = _writable_dir(store_path.parent, "store's directory", fix)
    if problems or not store_path.exists():
        return problems
    try:
        with store_path.open("r+b"):
            pass
    except OSError as exc:
        return [f"{store_path}: the store file cannot be written ({_reason(exc)}); {fix}"]
    return []


def _existing_ancestor(path: Path) -> Path:
    path = path.resolve()
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def _free_space(config: Config, paths: list[Path]) -> list[str]:
    floor_mb = config.run.min_free_mb
    problems = []
    seen: set[int] = set()
    for path in paths:
        where = _existing_ancestor(path)
        try:
            device, usage = where.stat().st_dev, shutil.disk_usage(where)
        except OSError:
            continue  # reported by the directory checks
        if device in seen:
            continue
        seen.add(device)
        free_mb = usage.free // 2**20
        if free_mb < floor_mb:
            problems.append(
                f"{path}: only {free_mb} MB free on its disk, below run.min_free_mb "
                f"({floor_mb} MB); free some space or lower run.min_free_mb"
            )
    return problems


def _models_resolvable(config: Config) -> list[str]:
    """Configured models that cannot be found, when a missing model fails the run."""
    models = config.models
    if models is None or models.when_missing != "fail":
        return []  # models off, or a missing model falls back to checks-only with a notice
    from claimdiff.models.resolve import resolve_model_dir

    wanted = {f"models.translation.{lang}": name for lang, name in models.translation.items()}
    wanted["models.nli"] = models.nli
    problems = []
    for key, name in wanted.items():
        try:
            resolve_model_dir(name, models)
        except ModelLoadError as exc:
            cause = str(exc).splitlines()[0]
            problems.append(
                f"{key}: {cause}; run `claimdiff models pull`, configure a local directory, "
                "or pass --no-models"
            )
    return problems
