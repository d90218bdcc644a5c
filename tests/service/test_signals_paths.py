"""The explanation's fast routes equal the plain ones.

``batch_signals`` has a one-row route in plain Python and a batch route in arrays; the batch
route finds tokens with one split and a table of space code points, reads a row's entries in
order when they are the tokens' own and looks them up otherwise, and keeps per-token facts in a
cache that starts over when full. Each is pinned here to the plain computation.
"""

from __future__ import annotations

import sys

import numpy as np
import pytest

from service.analysis import signal_layout
from service.analysis.clickbait import feature_matrix
from service.analysis.signals import _LAST_SPACE, _SPACE, batch_signals, batch_tokens
from service.model.numbers import round4, rounded
from service.model.text_rules import whitespace_tokens

HEADLINES = [
    "You Won't Believe What This Dog Did Next!",
    "Council approves new tram line after late-night vote",
    "this this this dog dog",
    "dog dog dog dog",  # a bigram of one word twice, held by every token
    "Well-known don't-miss trick: you'll never guess it",
    "  leading and\ttrailing  spaces\n",
    "no\u00a0break\u2003em\u3000ideographic\x1cseparator",
    "İstanbul's ÉCOLE naïve café 🐶 emoji",
    "",
    "!!!",
    "x",
    "10 reasons why the best trick of all time is this one",
    "Peru's Strategic Shift: Aligning with the U.S. to Counter China's Influence",
    "lone \ud800 surrogate",
    # last: a row with known words (a last row without any is the tfidf bug pinned at the end of this file)
    "The best trick of all time",
]


