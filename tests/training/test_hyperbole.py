"""Hyperbole features: sklearn contract, fixed split, loaders and a tiny hand-written fit."""

from __future__ import annotations

import io

import joblib
import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from service.model.hyperbole import HYPERBOLE_FEATURES, HyperboleCues, near_duplicate_groups
from training.hyperbole_fit import (
    build_hyperbole_pipeline,
    hypo_groups,
    hypo_split,
    load_hypo,
    normalise_text,
    train_hyperbole,
)

HYPERBOLES = [
    "I have told you a million times to clean your room.",
    "This bag weighs a ton.",
    "I waited forever for the bus.",
    "I am so hungry I could eat a horse.",
    "Everyone in the world was at the party.",
    "My feet are killing me after the walk.",
    "He has never once said thank you in his whole life.",
    "The queue was a mile long.",
    "I have a million things to do today.",
    "We waited for ages at the station.",
    "Her smile could light up the whole universe.",
    "I am dying of thirst.",
]
LITERALS = [
    "I have told you several times to clean your room.",
    "This bag is quite heavy.",
    "I waited a long time for the bus.",
    "I am very hungry.",
    "Many people were at the party.",
    "My feet hurt after the walk.",
    "He rarely says thank you.",
    "The queue was quite long.",
    "I have a lot of things to do today.",
    "We waited for a while at the station.",
    "Her smile is very pleasant.",
    "I am rather thirsty.",
]
TEXTS = HYPERBOLES + LITERALS
LABELS = np.array([1] * len(HYPERBOLES) + [0] * len(LITERALS))
VALENCE = {"killing": -3.4, "dying": -2.9, "pleasant": 2.3, "hurt": -2.4, "hungry": -0.4}


def fitted_pipeline():
    return build_hyperbole_pipeline(hyperbolic=["epic"], valence=VALENCE, min_df=2).fit(TEXTS, LABELS)


def test_init_only_stores_and_clone_keeps_params() -> None:
    cues = HyperboleCues(hyperbolic=["x"], valence={}, smoothing=0.5, min_df=3)
    assert clone(cues).get_params() == cues.get_params()
    assert not [k for k in vars(cues) if k.endswith("_")]


def test_fit_returns_self_and_learns_attributes() -> None:
    cues = HyperboleCues(valence=VALENCE, min_df=2)
    assert cues.fit(TEXTS, LABELS) is cues
    assert cues.word_log_odds_["million"] > 0 > cues.word_log_odds_["quite"]
    assert cues.n_features_in_ == 1


def test_transform_before_fit_raises() -> None:
    with pytest.raises(NotFittedError):
        HyperboleCues().transform(["text"])


def test_bare_string_is_rejected() -> None:
    with pytest.raises(ValueError, match="single string"):
        HyperboleCues(valence={}).fit("a headline", [1])


@pytest.mark.parametrize(("param", "value"), [("smoothing", 0), ("min_df", 0), ("n_inner_folds", 1)])
def test_bad_params_name_the_parameter(param: str, value: int) -> None:
    with pytest.raises(ValueError, match=param):
        HyperboleCues(valence={}, **{param: value}).fit(TEXTS, LABELS)


def test_fit_needs_matching_labels() -> None:
    with pytest.raises(ValueError, match="y"):
        HyperboleCues(valence={}).fit(TEXTS, LABELS[:3])
    with pytest.raises(ValueError, match="y"):
        HyperboleCues(valence={}).fit_transform(TEXTS)


def test_feature_names_match_columns() -> None:
    cues = HyperboleCues(valence=VALENCE).fit(TEXTS, LABELS)
    assert cues.transform(["a b"]).shape == (1, len(cues.get_feature_names_out()))
    assert list(cues.get_feature_names_out()) == list(HYPERBOLE_FEATURES)


def test_fit_transform_cross_fits_log_odds() -> None:
    # A training row's log-odds come from the other folds, so they differ from the in-sample ones.
    cues = HyperboleCues(valence=VALENCE, min_df=1)
    crossed = cues.fit_transform(TEXTS, LABELS)
    in_sample = cues.transform(TEXTS)
    col = HYPERBOLE_FEATURES.index("log_odds_sum")
    assert crossed.shape == in_sample.shape
    assert not np.allclose(crossed[:, col], in_sample[:, col])
    other = [i for i, name in enumerate(HYPERBOLE_FEATURES) if "odds" not in name]
    np.testing.assert_allclose(crossed[:, other], in_sample[:, other])


def test_pipeline_learns_the_direction_of_quantity_and_hedges() -> None:
    # 24 rows are too few for the cross-fitted word log-odds to get a stable sign (the bench measures
    # the full detector; on HYPO their weight is positive), but the lexicon cues must point the right way.
    model = fitted_pipeline()
    coef = dict(zip(HYPERBOLE_FEATURES, model.named_steps["clf"].coef_[0], strict=True))
    assert coef["extreme_quantity"] > 0 > coef["hedge"]
    assert coef["absolute"] > 0
    p = model.predict_proba(["It took forever", "It took a while"])[:, 1]
    assert np.all((p >= 0) & (p <= 1))


