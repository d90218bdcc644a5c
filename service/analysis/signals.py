"""The signals behind a clickbait score, for a whole batch at once.

Each word and character n-gram feature of a headline is drawn from one or more of its
whitespace tokens; its contribution (weight x value) is shared equally among them, so
"Believe" shows the total pull of every feature drawn from it, and the parts still add
up to the model's log-odds. Cues are reported as they are.

The work is array arithmetic over the batch: which token owns which feature column
comes from a per-token cache (its char n-gram columns: char_wb grams never cross a space;
its words) joined on (row, word) with the row's word features; the shares are summed per
token with one ``bincount`` in ascending column order, the order a per-headline loop would
add them; the top signals of every row come from one sort of the whole batch. Only the
result dicts are built per headline.
"""

from __future__ import annotations

import re
import weakref

import numpy as np

from service.model.text_rules import whitespace_tokens

__all__ = ["batch_signals", "CUE_LABELS"]

# The word TF-IDF block's token pattern, to map its features back onto the headline.
WORD_TOKEN = re.compile(r"(?u)\b\w[\w']*\b")
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
        self.preprocess = self.chars.build_preprocessor()
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
        # Every word a word feature is made of gets an id; a feature's parts are a slice of ``part_flat``.
        self.part_id: dict[str, int] = {}
        flat = [self.part_id.setdefault(w, len(self.part_id)) for parts in self.word_parts for w in parts]
        self.part_flat = np.asarray(flat, dtype=np.int64)
        self.part_ptr = np.cumsum([0] + [len(parts) for parts in self.word_parts], dtype=np.int64)
        self.coef = pipeline.named_steps["clf"].coef_
        # whitespace token -> (its char n-gram columns, the ids of its words that word features are made of)
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
    tokens_of: list[list[tuple[str, int, int]]] = []
    char_cols: list[np.ndarray] = []  # per token: its char n-gram columns (block-relative)
    member_parts: list[int] = []  # per (token, word-feature part it holds): the part's id
    member_counts: list[int] = []  # per token: how many parts it holds
    for headline in headlines:
        tokens = whitespace_tokens(headline)
        tokens_of.append(tokens)
        for text, _, _ in tokens:
            columns, parts = _token_facts(layout, text)
            char_cols.append(columns)
            member_parts += parts
            member_counts.append(len(parts))
    token_rows = np.repeat(
        np.arange(len(headlines), dtype=np.int64), np.fromiter(map(len, tokens_of), dtype=np.int64)
    )
    n_tokens = len(token_rows)
    lengths = np.fromiter(map(len, char_cols), dtype=np.int64, count=n_tokens)
    owned_tokens, owned_cols = _word_owners(
        layout,
        X,
        token_rows,
        np.asarray(member_parts, dtype=np.int64),
        np.asarray(member_counts, dtype=np.int64),
    )
    token_ids = np.concatenate([np.repeat(np.arange(n_tokens, dtype=np.int64), lengths), owned_tokens])
    cols = np.concatenate(
        [
            np.concatenate(char_cols).astype(np.int64) + layout.chars_start
            if char_cols
            else np.zeros(0, dtype=np.int64),
            owned_cols,
        ]
    )
    per_token = _token_totals(X, contrib, token_ids, cols, token_rows[token_ids], n_tokens, layout.n_columns)
    return _ranked(layout, X, contrib, tokens_of, token_rows, per_token, top)


def _token_facts(layout: _Layout, text: str) -> tuple:
    """(char n-gram columns, ids of the distinct word-feature parts among its words) of one token, cached."""
    facts = layout.tokens.get(text)
    if facts is None:
        if len(layout.tokens) >= 200_000:
            layout.tokens.clear()
        part_id = layout.part_id
        words = WORD_TOKEN.findall(text.lower())
        facts = layout.tokens[text] = (
            layout.chars.word_ngrams(layout.preprocess(text))[0],
            tuple(part_id[w] for w in dict.fromkeys(words) if w in part_id),
        )
    return facts


