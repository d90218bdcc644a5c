"""The signals behind a clickbait score, for a whole batch at once.

Each word and character n-gram feature of a headline is drawn from one or more of its
whitespace tokens; its contribution (weight x value) is shared equally among them, so
"Believe" shows the total pull of every feature drawn from it, and the parts still add
up to the model's log-odds. Cues are reported as they are.

A batch is array arithmetic, with no Python loop per token or feature: the tokens come from
one split of the joined batch (their offsets from one pass over its code points); which token
owns which column comes from the per-token facts the layout caches
(``service.analysis.signal_layout``: a token's char n-gram columns, char_wb grams never
crossing a space, and its words) joined on (row, word) with the row's word features; every
owned (row, column) is counted by one ``np.unique``, whose keys are the matrix's own entries
in order; the shares are summed per token with one ``bincount`` in ascending column order,
the order a per-headline loop would add them; two stable sorts rank every row's candidates;
the shown numbers are rounded in arrays (``round4``). Only the result dicts are built per signal.

One headline takes a plain-Python route (``_one_row``): for one row, numpy's per-call cost
is more than the work. Both routes give the same floats; tests/service/test_signals_paths.py
pins them to each other and tests/service/test_signals_batch.py to a per-headline reference.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from functools import reduce
from itertools import chain, compress, pairwise, repeat
from operator import add, not_

import numpy as np

from service.analysis.signal_layout import _LAYOUTS as _LAYOUTS  # re-exported: what the warm-up test reads
from service.analysis.signal_layout import WORD_TOKEN, Layout, TokenStore, segments
from service.analysis.signal_layout import layout_of as _layout
from service.model.numbers import round4
from service.model.text_rules import whitespace_tokens

__all__ = ["batch_signals", "batch_tokens", "CUE_LABELS", "WORD_TOKEN"]

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


# Which code points str.split() (and the regex \s) treat as space: none above U+3000.
_LAST_SPACE = 0x3000
_SPACE = np.zeros(_LAST_SPACE + 2, dtype=bool)  # the extra last entry stands for every code point above
_SPACE[[c for c in range(_LAST_SPACE + 1) if chr(c).isspace()]] = True


def batch_tokens(headlines: list[str]) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """(text, row, start, end) of every run of non-space characters of the batch, in order.

    What ``whitespace_tokens`` gives each headline, from one ``split`` of the joined batch
    (the texts) and one pass over its code points (rows and offsets).
    """
    joined = "\n".join(headlines)
    texts = joined.split()
    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    space = _SPACE[np.minimum(points, _LAST_SPACE + 1)]
    edges = np.diff(space.view(np.int8), prepend=np.int8(1), append=np.int8(1))
    starts, ends = np.flatnonzero(edges == -1), np.flatnonzero(edges == 1)
    row_start = np.zeros(len(headlines), dtype=np.int64)
    np.cumsum([len(h) + 1 for h in headlines[:-1]], out=row_start[1:])
    rows = np.searchsorted(row_start, starts, side="right") - 1
    offset = row_start[rows]
    return texts, rows, starts - offset, ends - offset


def batch_signals(pipeline, headlines: list[str], X, top: int) -> list[list[dict]]:
    """The ``top`` signals of each headline, by absolute contribution, from its row of ``X``."""
    layout = _layout(pipeline)
    X.sort_indices()
    if len(headlines) == 1:
        return [_one_row(layout, headlines[0], X, top)]
    contrib = X.data * layout.coef[X.indices]
    x_rows = np.repeat(np.arange(len(headlines), dtype=np.int64), np.diff(X.indptr))
    texts, token_rows, starts, ends = batch_tokens(headlines)
    store, ids = layout.token_ids(texts)
    char_tokens, char_cols = segments(store.chars_ptr.array, store.chars.array, ids)
    word_tokens, word_cols = _word_owners(layout, store, X, x_rows, token_rows, ids)
    # Per token, its columns in ascending order: the two blocks' pairs in block order.
    in_order = [(word_tokens, word_cols), (char_tokens, char_cols + layout.chars_start)]
    if layout.chars_start < layout.words_start:
        in_order.reverse()
    per_token = _token_totals(
        layout,
        X,
        x_rows,
        contrib,
        np.concatenate([t for t, _ in in_order]),
        np.concatenate([c for _, c in in_order]),
        token_rows,
    )
    return _ranked(layout, X, x_rows, contrib, (texts, token_rows, starts, ends), per_token, top)


def _one_row(layout: Layout, headline: str, X, top: int) -> list[dict]:
    """``batch_signals`` of one headline in plain Python: the same shares, summed in the same order
    (so the same floats), without the batch's dozens of numpy calls, which cost more than one row's work.
    Words are matched as strings and a token's char n-grams come from the char block's own word cache.
    """
    first, last = int(X.indptr[0]), int(X.indptr[1])
    indices = X.indices[first:last]
    cols = indices.tolist()  # ascending: cues, then the word and char blocks
    contrib = (X.data[first:last] * layout.coef[indices]).tolist()
    words_at = bisect_left(cols, layout.words_start), bisect_left(cols, layout.words_end)
    chars_at = (
        bisect_left(cols, layout.chars_start),
        bisect_left(cols, layout.chars_end),
    )
    word_value = dict(zip(cols[slice(*words_at)], contrib[slice(*words_at)], strict=True))
    char_value = dict(
        zip((indices[slice(*chars_at)] - layout.chars_start).tolist(), contrib[slice(*chars_at)], strict=True)
    )
    # The row's word features are the word block's terms of the headline: their words without
    # the inverse vocabulary (what the first request in a process would otherwise build).
    vocabulary = layout.words.vocabulary_
    terms = layout.words.analyze(headline)
    term_of = {vocabulary[term] + layout.words_start: term for term in terms if term in vocabulary}
    columns_of: dict[str, list[int]] = {}  # word -> the word columns made with it, ascending
    for col in word_value:
        term = term_of.get(col)
        parts = term.split() if term is not None else layout.word_parts[col - layout.words_start]
        for word in dict.fromkeys(parts):
            columns_of.setdefault(word, []).append(col)
    tokens = whitespace_tokens(headline)
    in_words, in_chars = [], []  # per token: the columns drawn from it, ascending
    for text, _, _ in tokens:
        found = [columns_of[w] for w in dict.fromkeys(WORD_TOKEN.findall(text.lower())) if w in columns_of]
        in_words.append(found[0] if len(found) == 1 else sorted(set(chain.from_iterable(found))))
        in_chars.append(layout.chars.word_ngrams(layout.preprocess(text))[0].tolist())
    blocks = [(in_words, _shares(word_value, in_words)), (in_chars, _shares(char_value, in_chars))]
    if layout.chars_start < layout.words_start:
        blocks.reverse()
    totals = [
        reduce(
            add,
            chain.from_iterable(map(share.get, owned[t], repeat(0.0)) for owned, share in blocks),
            0.0,
        )
        for t in range(len(tokens))
    ]
    # Candidates: non-zero cues in column order, then non-zero tokens in order; a stable sort by size.
    n_cues = bisect_left(cols, layout.cue_end)
    candidates = [(i, c) for i, c in enumerate(contrib[:n_cues]) if c != 0.0]
    candidates += [(-1 - t, total) for t, total in enumerate(totals) if total != 0.0]
    sizes = [abs(c) for _, c in candidates]
    ranked = [
        candidates[i] for i in sorted(range(len(candidates)), key=sizes.__getitem__, reverse=True)[:top]
    ]
    cues = [i for i, _ in ranked if i >= 0]
    shown = [tokens[-1 - i] for i, _ in ranked if i < 0]
    return signal_dicts(
        [i >= 0 for i, _ in ranked],
        np.array([c for _, c in ranked], dtype=np.float64),
        [layout.names[cols[i]] for i in cues],
        X.data[first:last][cues],
        [text for text, _, _ in shown],
        [start for _, start, _ in shown],
        [end for _, _, end in shown],
    )


def _shares(value: dict[int, float], owned: list[list[int]]) -> dict[int, float]:
    """Column -> its contribution / its number of owners (a column of no row entry: 0.0)."""
    owners = Counter(chain.from_iterable(owned))
    share = dict(value)  # value / 1 is value itself
    for col in [col for col, n in owners.items() if n > 1]:
        share[col] = value.get(col, 0.0) / owners[col]
    return share


def _word_owners(
    layout: Layout, store: TokenStore, X, x_rows: np.ndarray, token_rows: np.ndarray, ids: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(token, column) of every word feature of a row and every token of that row holding one of its
    words; each token's pairs in ascending column order (the matrix's entry order).

    A join on (row, word id) of the rows' word-feature words with the tokens' words; a token
    holding several words of one feature (both words of a bigram) owns it once: its pairs
    through the feature's later words are dropped when it also holds an earlier one.
    """
    member_tokens, member_words = segments(store.words_ptr.array, store.words.array, ids)
    held_keys = np.sort((member_tokens << 32) | member_words)  # (token, word) for "does it hold"
    member_keys = (token_rows[member_tokens] << 32) | member_words
    by_key = np.argsort(member_keys)
    member_keys, member_tokens = member_keys[by_key], member_tokens[by_key]
    indices = X.indices
    entries = np.flatnonzero((indices >= layout.words_start) & (indices < layout.words_end))
    features = indices[entries].astype(np.int64) - layout.words_start
    words = store.column_words(features)  # distinct words of each feature, left-aligned, -1 padded
    held = words >= 0
    part_keys = ((x_rows[entries] << 32)[:, None] | words)[held]
    lo = np.searchsorted(member_keys, part_keys, side="left")
    hits = np.searchsorted(member_keys, part_keys, side="right") - lo
    at = np.repeat(lo - (np.cumsum(hits) - hits), hits) + np.arange(int(hits.sum()), dtype=np.int64)
    tokens = member_tokens[at]
    pair_entry = np.repeat(np.broadcast_to(np.arange(len(entries))[:, None], words.shape)[held], hits)
    pair_part = np.repeat(np.broadcast_to(np.arange(words.shape[1]), words.shape)[held], hits)
    keep = np.ones(len(tokens), dtype=bool)
    for part in range(1, words.shape[1]):
        later = np.flatnonzero(pair_part == part)
        for earlier in range(part):
            key = (tokens[later] << 32) | words[pair_entry[later], earlier]
            found = np.minimum(np.searchsorted(held_keys, key), max(len(held_keys) - 1, 0))
            keep[later[held_keys[found] == key]] = False
    return tokens[keep], features[pair_entry[keep]] + layout.words_start