def test_features_separate_an_unseen_hyperbole_from_its_paraphrase() -> None:
    cues = HyperboleCues(valence=VALENCE, min_df=2).fit(TEXTS, LABELS)
    hyper, literal = cues.transform(
        ["I have a million emails to answer.", "I have several emails to answer."]
    )
    for name in ("extreme_quantity", "log_odds_max"):
        i = HYPERBOLE_FEATURES.index(name)
        assert hyper[i] > literal[i]
    assert hyper[HYPERBOLE_FEATURES.index("hedge")] < literal[HYPERBOLE_FEATURES.index("hedge")]


def test_joblib_round_trip_gives_identical_predictions() -> None:
    model = fitted_pipeline()
    buffer = io.BytesIO()
    joblib.dump(model, buffer)
    buffer.seek(0)
    again = joblib.load(buffer)
    texts = ["It took forever", "", "<b>HTML</b> \x00 control", "ünïcödé 🙂"]
    np.testing.assert_array_equal(model.predict_proba(texts), again.predict_proba(texts))


def test_near_duplicate_groups_join_paraphrase_pairs() -> None:
    words = [normalise_text(t).split() for t in TEXTS]
    groups = near_duplicate_groups(words)
    assert groups[0] == groups[len(HYPERBOLES)]  # "a million times" / "several times"
    assert groups[1] != groups[3]  # the bag and the horse are unrelated
    assert len(near_duplicate_groups([])) == 0
    # Groups are named by their first member, so folds do not depend on string hashing.
    assert all(groups[i] <= i and groups[groups[i]] == groups[i] for i in range(len(groups)))


def test_normalise_text_follows_the_data_readme() -> None:
    assert normalise_text("  Ｈello, WORLD! https://x.y/z  ") == "hello world"


def test_split_is_fixed_and_shared_by_groups() -> None:
    split = hypo_split(TEXTS)
    assert set(split) <= {"train", "test"}
    np.testing.assert_array_equal(split, hypo_split(list(TEXTS)))
    assert hypo_split(["Hello, world"])[0] == hypo_split(["hello world!"])[0]
    grouped = hypo_split(TEXTS, groups=["same"] * len(TEXTS))
    assert len(set(grouped)) == 1
    many = hypo_split([f"sentence number {i}" for i in range(2000)])
    assert 0.15 < np.mean(many == "test") < 0.25


def test_hypo_groups_pairs_hyperbole_with_its_paraphrase() -> None:
    groups = hypo_groups(TEXTS, LABELS, "hypo")
    assert groups[0] == groups[len(HYPERBOLES)] == TEXTS[0]
    assert hypo_groups(TEXTS, LABELS, "hypo_l") == TEXTS
    assert hypo_groups(TEXTS[:3], np.array([1, 0, 1]), "hypo") == TEXTS[:3]


def write_data(root) -> None:
    hypo = root / "sensational" / "hypo"
    hypo.mkdir(parents=True)
    rows = "\n".join(f'"{t}",{y},0' for t, y in zip(TEXTS, LABELS, strict=True))
    (hypo / "hypo.csv").write_text("sentence,hyperbole,metaphor\n" + rows + "\n", encoding="utf-8")
    (hypo / "hypo_l.csv").write_text("sentence,hyperbole,metaphor\n" + rows + "\n", encoding="utf-8")
    lex = root / "lexicons"
    lex.mkdir()
    (lex / "chakraborty2016_hyperbolic_words.txt").write_text("epic\nawesome\n", encoding="utf-8")
    (lex / "chakraborty2016_common_clickbait_phrases.txt").write_text(
        "you won ' t believe\n", encoding="utf-8"
    )


def test_load_hypo(tmp_path) -> None:
    write_data(tmp_path)
    texts, labels = load_hypo(tmp_path, "hypo")
    assert texts == TEXTS
    np.testing.assert_array_equal(labels, LABELS)
    with pytest.raises(ValueError, match="which"):
        load_hypo(tmp_path, "other")


def test_train_hyperbole_uses_only_train_parts(tmp_path) -> None:
    write_data(tmp_path)
    model = train_hyperbole(tmp_path)
    cues = model.named_steps["cues"]
    assert cues.hyperbolic_ == frozenset({"epic", "awesome"})
    assert cues.valence_  # VADER from the installed package
    test_texts = [
        t for t, s in zip(TEXTS, hypo_split(TEXTS, hypo_groups(TEXTS, LABELS)), strict=True) if s == "test"
    ]
    train_words = {
        w
        for t, s in zip(TEXTS, hypo_split(TEXTS, hypo_groups(TEXTS, LABELS)), strict=True)
        if s == "train"
        for w in normalise_text(t).split()
    }
    only_test = {w for t in test_texts for w in normalise_text(t).split()} - train_words
    assert not only_test & set(cues.word_log_odds_)
    assert model.predict_proba(["It took forever"]).shape == (1, 2)
