"""Engine test fixtures: configs pointing at the tiny models, engines loaded once per session.

``tiny_models`` (session-scoped) comes from tests/conftest.py: tiny checkpoints built once and
loaded through ``from_pretrained`` like production models.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claimdiff.config import ModelsConfig, NLIConfig, TranslateConfig

FIXTURES = Path(__file__).resolve().parents[2] / "models" / "fixtures"


def corpus(lang: str) -> list[str]:
    """The fixture sentences the tiny tokenizers were trained on."""
    return (FIXTURES / f"corpus_{lang}.txt").read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="session")
def models_cfg(tmp_path_factory) -> ModelsConfig:
    """CPU, no downloads, conversions cached in a session temp dir."""
    return ModelsConfig(
        device="cpu", download=False, local_dir=tmp_path_factory.mktemp("model-cache")
    )


@pytest.fixture(scope="session")
def nli_engine(tiny_models, models_cfg):
    from claimdiff.nli import load_nli

    return load_nli(str(tiny_models.nli), models_cfg, NLIConfig(engine="transformers"))


@pytest.fixture(scope="session")
def ja_translator(tiny_models, models_cfg):
    from claimdiff.translate import load_translator

    cfg = TranslateConfig(
        engine="transformers", beam_size=1, max_new_tokens_min=4, max_new_tokens_ratio=1.0
    )
    return load_translator(str(tiny_models.translation["ja"]), "ja", models_cfg, cfg)
