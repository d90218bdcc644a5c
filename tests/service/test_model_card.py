"""Model cards: PEP 440 discovery that ignores stray files, one shape check, the loader's version policy."""

from __future__ import annotations

import dataclasses
import json
import shutil
import typing
from importlib import metadata

import pytest
from click.testing import CliRunner

from service import model
from service.exceptions import ModelIncompatible
from service.model_card import CARD_FIELDS, find_card, validate_card
from tests.reliability.test_server_faults import add_version


def _card(folder):
    return sorted(folder.glob("headline-*.json"))[0]


def _edit_card(folder, **fields):
    path = _card(folder)
    data = json.loads(path.read_text())
    data.update(fields)
    path.write_text(json.dumps(data))
    return path


def test_a_release_candidate_sorts_below_its_release(model_copy) -> None:
    add_version(model_copy, "9.2.0")
    add_version(model_copy, "9.2.0-rc1")
    add_version(model_copy, "9.1.9")
    assert find_card(model_copy).name == "headline-9.2.0.json"
    assert model.load_model(model_copy).version == "9.2.0"


def test_versions_compare_as_numbers_not_text(model_copy) -> None:
    add_version(model_copy, "1.9.0")
    add_version(model_copy, "1.10.0")
    assert find_card(model_copy).name == "headline-1.10.0.json"


def test_stray_json_files_never_win(model_copy) -> None:
    add_version(model_copy, "9.2.0")
    (model_copy / "x-10.0.json").write_text('{"hello": "world"}')
    shutil.copyfile(model_copy / "headline-9.2.0.json", model_copy / "headline-99.0.json")  # a renamed copy
    other = json.loads((model_copy / "headline-9.2.0.json").read_text())
    other.update(name="other", version="50.0", artifact="other-50.0.joblib")
    (model_copy / "other-50.0.json").write_text(json.dumps(other))
    (model_copy / "notes-7.0.json").write_text("[1, 2, 3]")
    (model_copy / "broken-8.0.json").write_bytes(b"\xff{")
    assert find_card(model_copy).name == "headline-9.2.0.json"


def test_a_folder_without_a_valid_card_says_what_it_ignored(tmp_path) -> None:
    (tmp_path / "x-10.0.json").write_text('{"hello": "world"}')
    with pytest.raises(ModelIncompatible, match=r"no model card .*ignored: x-10\.0\.json \(.*lacks 'name'"):
        find_card(tmp_path)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("libraries", [], r"'libraries' must be an object, not list"),
        ("libraries", "scikit-learn==1.9.1", r"'libraries' must be an object, not str"),
        ("libraries", {"scikit-learn": 1.9}, r"libraries\['scikit-learn'\] must be a string, not float"),
        ("threshold", "0.5", r"'threshold' must be an integer or a number, not str"),
        ("threshold", True, r"'threshold' must be an integer or a number, not bool"),
        ("threshold", 7, r"threshold 7 is outside 0\.\.1"),
        ("metrics", [1], r"'metrics' must be an object, not list"),
        ("components", {"clickbait": "yes"}, r"components\['clickbait'\] must be true or false"),
        ("version", 2, r"'version' must be a string, not int"),
        ("version", "latest", r"not a PEP 440 version"),
        ("artifact", "../../etc/passwd.joblib", r"must be a \.joblib file name beside the card"),
        ("artifact_sha256", "abc", r"64 lowercase hex digits"),
        ("name", "other", r"is for model 'other'"),
    ],
)
def test_a_card_with_a_wrong_type_is_refused_cleanly(model_copy, field, value, message) -> None:
    _edit_card(model_copy, **{field: value})
    with pytest.raises(ModelIncompatible, match=message):
        model.load_model(_card(model_copy))


def test_a_card_that_is_not_an_object_is_refused(model_copy) -> None:
    _card(model_copy).write_text("[]")
    with pytest.raises(ModelIncompatible, match="is not a JSON object"):
        model.load_model(_card(model_copy))


def test_the_cli_says_so_in_one_line(model_copy) -> None:
    from service.cli import main

    _edit_card(model_copy, libraries=["scikit-learn"])
    result = CliRunner().invoke(main, ["score", "--model", str(_card(model_copy)), "Council approves budget"])
    assert result.exit_code == 1
    assert "'libraries' must be an object" in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, AttributeError)


def _expected_types(hint) -> tuple[tuple[type, ...], tuple[type, ...] | None]:
    origin = typing.get_origin(hint)
    if origin is dict:
        args = typing.get_args(hint)
        value = typing.get_origin(args[1]) or args[1] if args else None
        return (dict,), (value,) if value else None
    return ((int, float) if hint is float else (hint,)), None


def test_the_shape_check_matches_the_card_the_trainer_writes() -> None:
    """Every ModelCard field is checked with the type the trainer writes, and a fresh card passes."""
    from training.card import ModelCard

    hints = typing.get_type_hints(ModelCard)
    for field in dataclasses.fields(ModelCard):
        assert field.name in CARD_FIELDS, f"ModelCard.{field.name} is not validated by service.model_card"
        types, values, _ = CARD_FIELDS[field.name]
        expected_types, expected_values = _expected_types(hints[field.name])
        assert types == expected_types, field.name
        assert values in (expected_values, None), field.name
    card = ModelCard(
        name="headline",
        version="1.0.0",
        artifact="headline-1.0.0.joblib",
        artifact_sha256="0" * 64,
        command="c",
        git_commit="g",
        created="now",
    )
    assert validate_card(json.loads(card.to_json()), "headline-1.0.0.json")["version"] == "1.0.0"


def _bumped(version: str, part: int) -> str:
    parts = [int(p) for p in version.split(".")[:3]]
    parts[part] += 7
    return ".".join(map(str, parts[: part + 1] + [0] * (2 - part)))


def test_a_scikit_learn_patch_release_is_accepted(model_copy) -> None:
    installed = metadata.version("scikit-learn")
    _edit_card(model_copy, libraries={"scikit-learn": _bumped(installed, 2)})
    assert model.load_model(model_copy).clickbait is not None


def test_scikit_learns_own_warning_about_a_patch_release_does_not_refuse_the_model(model_copy, monkeypatch):
    """Unpickling under another patch release: scikit-learn warns (InconsistentVersionWarning); the policy
    already accepted that version, so the warning must not turn into a refusal."""
    import sklearn.base

    monkeypatch.setattr(sklearn.base, "__version__", _bumped(metadata.version("scikit-learn"), 2))
    assert model.load_model(model_copy).clickbait is not None


@pytest.mark.parametrize("part", [0, 1])
def test_another_scikit_learn_minor_or_major_is_refused(model_copy, part) -> None:
    installed = metadata.version("scikit-learn")
    want = _bumped(installed, part)
    _edit_card(model_copy, libraries={"scikit-learn": want})
    series = ".".join(want.split(".")[:2]) + ".x"
    with pytest.raises(ModelIncompatible, match=rf"needs scikit-learn {series}: install the locked versions"):
        model.load_model(model_copy)


def test_textstat_must_match_exactly(model_copy) -> None:
    installed = metadata.version("textstat")
    _edit_card(model_copy, libraries={"textstat": _bumped(installed, 2)})
    with pytest.raises(ModelIncompatible, match=r"needs textstat \d"):
        model.load_model(model_copy)
