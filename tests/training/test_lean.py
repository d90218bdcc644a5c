"""The lean serving steps compute exactly what their scikit-learn parents compute."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import StandardScaler

from service.model.features import HeadlineCues
from service.model.lean import LeanScaler, LeanTfidf, SequentialUnion, lean_predict_proba
from tests import samples

TEXTS = samples.CLICKBAIT + samples.NEWS
UNSEEN = ["A wholly unseen zebra headline!", "", "Bank raises rates", "ÜNICODE Ünïcode 🎉", "you you you you"]


@pytest.mark.parametrize(
    "params",
    [
        {"ngram_range": (1, 2), "sublinear_tf": True, "token_pattern": r"(?u)\b\w[\w']*\b"},
        {"analyzer": "char_wb", "ngram_range": (2, 5), "sublinear_tf": True, "lowercase": False},
        {"ngram_range": (1, 1), "sublinear_tf": False, "norm": "l1"},
        {"ngram_range": (1, 1), "use_idf": False},
    ],
)
def test_lean_tfidf_equals_tfidf(params: dict) -> None:
    lean = LeanTfidf(**params).fit(TEXTS)
    reference = TfidfVectorizer(**params).fit(TEXTS)
    np.testing.assert_allclose(
        lean.transform(TEXTS + UNSEEN).toarray(),
        reference.transform(TEXTS + UNSEEN).toarray(),
        rtol=1e-6,
        atol=1e-7,
    )


def test_lean_tfidf_rejects_a_bare_string() -> None:
    with pytest.raises(ValueError, match="single string"):
        LeanTfidf().fit(TEXTS).transform("one headline")


def test_lean_scaler_equals_standard_scaler() -> None:
    X = HeadlineCues().fit(TEXTS).transform(TEXTS + UNSEEN)
    np.testing.assert_allclose(LeanScaler().fit(X).transform(X), StandardScaler().fit(X).transform(X))


def test_sequential_union_equals_feature_union() -> None:
    members = [
        ("cues", Pipeline([("extract", HeadlineCues()), ("scale", StandardScaler())])),
        ("words", TfidfVectorizer()),
    ]
    lean = SequentialUnion(members).fit(TEXTS)
    reference = FeatureUnion(members).fit(TEXTS)
    np.testing.assert_allclose(lean.transform(UNSEEN).toarray(), reference.transform(UNSEEN).toarray())


def test_lean_predict_proba_equals_predict_proba() -> None:
    y = [1] * len(samples.CLICKBAIT) + [0] * len(samples.NEWS)
    pipeline = Pipeline([("words", TfidfVectorizer()), ("clf", LogisticRegression())]).fit(TEXTS, y)
    np.testing.assert_allclose(lean_predict_proba(pipeline, UNSEEN), pipeline.predict_proba(UNSEEN)[:, 1])


def test_clickbait_pipeline_lean_path_equals_sklearn_path(tiny_model) -> None:
    """The served model's feature union gives the same matrix as scikit-learn's own FeatureUnion would."""
    union = tiny_model.clickbait_pipeline.named_steps["features"]
    lean = union.transform(UNSEEN).toarray()
    reference = FeatureUnion.transform(union, UNSEEN)
    np.testing.assert_allclose(lean, reference.toarray(), rtol=1e-6, atol=1e-7)


EDGE = [
    "Tabs\tand\u00a0no-break\u2003spaces",
    "  leading and trailing  ",
    "a",
    "I",
    "x y z",
    "Ünïcode İstanbul ß",
    "東京で大雨",
    "🚀 launch 🚀",
    "don't won’t",
    "A-level 1,000 £2bn",
    "\x1c\x1fseparators\x1e",
]


def _shipped_chars():
    from service.model import load_model

    union = load_model().clickbait_pipeline.named_steps["features"]
    return dict(union.transformer_list)["chars"]


def test_char_wb_per_word_counts_equal_scikit_learn_on_the_shipped_vocabulary() -> None:
    """The per-word cached char_wb vectoriser counts exactly what scikit-learn counts, gram for gram,
    and its tf-idf equals scikit-learn's on the fitted vocabulary (float32 arithmetic tolerance)."""
    from sklearn.feature_extraction.text import CountVectorizer

    from tests.guard import guard_headlines

    chars = _shipped_chars()
    texts = guard_headlines() + UNSEEN + EDGE
    assert chars.block() is not None  # compiled: the per-word path
    reference_counts = CountVectorizer(
        analyzer="char_wb",
        ngram_range=chars.ngram_range,
        lowercase=chars.lowercase,
        vocabulary=chars.vocabulary_,
    ).transform(texts)
    ours = chars.block().counts(texts)
    assert (ours != reference_counts).nnz == 0
    assert ours.nnz == reference_counts.nnz > 0
    np.testing.assert_allclose(
        chars.transform(texts).toarray(),
        TfidfVectorizer.transform(chars, texts).toarray(),
        rtol=1e-6,
        atol=1e-7,
    )


def test_char_wb_word_cache_is_not_pickled() -> None:
    import pickle

    lean = LeanTfidf(analyzer="char_wb", ngram_range=(2, 4)).fit(TEXTS)
    lean.transform(TEXTS)
    block = lean.block()
    assert block is not None and block._word_cache
    assert "_block" not in pickle.loads(pickle.dumps(lean)).__dict__
    assert not pickle.loads(pickle.dumps(block))._word_cache


def test_one_row_path_equals_the_matrix_path(tiny_model) -> None:
    """``transform_one`` gives the same columns and values as ``transform([text])``, with no scipy matrix."""
    from service.model.runtime import OneRow

    union = tiny_model.clickbait_pipeline.named_steps["features"]
    for text in TEXTS + UNSEEN + EDGE:
        row = union.transform_one(text)
        assert isinstance(row, OneRow)
        matrix = union.transform([text])
        matrix.sort_indices()
        np.testing.assert_array_equal(row.indices, matrix.indices)
        np.testing.assert_array_equal(row.data, matrix.data)
        head = tiny_model.clickbait_pipeline.named_steps["clf"]
        np.testing.assert_allclose(head.predict_proba(row), head.predict_proba(matrix), rtol=1e-12)


def test_unfitted_steps_still_refuse_to_transform() -> None:
    from sklearn.exceptions import NotFittedError

    from service.model.pipeline import ClickbaitHead

    with pytest.raises(NotFittedError):
        HeadlineCues().transform(["a"])
    with pytest.raises(NotFittedError):
        ClickbaitHead().decision_function(np.zeros((1, 2)))


def test_fitted_vocabulary_holds_plain_ints() -> None:
    """Plain ints keep the bundle fast to unpickle; the feature matrix is unchanged by it."""
    for params in ({"analyzer": "char_wb", "ngram_range": (2, 4)}, {"ngram_range": (1, 2)}):
        lean = LeanTfidf(**params)
        X = lean.fit_transform(TEXTS)
        assert all(type(j) is int for j in lean.vocabulary_.values())
        assert (TfidfVectorizer(**params).fit_transform(TEXTS) != X).nnz == 0
        assert all(type(j) is int for j in LeanTfidf(**params).fit(TEXTS).vocabulary_.values())
