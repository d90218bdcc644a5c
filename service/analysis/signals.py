"""The signals behind a clickbait score, for a whole batch at once.

Each word and character n-gram feature of a headline is drawn from one or more of its
whitespace tokens; its contribution (weight x value) is shared equally among them, so
"Believe" shows the total pull of every feature drawn from it, and the parts still add
up to the model's log-odds. Cues are reported as they are.

The work is array arithmetic over the batch: which token owns which feature column
comes from the char vectoriser's per-word n-gram cache (char_wb grams never cross a
space) and from the word features' parts; the shares are summed per token with one
``bincount`` in ascending column order, the order a per-headline loop would add them.
"""

from __future__ import annotations

import re
import weakref

import numpy as np

__all__ = ["batch_signals", "CUE_LABELS"]

# The word TF-IDF block's token pattern, to map its features back onto the headline.
WORD_TOKEN = re.compile(r"(?u)\b\w[\w']*\b")
WHITESPACE_TOKEN = re.compile(r"\S+")
# Cue names as an editor reads them.
CUE_LABELS = {
    "starts_with_number": "starts with a number",
    "has_number": "contains a number",
    "forward_reference_start": "opens with a forward reference (this/these/here)",
    "forward_reference": "forward-reference words",
    "second_person": "addresses the reader (you/your)",
    "first_person": "first person (I/we/my)",
    "starts_with_question_word": "opens like a question",
    "superlative": "superlative",
    "hyperbolic_word": "hyperbolic words",
    "clickbait_phrase": "stock clickbait phrase",
    "question_mark": "question mark",
    "exclamation_mark": "exclamation marks",
    "quotes": "quotation",
    "colon": "colon",
    "all_caps_share": "words in capitals",
    "capitalised_share": "share of capitalised words",
    "n_words": "length in words",
    "n_chars": "length in characters",
    "stop_word_share": "share of function words",
    "mean_word_length": "mean word length",
    "contractions": "contractions",
    "sentiment_intensity": "emotional intensity",
    "positive_sentiment": "positive sentiment",
    "negative_sentiment": "negative sentiment",
}


class _Layout:
    """Per model: the block of every column, the cue names and the parts of every word feature."""

    def __init__(self, pipeline) -> None:
        features = pipeline.named_steps["features"]
        blocks = dict(features.transformer_list)
        names = features.get_feature_names_out()
        self.chars = blocks["chars"]
        self.n_columns = len(names)
        self.block = np.array([str(n).partition("__")[0] for n in names], dtype=object)
        self.cue_end = int(np.sum(self.block == "cues"))
        self.words_start = int(np.argmax(self.block == "words"))
        self.words_end = self.words_start + int(np.sum(self.block == "words"))
        self.chars_start = int(np.argmax(self.block == "chars"))
        self.names = [str(n).partition("__")[2] for n in names[: self.cue_end]]
        self.word_parts = [
            tuple(str(n).partition("__")[2].split()) for n in names[self.words_start : self.words_end]
        ]
        self.coef = pipeline.named_steps["clf"].coef_
        # whitespace token -> (its char n-gram columns, its word-block words): headlines reuse tokens
        self.tokens: dict[str, tuple] = {}


_LAYOUTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _layout(pipeline) -> _Layout:
    """The layout of a fitted pipeline, built once and dropped with the pipeline (never pickled with it)."""
    layout = _LAYOUTS.get(pipeline)
    if layout is None:
        layout = _LAYOUTS[pipeline] = _Layout(pipeline)
    return layout