def test_the_space_table_is_str_isspace_for_every_code_point() -> None:
    spaces = [c for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    assert max(spaces) <= _LAST_SPACE  # what the table's last entry (every code point above) assumes
    assert np.flatnonzero(_SPACE).tolist() == spaces


def test_batch_tokens_are_whitespace_tokens_of_each_headline() -> None:
    texts, rows, starts, ends = batch_tokens(HEADLINES)
    expected = [(row, t) for row, h in enumerate(HEADLINES) for t in whitespace_tokens(h)]
    got = list(zip(rows.tolist(), zip(texts, starts.tolist(), ends.tolist(), strict=True), strict=True))
    assert got == expected


def _one_by_one(model, headlines: list[str], X, top: int) -> list[list[dict]]:
    return [batch_signals(model.clickbait, [h], X[[i]], top)[0] for i, h in enumerate(headlines)]


@pytest.mark.parametrize("top", [3, 8, 200])
def test_the_one_row_route_equals_the_batch_route_exactly(tiny_model, top) -> None:
    """Every signal (all of them with top=200), contributions included, bit for bit."""
    X = feature_matrix(tiny_model, HEADLINES)
    batch = batch_signals(tiny_model.clickbait, HEADLINES, X, top)
    assert top < 200 or sum(s["kind"] == "word" for signals in batch for s in signals) > 50
    one = [
        batch_signals(tiny_model.clickbait, [h], feature_matrix(tiny_model, [h]), top)[0] for h in HEADLINES
    ]
    assert one == batch
    assert _one_by_one(tiny_model, HEADLINES, X, top) == batch  # a row of a CSR matrix, too


def test_a_matrix_missing_entries_is_looked_up_not_read_in_order(tiny_model) -> None:
    """Entries dropped from the rows (not the tokens' own matrix): the batch route's lookup and the
    one-row route agree, and the dropped columns no longer count."""
    X = feature_matrix(tiny_model, HEADLINES).tocsr(copy=True)
    layout = signal_layout.layout_of(tiny_model.clickbait)
    text_entries = np.flatnonzero(X.indices >= layout.cue_end)
    X.data[text_entries[::3]] = 0.0
    X.eliminate_zeros()
    batch = batch_signals(tiny_model.clickbait, HEADLINES, X, 200)
    assert batch == _one_by_one(tiny_model, HEADLINES, X, 200)
    assert batch != batch_signals(tiny_model.clickbait, HEADLINES, feature_matrix(tiny_model, HEADLINES), 200)


def test_the_token_cache_starting_over_changes_nothing(tiny_model, monkeypatch) -> None:
    signal_layout._LAYOUTS.pop(tiny_model.clickbait, None)  # other tests' tokens out of the way
    batches = [[f"{h} extra{i}" for h in HEADLINES] for i in range(4)]
    rows = [feature_matrix(tiny_model, b) for b in batches]
    expected = [batch_signals(tiny_model.clickbait, b, X, 200) for b, X in zip(batches, rows, strict=True)]
    del signal_layout._LAYOUTS[tiny_model.clickbait]  # and out of the way of what follows
    layout = signal_layout.layout_of(tiny_model.clickbait)
    monkeypatch.setattr(signal_layout, "TOKEN_LIMIT", 5)
    stores = []
    for b, X, signals in zip(batches + batches, rows + rows, expected + expected, strict=True):
        assert batch_signals(tiny_model.clickbait, b, X, 200) == signals
        stores.append(layout.store)
    assert len({id(store) for store in stores}) == len(stores)  # every batch started over


def test_the_first_explanation_never_lists_every_feature_name(tiny_model_dir, monkeypatch) -> None:
    """The layout reads block widths and the words of the columns it meets, not ~100k feature names."""
    from service.model import load_model

    model = load_model(tiny_model_dir)  # a fresh pipeline: no layout yet
    assert model.clickbait not in signal_layout._LAYOUTS
    features = model.clickbait.named_steps["features"]

    def refuse(*args, **kwargs):
        raise AssertionError("get_feature_names_out called for the explanation")

    monkeypatch.setattr(type(features), "get_feature_names_out", refuse)
    for _, block in features.transformer_list:
        if hasattr(block, "vocabulary_"):
            monkeypatch.setattr(type(block), "get_feature_names_out", refuse)
    found = batch_signals(model.clickbait, HEADLINES, feature_matrix(model, HEADLINES), 200)
    assert any(s["kind"] == "word" for signals in found for s in signals)
    assert any(s["kind"] == "cue" for signals in found for s in signals)


def test_a_row_is_the_same_whatever_row_follows_it(tiny_model) -> None:
    headline = "Peru's Strategic Shift: Aligning with the U.S. to Counter China's Influence"
    alone = feature_matrix(tiny_model, [headline])
    # An empty last row once cut the row before it short (TfidfBlock.weights' reduceat bounds).
    for batch, row in (([headline, "!!!"], 0), (["!!!", headline, "!!!", "?"], 1), (["?", headline], 1)):
        followed = feature_matrix(tiny_model, batch)[[row]]
        assert alone.indices.tolist() == followed.indices.tolist()
        assert alone.data.tolist() == followed.data.tolist()


def test_round4_is_pythons_round_everywhere() -> None:
    """Random values at every scale, exact ties and values one ulp either side of a half."""
    rng = np.random.default_rng(7)
    values = np.concatenate(
        [
            rng.normal(0, 1, 20_000),
            rng.normal(0, 1, 20_000) * 10.0 ** rng.integers(-8, 12, 20_000),
            (rng.integers(-(10**7), 10**7, 20_000) + 0.5) / 1e4,  # decimal halves (not exact in binary)
            np.array([0.03125, -0.03125, 1.00005, 2.5e-5, -2.5e-5, 0.0, -0.0, 1e-320, 5e15, -7e20]),
            np.array([np.inf, -np.inf, np.nan]),
        ]
    )
    halves = (rng.integers(-(10**6), 10**6, 5_000) + 0.5) / 1e4
    values = np.concatenate([values, np.nextafter(halves, np.inf), np.nextafter(halves, -np.inf)])
    got = round4(values)
    expected = [round(v, 4) for v in values.tolist()]
    same = [g == e or (g != g and e != e) for g, e in zip(got, expected, strict=True)]
    assert all(same), [
        (v, g, e) for v, g, e, s in zip(values.tolist(), got, expected, same, strict=True) if not s
    ][:5]
    signs = [np.copysign(1.0, g) for g in got if g == 0.0]
    assert signs == [np.copysign(1.0, e) for e in expected if e == 0.0]  # -0.0 stays -0.0
    assert round4(values[:5]) == expected[:5]  # the few-values route


@pytest.mark.parametrize("digits", [0, 1, 2, 3, 6])
def test_rounded_is_pythons_round_at_every_precision(digits: int) -> None:
    """The shown numbers of other precisions (quality's penalties, readability's shares), ties included."""
    rng = np.random.default_rng(digits)
    scale = 10.0**digits
    ties = (rng.integers(-(10**6), 10**6, 5_000) + 0.5) / scale
    values = np.concatenate(
        [
            rng.normal(0, 1, 20_000) * 10.0 ** rng.integers(-8, 10, 20_000),
            ties,
            np.nextafter(ties, np.inf),
            np.nextafter(ties, -np.inf),
            np.array([0.25, -0.25, 2.5, 0.0, -0.0, 5e15, np.inf, -np.inf, np.nan]),
        ]
    )
    got, expected = rounded(values, digits), [round(v, digits) for v in values.tolist()]
    bad = [
        (v, g, e)
        for v, g, e in zip(values.tolist(), got, expected, strict=True)
        if not (g == e or (g != g and e != e))
    ]
    assert bad == []
    assert [np.copysign(1.0, g) for g in got if g == 0.0] == [
        np.copysign(1.0, e) for e in expected if e == 0.0
    ]


def test_threads_sharing_a_layout_get_the_serial_signals(tiny_model_dir, monkeypatch) -> None:
    """gthread workers share the layout: new tokens and a store starting over while others read."""
    from concurrent.futures import ThreadPoolExecutor

    from service.model import load_model

    model = load_model(tiny_model_dir)
    batches = [[f"{h} {i}{j} token{i}x{j}" for j, h in enumerate(HEADLINES)] for i in range(24)]
    rows = [feature_matrix(model, b) for b in batches]
    expected = [batch_signals(model.clickbait, b, X, 200) for b, X in zip(batches, rows, strict=True)]
    del signal_layout._LAYOUTS[model.clickbait]  # start from an empty layout
    monkeypatch.setattr(signal_layout, "TOKEN_LIMIT", 120)
    with ThreadPoolExecutor(8) as pool:
        got = list(pool.map(lambda i: batch_signals(model.clickbait, batches[i], rows[i], 200), range(24)))
    assert got == expected


def test_one_headline_first_in_a_process_builds_no_inverse_vocabulary(tiny_model_dir) -> None:
    """The single route reads its word features' words from the headline's own terms, so the first
    request of a process (``headline score``) costs what the next one does."""
    from service.model import load_model

    model = load_model(tiny_model_dir)
    headline = "Council approves new tram line after the late-night vote"
    found = batch_signals(model.clickbait, [headline], feature_matrix(model, [headline]), 200)[0]
    assert any(s["kind"] == "word" for s in found)
    assert signal_layout.layout_of(model.clickbait).word_parts._terms is None


def test_no_headline_no_signals(tiny_model) -> None:
    """``explain="flagged"`` with nothing flagged asks for the signals of zero rows."""
    from service.analysis.clickbait import score_clickbait

    X = feature_matrix(tiny_model, HEADLINES)
    assert batch_signals(tiny_model.clickbait, [], X[np.zeros(0, dtype=int)], 8) == []
    one = feature_matrix(tiny_model, ["Council approves new tram line"])
    assert batch_signals(tiny_model.clickbait, [], one[np.zeros(0, dtype=int)], 8) == []
    flagged = score_clickbait(tiny_model, HEADLINES, explain="flagged")
    everything = score_clickbait(tiny_model, HEADLINES, explain=True)
    for f, e in zip(flagged, everything, strict=True):
        assert f["signals"] == (e["signals"] if e["label"] == "clickbait" else [])
