"""Data files fail the same readable way: the file named, each bad key with its problem."""

from __future__ import annotations

import pytest
from pydantic import field_validator

from claimdiff.datafiles import Strict, compiles, read_yaml_mapping, validate
from claimdiff.errors import ConfigError


class _Schema(Strict):
    pattern: str
    size: int = 1

    _pattern = field_validator("pattern")(compiles)


def test_a_yaml_mapping_is_read_and_an_empty_file_is_an_empty_mapping(tmp_path):
    (tmp_path / "a.yaml").write_text("pattern: '^x'\nsize: 3\n", encoding="utf-8")
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    assert read_yaml_mapping(tmp_path / "a.yaml") == {"pattern": "^x", "size": 3}
    assert read_yaml_mapping(tmp_path / "empty.yaml") == {}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "cannot read lexicon"),
        ("a: [1, 2\n", "not valid YAML"),
        ("- 1\n- 2\n", "the lexicon must be a mapping, got list"),
    ],
)
def test_unusable_files_name_the_file_and_the_problem(tmp_path, content, message):
    path = tmp_path / "bad.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as err:
        read_yaml_mapping(path, "lexicon")
    assert str(err.value).startswith(str(path))


def test_validation_lists_every_bad_key_at_once():
    with pytest.raises(ConfigError) as err:
        validate(_Schema, {"pattern": "(", "size": "many", "extra": 1}, "x.yaml", "lexicon")
    lines = str(err.value).splitlines()
    assert lines[0] == "x.yaml: invalid lexicon"
    assert {line.split(":")[0].strip() for line in lines[1:]} == {"pattern", "size", "extra"}
    assert "not a valid regular expression" in str(err.value)
    assert validate(_Schema, {"pattern": "^a"}, "x.yaml") == _Schema(pattern="^a", size=1)