def _token_totals(
    layout: Layout,
    X,
    x_rows: np.ndarray,
    contrib: np.ndarray,
    tokens: np.ndarray,
    cols: np.ndarray,
    token_rows: np.ndarray,
) -> np.ndarray:
    """Sum over every (token, column) ownership of the column's contribution / its number of owners,
    per token in the order given (ascending column)."""
    n_columns = layout.n_columns
    # (row, column) keys; int32 when they fit, which sorts faster.
    key_type = np.dtype(np.int32 if len(X.indptr) * n_columns < 2**31 else np.int64)
    width = np.array(n_columns, dtype=key_type)
    pair_keys = token_rows[tokens].astype(key_type) * width + cols.astype(key_type)
    keys, inverse, owners = np.unique(pair_keys, return_inverse=True, return_counts=True)
    # Every owned key is an entry of X and every word or char entry is owned: the entries in order.
    entries = np.flatnonzero(X.indices >= layout.cue_end)
    x_keys = x_rows[entries].astype(key_type) * width + X.indices[entries]
    if len(x_keys) == len(keys) and np.array_equal(x_keys, keys):
        value = contrib[entries]
    else:  # a matrix that is not the tokens' own (e.g. one entry dropped): look each key up
        at = np.minimum(np.searchsorted(x_keys, keys), max(len(x_keys) - 1, 0))
        found = x_keys[at] == keys if len(x_keys) else np.zeros(len(keys), dtype=bool)
        value = np.where(found, contrib[entries[at]] if len(x_keys) else 0.0, 0.0)
    return np.bincount(tokens, weights=(value / owners)[inverse], minlength=len(token_rows))