def batch_signals(pipeline, headlines: list[str], X, top: int) -> list[list[dict]]:
    """The ``top`` signals of each headline, by absolute contribution, from its row of ``X``."""
    layout = _layout(pipeline)
    X.sort_indices()
    contrib = X.data * layout.coef[X.indices]
    preprocess = layout.chars.build_preprocessor()
    word_ngrams = layout.chars.word_ngrams
    token_cache = layout.tokens
    words_start, words_end, word_parts = layout.words_start, layout.words_end, layout.word_parts
    tokens_of: list[list[tuple[str, int, int]]] = []
    char_cols: list[np.ndarray] = []  # per token: its char n-gram columns (block-relative)
    token_rows: list[int] = []
    owned_tokens: list[int] = []  # word-feature ownerships: (token, column)
    owned_cols: list[int] = []
    owned_rows: list[int] = []
    indptr, indices = X.indptr, X.indices
    n_tokens = 0
    for row, headline in enumerate(headlines):
        tokens = [(m.group(), m.start(), m.end()) for m in WHITESPACE_TOKEN.finditer(headline)]
        tokens_of.append(tokens)
        words: dict[str, list[int]] = {}
        for t, (text, _, _) in enumerate(tokens):
            facts = token_cache.get(text)
            if facts is None:
                if len(token_cache) >= 200_000:
                    token_cache.clear()
                facts = token_cache[text] = (
                    word_ngrams(preprocess(text))[0],
                    WORD_TOKEN.findall(text.lower()),
                )
            char_cols.append(facts[0])
            for word in facts[1]:
                owners = words.setdefault(word, [])
                if not owners or owners[-1] != t:
                    owners.append(t)
        token_rows += [row] * len(tokens)
        row_cols = indices[indptr[row] : indptr[row + 1]]
        lo, hi = np.searchsorted(row_cols, (words_start, words_end))
        for col in row_cols[lo:hi].tolist():
            parts = word_parts[col - words_start]
            owners = (
                words.get(parts[0], [])
                if len(parts) == 1
                else sorted({t for part in parts for t in words.get(part, [])})
            )
            for t in owners:
                owned_tokens.append(n_tokens + t)
                owned_cols.append(col)
                owned_rows.append(row)
        n_tokens += len(tokens)
    lengths = np.fromiter((len(c) for c in char_cols), dtype=np.int64, count=len(char_cols))
    char_tokens = np.repeat(np.arange(n_tokens, dtype=np.int64), lengths)
    token_ids = np.concatenate([char_tokens, np.asarray(owned_tokens, dtype=np.int64)])
    cols = np.concatenate(
        [
            np.concatenate(char_cols).astype(np.int64) + layout.chars_start
            if char_cols
            else np.zeros(0, dtype=np.int64),
            np.asarray(owned_cols, dtype=np.int64),
        ]
    )
    rows = np.concatenate(
        [np.repeat(np.asarray(token_rows, dtype=np.int64), lengths), np.asarray(owned_rows, dtype=np.int64)]
    )
    per_token = _token_totals(X, contrib, token_ids, cols, rows, n_tokens, layout.n_columns)
    out = []
    first = 0
    for row, row_tokens in enumerate(tokens_of):
        out.append(
            _ranked(layout, X, contrib, row, row_tokens, per_token[first : first + len(row_tokens)], top)
        )
        first += len(row_tokens)
    return out


def _token_totals(
    X,
    contrib: np.ndarray,
    tokens: np.ndarray,
    cols: np.ndarray,
    rows: np.ndarray,
    n_tokens: int,
    n_columns: int,
) -> np.ndarray:
    """Sum over every (token, feature) ownership of the feature's contribution / its number of owners."""
    if not len(tokens):
        return np.zeros(n_tokens)
    keys = rows * n_columns + cols
    _, inverse, owners = np.unique(keys, return_inverse=True, return_counts=True)
    x_rows = np.repeat(np.arange(X.shape[0], dtype=np.int64), np.diff(X.indptr))
    x_keys = x_rows * n_columns + X.indices
    at = np.minimum(np.searchsorted(x_keys, keys), max(len(x_keys) - 1, 0))
    present = x_keys[at] == keys if len(x_keys) else np.zeros(len(keys), dtype=bool)
    share = np.where(present, contrib[at] if len(contrib) else 0.0, 0.0) / owners[inverse]
    # By token, then column, ties in place: one stable sort of a combined key (cols < n_columns),
    # the order np.lexsort((cols, tokens)) gives, several times faster.
    order = np.argsort(tokens * n_columns + cols, kind="stable")
    return np.bincount(tokens[order], weights=share[order], minlength=n_tokens)


def _ranked(
    layout: _Layout, X, contrib: np.ndarray, row: int, tokens: list, per_token: np.ndarray, top: int
) -> list[dict]:
    start, end = X.indptr[row], X.indptr[row + 1]
    cue_end = start + int(np.searchsorted(X.indices[start:end], layout.cue_end))
    names = layout.names
    ranked = [
        ("cue", names[col], v, c)
        for col, v, c in zip(
            X.indices[start:cue_end].tolist(),
            X.data[start:cue_end].tolist(),
            contrib[start:cue_end].tolist(),
            strict=True,
        )
        if c != 0.0
    ]
    ranked += [("word", t, 1.0, total) for t, total in enumerate(per_token.tolist()) if total != 0.0]
    ranked.sort(key=lambda r: -abs(r[3]))
    signals = []
    for kind, key, value, contribution in ranked[:top]:
        if kind == "cue":
            signals.append(
                {
                    "feature": f"cues__{key}",
                    "kind": "cue",
                    "text": CUE_LABELS.get(key, key),
                    "value": round(value, 4),
                    "contribution": round(contribution, 4),
                    "start": None,
                    "end": None,
                }
            )
        else:
            text, start_at, end_at = tokens[key]
            signals.append(
                {
                    "feature": f"text__{text}",
                    "kind": "word",
                    "text": text,
                    "value": 1.0,
                    "contribution": round(contribution, 4),
                    "start": start_at,
                    "end": end_at,
                }
            )
    return signals
