"""Pre-flight checks: every reason a run cannot finish, one line each with path and fix."""

from __future__ import annotations

import pytest

from claimdiff.config import parse_config
from claimdiff.errors import PreflightError
from claimdiff.preflight import check_run


def config(tmp_path, **extra):
    return parse_config(
        {"store": f"sqlite:///{tmp_path / 'store' / 's.db'}", "models": None, **extra}
    )


def problems(config, out, check_models=True):
    with pytest.raises(PreflightError) as failed:
        check_run(config, out, check_models)
    return failed.value.problems


def test_a_usable_setup_passes_and_creates_the_directories(tmp_path):
    check_run(config(tmp_path), tmp_path / "out" / "nested")
    assert (tmp_path / "out" / "nested").is_dir() and (tmp_path / "store").is_dir()


def test_paths_that_cannot_be_used_are_each_named_with_the_fix(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    cfg = parse_config({"store": f"sqlite:///{blocker / 'sub' / 's.db'}", "models": None})
    lines = problems(cfg, blocker / "out")
    assert len(lines) == 2
    assert lines[0].startswith(f"{blocker / 'out'}: cannot create the output directory")
    assert lines[1].startswith(f"{blocker / 'sub'}: cannot create the store's directory")
    assert all("\n" not in line and ";" in line for line in lines)  # one line, then the fix


def test_free_space_below_the_floor(tmp_path):
    (line,) = problems(config(tmp_path, run={"min_free_mb": 10**12}), tmp_path / "out")
    assert "below run.min_free_mb" in line and "MB free" in line


def test_models_that_cannot_be_found_fail_only_when_a_missing_model_fails_the_run(tmp_path):
    models = {"translation": {"ja": str(tmp_path / "no-model")}, "nli": str(tmp_path / "no-nli")}
    lines = problems(config(tmp_path, models=models), tmp_path / "out")
    assert [line.split(":")[0] for line in lines] == ["models.translation.ja", "models.nli"]
    assert all("--no-models" in line for line in lines)
    check_run(config(tmp_path, models=models), tmp_path / "out", check_models=False)
    fallback = {**models, "when_missing": "checks-only"}
    check_run(config(tmp_path, models=fallback), tmp_path / "out")  # falls back with a notice