def _ranked(
    layout: Layout,
    X,
    x_rows: np.ndarray,
    contrib: np.ndarray,
    tokens: tuple[list[str], np.ndarray, np.ndarray, np.ndarray],
    per_token: np.ndarray,
    top: int,
) -> list[list[dict]]:
    """The ``top`` signals of every row, ranked for the whole batch.

    Candidates are a row's non-zero cue contributions (in column order) and its tokens'
    non-zero totals (in token order); ranking is by absolute contribution, ties kept in that
    order: what a stable sort of each row's list gives. Two stable sorts of the batch's
    candidates (by magnitude, then by row) give every row's ranking at once.
    """
    texts, token_rows, starts, ends = tokens
    n_rows = len(X.indptr) - 1
    cue_entries = np.flatnonzero((X.indices < layout.cue_end) & (contrib != 0.0))
    word_tokens = np.flatnonzero(per_token != 0.0)
    rows = np.concatenate([x_rows[cue_entries], token_rows[word_tokens]])
    values = np.concatenate([contrib[cue_entries], per_token[word_tokens]])
    order = np.argsort(-np.abs(values), kind="stable")
    by_row = rows[order]
    order = order[np.argsort(by_row.astype(np.uint16) if n_rows <= 1 << 16 else by_row, kind="stable")]
    counts = np.bincount(rows, minlength=n_rows)
    rank = np.arange(len(order)) - np.repeat(np.cumsum(counts) - counts, counts)
    kept = order[rank < top]
    n_cues = len(cue_entries)
    is_cue = kept < n_cues
    entries = cue_entries[kept[is_cue]]
    shown = word_tokens[kept[~is_cue] - n_cues]
    flat = signal_dicts(
        is_cue.tolist(),
        values[kept],
        [layout.names[c] for c in X.indices[entries].tolist()],
        X.data[entries],
        [texts[t] for t in shown.tolist()],
        starts[shown].tolist(),
        ends[shown].tolist(),
    )
    bounds = np.zeros(n_rows + 1, dtype=np.int64)
    np.cumsum(np.minimum(counts, top), out=bounds[1:])
    return [flat[a:b] for a, b in pairwise(bounds.tolist())]


