"""Session-wide test set-up: a quiet offline Prefect, tiny models built once, sample data paths."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Before anything imports prefect: local state, no telemetry, a patient temporary server.
_PREFECT_HOME = tempfile.mkdtemp(prefix="claimdiff-prefect-")
os.environ.setdefault("PREFECT_HOME", _PREFECT_HOME)
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "300")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
# Tests never reach a model hub.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples" / "demo.jsonl"


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory):
    """Tiny Marian and DeBERTa-v2 checkpoints, built once per session, loaded via from_pretrained."""
    from models.tiny import build_tiny_models

    return build_tiny_models(tmp_path_factory.mktemp("tiny-models"))


@pytest.fixture(scope="session")
def prefect_harness():
    """One temporary Prefect server for the whole session (starting one costs seconds)."""
    from prefect.testing.utilities import prefect_test_harness

    # patient: on a loaded 2-core machine the server can take minutes to answer
    with prefect_test_harness(server_startup_timeout=300):
        yield


@pytest.fixture
def samples_path() -> Path:
    return SAMPLES


# --- the fact checks: the bundled lexicons and the default facts config (checks, evaluate, facts)


@pytest.fixture(scope="session")
def lexicons():
    from claimdiff.facts import load_lexicons

    return load_lexicons()


@pytest.fixture(scope="session")
def facts_config():
    from claimdiff.config import FactsConfig

    return FactsConfig()


# --- model stages: configs pointing at the tiny models, engines loaded once per session -------


@pytest.fixture(scope="session")
def models_cfg(tmp_path_factory):
    """CPU, no downloads, conversions cached in a session temp dir."""
    from claimdiff.config import ModelsConfig

    return ModelsConfig(
        device="cpu", download=False, local_dir=tmp_path_factory.mktemp("model-cache")
    )


@pytest.fixture(scope="session")
def nli_classifier(tiny_models, models_cfg):
    from claimdiff.config import NLIConfig
    from claimdiff.nli import load_nli

    return load_nli(str(tiny_models.nli), models_cfg, NLIConfig(engine="transformers"))


@pytest.fixture(scope="session")
def ja_translator(tiny_models, models_cfg):
    from claimdiff.config import TranslateConfig
    from claimdiff.translate import load_translator

    cfg = TranslateConfig(
        engine="transformers", beam_size=1, max_new_tokens_min=4, max_new_tokens_ratio=1.0
    )
    return load_translator(str(tiny_models.translation["ja"]), "ja", models_cfg, cfg)


@pytest.fixture(scope="session")
def postgres_server():
    """One real PostgreSQL server for the session (tests/pgserver.py); skipped, saying why, where
    the server binaries are not installed (.ci/run installs them)."""
    from tests import pgserver

    bindir = pgserver.find_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries not found: apt-get install postgresql")
    server = pgserver.start(bindir)
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """The URL of an empty database of its own on the session's PostgreSQL server."""
    return postgres_server.new_database()
