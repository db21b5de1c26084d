"""Lexicons are data: validated at start-up, extendable from a folder, errors name file and key."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimdiff.errors import ConfigError
from claimdiff.facts import extract_facts, load_lexicons
from claimdiff.facts.lexicons import BUNDLED_DIR, FILES, LANGUAGES


def test_every_language_has_every_file() -> None:
    for lang in LANGUAGES:
        for name in FILES:
            assert (BUNDLED_DIR / lang / f"{name}.yaml").is_file(), f"{lang}/{name}.yaml"


def _write(tmp_path: Path, lang: str, name: str, text: str) -> Path:
    folder = tmp_path / lang
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("lang", "name", "text", "needle"),
    [
        ("ja", "qualifiers", "classes:\n  much_more: {before: ['ずっと']}\n", "much_more"),
        (
            "ko",
            "units",
            "units:\n  bag: {family: count, after: ['포대'], colour: red}\n",
            "units.bag.colour",
        ),
        ("en", "negation", "markers: ['(unclosed']\n", "markers"),
        ("en", "modality", "levels:\n  certain: ['surely']\n", "certain"),
        (
            "ja",
            "dates",
            "patterns:\n  - {regex: '(?P<year>\\d{4})年', kind: century}\n",
            "patterns.0.kind",
        ),
        ("ko", "numbers", "big_multipliers: {만만: 1e8}\n", "big_multipliers"),
        ("en", "names", "- just\n- a list\n", "mapping"),
        ("en", "units", "units: [\n", "not valid YAML"),
    ],
)
def test_bad_extra_file_names_file_and_key(tmp_path, lang, name, text, needle) -> None:
    folder = _write(tmp_path, lang, name, text)
    with pytest.raises(ConfigError) as error:
        load_lexicons(folder)
    message = str(error.value)
    assert str(folder / lang / f"{name}.yaml") in message
    assert needle in message


def test_missing_extra_dir_is_a_config_error(tmp_path) -> None:
    with pytest.raises(ConfigError, match="not a directory"):
        load_lexicons(tmp_path / "nope")


def test_unknown_language_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="available"):
        load_lexicons()["zh"]


def test_extra_dir_extends_bundled_lexicons(tmp_path) -> None:
    text = "GPU 25만 포대를 공급한다."
    assert extract_facts(text, "ko", load_lexicons()).quantities[0].unit is None
    folder = _write(tmp_path, "ko", "units", "units:\n  sack: {family: count, after: ['포대']}\n")
    folder = _write(tmp_path, "ko", "qualifiers", "classes:\n  about: {before: ['어림잡아']}\n")
    extended = load_lexicons(folder)
    (quantity,) = extract_facts(text, "ko", extended).quantities
    assert quantity.unit == "sack" and quantity.value == 250_000
    (about,) = extract_facts("어림잡아 3만 명이 모였다.", "ko", extended).quantities
    assert about.qualifier == "about"
    # the bundled entries are still there
    assert extract_facts("약 3만 명", "ko", extended).quantities[0].qualifier == "about"