def _word_owners(
    layout: _Layout, X, token_rows: np.ndarray, member_parts: np.ndarray, member_counts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(token, column) of every word feature of a row and every token of that row holding one of its words.

    A join on (row, word) of the rows' word-feature parts with the tokens' words, deduplicated:
    a bigram is owned once by a token holding both of its words.
    """
    n_parts = max(len(layout.part_id), 1)
    member_tokens = np.repeat(np.arange(len(token_rows), dtype=np.int64), member_counts)
    member_keys = token_rows[member_tokens] * n_parts + member_parts
    by_key = np.argsort(member_keys, kind="stable")
    member_keys, member_tokens = member_keys[by_key], member_tokens[by_key]
    indices = X.indices
    entries = np.flatnonzero((indices >= layout.words_start) & (indices < layout.words_end))
    entry_rows = np.searchsorted(X.indptr, entries, side="right") - 1
    features = indices[entries].astype(np.int64) - layout.words_start
    counts = layout.part_ptr[features + 1] - layout.part_ptr[features]
    first = np.repeat(layout.part_ptr[features], counts)
    within = np.arange(int(counts.sum()), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    part_rows = np.repeat(entry_rows, counts)
    part_cols = np.repeat(features + layout.words_start, counts)
    part_keys = part_rows * n_parts + layout.part_flat[first + within]
    lo = np.searchsorted(member_keys, part_keys, side="left")
    hits = np.searchsorted(member_keys, part_keys, side="right") - lo
    at = np.repeat(lo, hits) + (
        np.arange(int(hits.sum()), dtype=np.int64) - np.repeat(np.cumsum(hits) - hits, hits)
    )
    pairs = np.unique(member_tokens[at] * layout.n_columns + np.repeat(part_cols, hits))
    return pairs // layout.n_columns, pairs % layout.n_columns


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
    layout: _Layout,
    X,
    contrib: np.ndarray,
    tokens_of: list,
    token_rows: np.ndarray,
    per_token: np.ndarray,
    top: int,
) -> list[list[dict]]:
    """The ``top`` signals of every row, ranked for the whole batch in one sort.

    Candidates are a row's non-zero cue contributions (in column order) and its tokens'
    non-zero totals (in token order); ranking is by absolute contribution, ties kept in that
    order: what a stable sort of each row's list gives.
    """
    n_rows = len(tokens_of)
    cue_entries = np.flatnonzero((X.indices < layout.cue_end) & (contrib != 0.0))
    cue_rows = np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(X.indptr))[cue_entries]
    word_tokens = np.flatnonzero(per_token != 0.0)
    rows = np.concatenate([cue_rows, token_rows[word_tokens]])
    values = np.concatenate([contrib[cue_entries], per_token[word_tokens]])
    # Cues before tokens, each in their own order: one key that is unique within a row.
    sequence = np.concatenate([cue_entries, word_tokens + len(contrib)])
    order = np.lexsort((sequence, -np.abs(values), rows))
    rows_sorted = rows[order]
    rank = np.arange(len(order)) - np.searchsorted(rows_sorted, rows_sorted)
    kept = order[rank < top]
    n_cues = len(cue_entries)
    is_cue = kept < n_cues
    entries = np.concatenate([cue_entries, np.zeros(len(word_tokens), dtype=np.int64)])[kept][is_cue]
    tokens = np.concatenate([np.zeros(n_cues, dtype=np.int64), word_tokens])[kept].tolist()
    cues = zip(X.indices[entries].tolist(), X.data[entries].tolist(), strict=True)
    first_token = np.cumsum([0] + [len(t) for t in tokens_of]).tolist()
    names = layout.names
    out: list[list[dict]] = [[] for _ in range(n_rows)]
    for row, cue, contribution, token in zip(
        rows[kept].tolist(), is_cue.tolist(), values[kept].tolist(), tokens, strict=True
    ):
        if cue:
            col, value = next(cues)
            key = names[col]
            out[row].append(
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
            text, start_at, end_at = tokens_of[row][token - first_token[row]]
            out[row].append(
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
    return out
