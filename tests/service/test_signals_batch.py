"""The batch explanation (array joins and one ranking sort per batch) equals a plain per-headline loop.

The reference below is the straightforward algorithm the module docstring describes: each
word and char n-gram feature of a row is shared equally among the whitespace tokens it is
drawn from, cues are reported as they are, the top ones by absolute contribution win,
ties kept in (cues by column, then tokens by position) order.
"""

from __future__ import annotations

import re

import numpy as np

from service.analysis.clickbait import feature_matrix
from service.analysis.signals import CUE_LABELS, WORD_TOKEN, _layout, batch_signals

HEADLINES = [
    "You Won't Believe What This Dog Did Next!",
    "Council approves new tram line after late-night vote",
    "this this this dog dog",  # repeated tokens: a feature owned by several tokens
    "Well-known don't-miss trick: you'll never guess it",  # tokens holding several words
    "!!!",  # no word at all
    "x",
    "10 reasons why the best trick of all time is this one",
    "Peru's Strategic Shift: Aligning with the U.S. to Counter China's Influence",
]


def reference(model, headline: str, top: int) -> list[dict]:
    pipeline = model.clickbait
    layout = _layout(pipeline)
    X = feature_matrix(model, [headline, headline])  # a CSR matrix: the batch path's input type
    start, end = X.indptr[0], X.indptr[1]
    columns, values = X.indices[start:end].tolist(), X.data[start:end].tolist()
    contribution = dict(
        zip(columns, (X.data[start:end] * layout.coef[X.indices[start:end]]).tolist(), strict=True)
    )
    tokens = [(m.group(), m.start(), m.end()) for m in re.finditer(r"\S+", headline)]
    owners: dict[int, list[int]] = {}
    for t, (text, _, _) in enumerate(tokens):
        for col in layout.chars.word_ngrams(layout.preprocess(text))[0].tolist():
            owners.setdefault(col + layout.chars_start, []).append(t)
        words = set(WORD_TOKEN.findall(text.lower()))
        for col in columns:
            in_words = layout.words_start <= col < layout.words_end
            if in_words and words & set(layout.word_parts[col - layout.words_start]):
                owners.setdefault(col, []).append(t)
    totals = [0.0] * len(tokens)
    for t in range(len(tokens)):
        for col in sorted(c for c, who in owners.items() if t in who):
            if col in contribution:
                totals[t] += contribution[col] / len(set(owners[col]))
    ranked = [
        ("cue", col, value, contribution[col])
        for col, value in zip(columns, values, strict=True)
        if col < layout.cue_end and contribution[col] != 0.0
    ]
    ranked += [("word", t, 1.0, total) for t, total in enumerate(totals) if total != 0.0]
    ranked.sort(key=lambda r: -abs(r[3]))
    out = []
    for kind, key, value, c in ranked[:top]:
        if kind == "cue":
            name = layout.names[key]
            out.append(("cue", f"cues__{name}", CUE_LABELS.get(name, name), round(value, 4), None, None))
        else:
            text, s, e = tokens[key]
            out.append(("word", f"text__{text}", text, 1.0, s, e))
        out[-1] += (round(c, 4),)
    return out


def as_tuples(signals: list[dict]) -> list[tuple]:
    return [
        (s["kind"], s["feature"], s["text"], s["value"], s["start"], s["end"], s["contribution"])
        for s in signals
    ]


def test_batch_signals_equal_the_per_headline_reference(tiny_model) -> None:
    X = feature_matrix(tiny_model, HEADLINES)
    found = batch_signals(tiny_model.clickbait, HEADLINES, X, 8)
    for headline, signals in zip(HEADLINES, found, strict=True):
        expected = reference(tiny_model, headline, 8)
        got = as_tuples(signals)
        assert [g[:-1] for g in got] == [e[:-1] for e in expected], headline
        assert np.allclose([g[-1] for g in got], [e[-1] for e in expected], atol=1e-4), headline


def test_one_row_and_a_batch_give_the_same_signals(tiny_model) -> None:
    X = feature_matrix(tiny_model, HEADLINES)
    batch = batch_signals(tiny_model.clickbait, HEADLINES, X, 5)
    for headline, signals in zip(HEADLINES, batch, strict=True):
        one = batch_signals(tiny_model.clickbait, [headline], feature_matrix(tiny_model, [headline]), 5)[0]
        assert one == signals, headline
