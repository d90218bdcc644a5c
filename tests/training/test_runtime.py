"""The bundle's runtime form scores exactly what the fitted pipelines score, without scikit-learn.

``service.model.runtime`` is compiled from the fitted clickbait pipeline and hyperbole model when a
bundle is saved; a bundle without it (an older one) is compiled at load. These tests compare the
two forms on the tiny model, load an old-style bundle, and check in a fresh interpreter that scoring
a headline with a new bundle never imports scikit-learn or scipy.stats.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from service.model import load_model
from service.model.bundle_format import Deferred, dump_bundle, load_bundle, sha256_of
from service.model.lean import LeanTfidf, lean_predict_proba
from service.model.runtime import ClickbaitRuntime, HyperboleRuntime, OneRow
from service.model.runtime_build import RUNTIME_FORMAT, compile_hyperbole
from service.model.tfidf import TfidfBlock
from tests import samples

TEXTS = samples.CLICKBAIT + samples.NEWS + samples.HYPERBOLE + samples.LITERAL
EDGE = [
    "",
    "a",
    "  leading and trailing  ",
    "Tabs\tand\u00a0no-break\u2003spaces",
    "Ünïcode İstanbul ß 東京で大雨 🚀",
    "don't won’t \"quoted\" it's",
    "A-level 1,000 £2bn 100,000,000 people!!!",
    "\x1c\x1fseparators\x1e",
    "YOU WON'T BELIEVE THIS: the most amazing, shocking thing ever?",
]


def _pipeline(model, name: str):
    value = getattr(model, f"{name}_pipeline")
    return value.load() if isinstance(value, Deferred) else value


def _rewrite(model_dir: Path, out: Path, change) -> Path:
    """A copy of the model folder whose bundle is ``change(bundle)``, with its card's hash updated."""
    out.mkdir(parents=True, exist_ok=True)
    card_path = next(model_dir.glob("*.json"))
    card = json.loads(card_path.read_text())
    bundle = load_bundle(model_dir / card["artifact"])
    bundle = change({k: v.load() if isinstance(v, Deferred) else v for k, v in bundle.items()})
    dump_bundle(bundle, out / card["artifact"])
    card["artifact_sha256"] = sha256_of(out / card["artifact"])
    (out / card_path.name).write_text(json.dumps(card))
    return out


def _without_runtime(bundle: dict) -> dict:
    return {k: v for k, v in bundle.items() if k != "runtime"}