def signal_dicts(
    is_cue: list[bool],
    contributions: np.ndarray,
    cue_names: list[str],
    cue_values: np.ndarray,
    words: list[str],
    starts: list[int],
    ends: list[int],
) -> list[dict]:
    """The signals as the result shows them, in ranked order: ``is_cue`` says which list each comes
    from (cues: name and value; words: text and offsets), ``contributions`` are in that order."""
    rounded = round4(contributions)
    cues = [
        {
            "feature": "cues__" + name,
            "kind": "cue",
            "text": CUE_LABELS.get(name, name),
            "value": value,
            "contribution": contribution,
            "start": None,
            "end": None,
        }
        for name, value, contribution in zip(
            cue_names, round4(cue_values), compress(rounded, is_cue), strict=True
        )
    ]
    tokens = [
        {
            "feature": "text__" + text,
            "kind": "word",
            "text": text,
            "value": 1.0,
            "contribution": contribution,
            "start": start,
            "end": end,
        }
        for text, start, end, contribution in zip(
            words, starts, ends, compress(rounded, map(not_, is_cue)), strict=True
        )
    ]
    if not tokens or not cues:
        return cues or tokens
    cue_at, token_at = iter(cues), iter(tokens)
    return [next(cue_at) if cue else next(token_at) for cue in is_cue]
