from __future__ import annotations

from pathlib import Path

import pytest

from claimdiff.config import FilesSource, load_config, parse_config
from claimdiff.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", ["default.yaml", "demo.yaml"])
def test_shipped_configs_validate(name):
    config = load_config(ROOT / "configs" / name)
    assert config.sources


def test_models_shorthands():
    assert parse_config({"models": None}).models is None
    auto = parse_config({"models": "auto"}).models
    assert auto.when_missing == "checks-only"
    assert parse_config({}).models.when_missing == "fail"


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"sourcs": []}, "sourcs"),
        ({"align": {"top_kk": 3}}, "align.top_kk"),
        ({"sources": [{"type": "files", "path": "x", "urll": "y"}]}, "urll"),
        ({"sources": [{"type": "ftp", "path": "x"}]}, "sources.0"),
        ({"models": {"nli": "x", "translation": {"en": "y"}}}, "models.translation"),
        ({"store": "mysql://x"}, "store"),
        ({"judge": {"contradiction_high": 1.5}}, "judge.contradiction_high"),
    ],
)
def test_bad_keys_are_named(data, key):
    with pytest.raises(ConfigError) as info:
        parse_config(data, "test.yaml")
    assert key in str(info.value)
    assert "test.yaml" in str(info.value)


def test_load_config_errors_name_the_file(tmp_path):
    with pytest.raises(ConfigError, match=r"missing\.yaml"):
        load_config(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("sources: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_config(bad)
    listing = tmp_path / "list.yaml"
    listing.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="mapping"):
        load_config(listing)


def test_files_source_parses_path():
    config = parse_config({"sources": [{"type": "files", "path": "data/x.jsonl"}]})
    assert isinstance(config.sources[0], FilesSource)
    assert config.sources[0].path == Path("data/x.jsonl")


def test_ingest_size_cap_is_configured_once():
    assert parse_config({}).ingest.max_chars == 200_000
    assert parse_config({"ingest": {"max_chars": 5000}}).ingest.max_chars == 5000
    with pytest.raises(ConfigError, match=r"ingest\.max_chars"):
        parse_config({"ingest": {"max_chars": 10}})