@pytest.fixture(scope="module")
def old_model_dir(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny model saved as bundles were before the runtime entry (pipelines only)."""
    return _rewrite(tiny_model_dir, tmp_path_factory.mktemp("old"), _without_runtime)


def test_a_saved_bundle_carries_the_runtime_form(tiny_model_dir: Path) -> None:
    bundle = load_bundle(next(tiny_model_dir.glob("*.joblib")))
    assert bundle["runtime"]["format"] == RUNTIME_FORMAT
    assert isinstance(bundle["runtime"]["clickbait"], ClickbaitRuntime)
    assert isinstance(bundle["runtime"]["hyperbole"], HyperboleRuntime)
    assert isinstance(bundle["clickbait"], Deferred) and isinstance(bundle["hyperbole"], Deferred)


def test_feature_rows_equal_the_pipelines(tiny_model) -> None:
    """The runtime's rows are the pipeline's, bit for bit, in a batch and one at a time; and they are
    scikit-learn's own TF-IDF (float32 tolerance)."""
    union = _pipeline(tiny_model, "clickbait").named_steps["features"]
    runtime = tiny_model.clickbait.named_steps["features"]
    texts = TEXTS + EDGE
    ours, theirs = runtime.transform(texts), union.transform(texts)
    assert ours.shape == theirs.shape and (ours != theirs).nnz == 0
    for text in texts:
        row, reference = runtime.transform_one(text), union.transform([text])
        assert isinstance(row, OneRow)
        reference.sort_indices()
        np.testing.assert_array_equal(row.indices, reference.indices)
        np.testing.assert_array_equal(row.data, reference.data)
    members = dict(union.transformer_list)
    sklearn_own = sparse.hstack(
        [
            members["cues"].transform(texts),
            TfidfVectorizer.transform(members["words"], texts),
            TfidfVectorizer.transform(members["chars"], texts),
        ]
    )
    np.testing.assert_allclose(ours.toarray(), sklearn_own.toarray(), rtol=1e-6, atol=1e-7)


def test_scores_equal_the_pipelines(tiny_model) -> None:
    pipeline = _pipeline(tiny_model, "clickbait")
    head, runtime_head = pipeline.named_steps["clf"], tiny_model.clickbait.named_steps["clf"]
    texts = TEXTS + EDGE
    X = pipeline.named_steps["features"].transform(texts)
    np.testing.assert_array_equal(tiny_model.clickbait.predict_proba(texts), pipeline.predict_proba(texts))
    for method in ("decision_function", "predict_proba", "predict_strength", "predict"):
        np.testing.assert_array_equal(getattr(runtime_head, method)(X), getattr(head, method)(X))
    assert runtime_head.threshold_ == head.threshold_


def test_explanation_inputs_equal_the_pipelines(tiny_model) -> None:
    """Explanations read feature names, weights and the char block's per-word n-grams: all the same."""
    pipeline = _pipeline(tiny_model, "clickbait")
    runtime = tiny_model.clickbait
    np.testing.assert_array_equal(
        runtime.named_steps["features"].get_feature_names_out(),
        pipeline.named_steps["features"].get_feature_names_out(),
    )
    np.testing.assert_array_equal(runtime.named_steps["clf"].coef_, pipeline.named_steps["clf"].coef_)
    chars = dict(pipeline.named_steps["features"].transformer_list)["chars"]
    compiled = dict(runtime.named_steps["features"].transformer_list)["chars"]
    for word in ("believe", "won't", "ünïcode", "a"):
        reference = TfidfVectorizer.transform(chars, [word])  # scikit-learn's own n-grams of one word
        cols, _ = compiled.word_ngrams(word)
        np.testing.assert_array_equal(cols, np.sort(reference.indices))


def test_hyperbole_probability_equals_the_pipelines(tiny_model) -> None:
    pipeline = _pipeline(tiny_model, "hyperbole")
    texts = TEXTS + EDGE
    p = tiny_model.hyperbole.probability(texts)
    np.testing.assert_array_equal(p, lean_predict_proba(pipeline, texts))
    np.testing.assert_allclose(p, pipeline.predict_proba(texts)[:, 1], rtol=1e-12, atol=1e-12)


def test_an_old_bundle_without_the_runtime_entry_loads_and_scores_the_same(tiny_model, old_model_dir) -> None:
    from service.analysis import analyze, analyze_batch

    assert "runtime" not in load_bundle(next(old_model_dir.glob("*.joblib")))
    old = load_model(old_model_dir)
    assert isinstance(old.clickbait, ClickbaitRuntime) and isinstance(old.hyperbole, HyperboleRuntime)
    items = [{"headline": t} for t in TEXTS + EDGE[1:]]
    assert analyze_batch(old, items) == analyze_batch(tiny_model, items)
    assert analyze(old, TEXTS[0]) == analyze(tiny_model, TEXTS[0])


def test_a_runtime_entry_of_another_format_is_compiled_again(tiny_model, tmp_path) -> None:
    from service.analysis import analyze_batch

    def stale(bundle: dict) -> dict:
        return {**bundle, "runtime": {"format": -1, "clickbait": None, "hyperbole": None}}

    model = load_model(_rewrite(Path(tiny_model.path).parent, tmp_path / "stale", stale))
    items = [{"headline": t} for t in samples.CLICKBAIT[:5]]
    assert analyze_batch(model, items) == analyze_batch(tiny_model, items)


def test_a_model_built_from_pipelines_compiles_them(tiny_model) -> None:
    """Training evaluates through ``LoadedModel(clickbait=pipeline, ...)``: it scores the runtime form."""
    from service.model import LoadedModel

    pipeline, hyperbole = _pipeline(tiny_model, "clickbait"), _pipeline(tiny_model, "hyperbole")
    built = LoadedModel(pipeline, hyperbole, None, {}, {}, Path("."))
    assert isinstance(built.clickbait, ClickbaitRuntime) and built.clickbait_pipeline is pipeline
    assert isinstance(built.hyperbole, HyperboleRuntime) and built.hyperbole_pipeline is hyperbole


SCORE_AND_LIST_MODULES = """
import sys
from service.cli.group import main
try:
    main(["score", "Council approves new tram line", "--model", sys.argv[1]])
except SystemExit as exit:
    assert not exit.code, exit.code
heavy = ("sklearn", "scipy.stats", "joblib", "textstat", "nltk")
print(sorted(name for name in heavy if name in sys.modules), file=sys.stderr)
"""


def _heavy_imports(model_dir: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", SCORE_AND_LIST_MODULES, str(model_dir)],
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stderr.strip().splitlines()[-1]


def test_scoring_a_headline_never_imports_scikit_learn(tiny_model_dir, old_model_dir) -> None:
    """``headline score "x"`` in a fresh interpreter: the runtime form needs neither scikit-learn nor
    scipy.stats (over half a second of a cold start); an old bundle pays for them at load."""
    assert _heavy_imports(tiny_model_dir) == "[]"
    assert "sklearn" in _heavy_imports(old_model_dir)


def test_settings_the_runtime_does_not_reproduce_are_refused_and_served_by_scikit_learn() -> None:
    texts = samples.CLICKBAIT + samples.NEWS
    lean = LeanTfidf(strip_accents="unicode").fit(texts)
    with pytest.raises(ValueError, match="strip_accents"):
        TfidfBlock.from_vectorizer(lean)
    assert lean.block() is None
    unseen = ["Ünïcode café headline", "Bank raises rates"]
    reference = TfidfVectorizer(strip_accents="unicode").fit(texts).transform(unseen)
    np.testing.assert_allclose(lean.transform(unseen).toarray(), reference.toarray())


def test_compiling_a_non_logistic_hyperbole_head_is_refused(tiny_model) -> None:
    from sklearn.linear_model import Ridge
    from sklearn.pipeline import Pipeline

    steps = _pipeline(tiny_model, "hyperbole").steps
    ridge = Pipeline([*steps[:-1], ("clf", Ridge().fit(np.zeros((2, 21)), [0, 1]))])
    with pytest.raises(ValueError, match="binary logistic regression"):
        compile_hyperbole(ridge)


def test_an_old_bundle_under_another_scikit_learn_patch_release_loads(old_model_dir, monkeypatch) -> None:
    """Unpickling its pipelines, scikit-learn warns about the other version (InconsistentVersionWarning);
    the version policy accepted it already, so the warning neither refuses the model nor leaks."""
    import warnings
    from importlib import metadata

    import sklearn.base

    major, minor, patch = (int(p) for p in metadata.version("scikit-learn").split(".")[:3])
    monkeypatch.setattr(sklearn.base, "__version__", f"{major}.{minor}.{patch + 7}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = load_model(old_model_dir)
    assert isinstance(model.clickbait, ClickbaitRuntime)
    assert not [w for w in caught if w.category.__name__ == "InconsistentVersionWarning"]


class WarnsWhenUnpickled:
    def __init__(self) -> None:
        self.state = 1  # an empty state would not be handed to __setstate__

    def __setstate__(self, state: dict) -> None:
        import warnings

        warnings.warn("this object was saved by something else", UserWarning, stacklevel=1)
        self.__dict__.update(state)


def test_any_other_warning_while_unpickling_refuses_the_model(tiny_model_dir, tmp_path) -> None:
    from service.exceptions import ModelIncompatible

    def odd(bundle: dict) -> dict:
        return {**bundle, "extra": WarnsWhenUnpickled()}

    with pytest.raises(ModelIncompatible, match="UserWarning: this object was saved by something else"):
        load_model(_rewrite(tiny_model_dir, tmp_path / "odd", odd))
