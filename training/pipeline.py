"""The untrained clickbait pipeline (fit-time); its pickled steps are runtime code in ``service.model``."""

from __future__ import annotations

import numpy as np
from sklearn.pipeline import Pipeline

from service.model.features import HeadlineCues
from service.model.lean import LeanScaler, LeanTfidf, SequentialUnion
from service.model.pipeline import ClickbaitHead

__all__ = ["build_pipeline"]


def build_pipeline(
    lexicons: dict[str, list[str]] | None = None,
    valence: dict[str, float] | None = None,
    *,
    C: float = 1.0,
    alpha: float = 3.0,
    strength_weight: float = 1.0,
    graded_weight: float = 3.0,
    binary_strength_weight: float = 0.0,
    n_folds: int = 5,
    word_ngrams: tuple[int, int] = (1, 2),
    char_ngrams: tuple[int, int] = (2, 4),
    char_lowercase: bool = True,
    min_df: int = 2,
    max_features: int | None = 150_000,
    calibrate: bool = True,
    random_state: int = 0,
) -> Pipeline:
    """The untrained clickbait pipeline; every feature is computed inside it."""
    features = SequentialUnion(
        [
            (
                "cues",
                Pipeline(
                    [("extract", HeadlineCues(lexicons=lexicons, valence=valence)), ("scale", LeanScaler())]
                ),
            ),
            (
                "words",
                LeanTfidf(
                    ngram_range=word_ngrams,
                    min_df=min_df,
                    sublinear_tf=True,
                    lowercase=True,
                    token_pattern=r"(?u)\b\w[\w']*\b",  # noqa: S106 - a regex, not a password
                    max_features=max_features,
                    dtype=np.float32,
                ),
            ),
            (
                "chars",
                LeanTfidf(
                    analyzer="char_wb",
                    ngram_range=char_ngrams,
                    min_df=min_df,
                    sublinear_tf=True,
                    lowercase=char_lowercase,
                    max_features=max_features,
                    dtype=np.float32,
                ),
            ),
        ]
    )
    head = ClickbaitHead(
        C=C,
        alpha=alpha,
        strength_weight=strength_weight,
        calibrate=calibrate,
        random_state=random_state,
        graded_weight=graded_weight,
        binary_strength_weight=binary_strength_weight,
        n_folds=n_folds,
    )
    return Pipeline([("features", features), ("clf", head)])
