"""What the steps hand each other: a run names its store without a password; a run without
models is checks-only and says so in the store's progress and in run.json."""

from __future__ import annotations

from pathlib import Path

from claimdiff.records import Stage
from claimdiff.results import CHECKS_ONLY, Models, ModelsResult, RunInfo


def test_a_run_names_its_store_without_the_password():
    run = RunInfo("r1", Path("out"), "postgresql://claim:secret@db.example:5433/claimdiff", 0.0)
    assert run.where == "postgresql://claim@db.example:5433/claimdiff"
    assert RunInfo("r1", Path("out"), "sqlite:///state/c.db", 0.0).where == "state/c.db"


def test_without_models_a_run_is_checks_only():
    models = Models(notices=("checks-only: off",))
    assert models.mode == models.key == CHECKS_ONLY
    assert models.info() == {} and models.nli_model == "" and models.translation_models == {}
    assert ModelsResult(stage=Stage.LOAD_MODELS).models == Models()
