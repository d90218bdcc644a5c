"""Clickbait scores of many headlines from one pass through the fitted pipeline.

The features are computed once per batch; the probability, the strength and the
signals that drove them all come from that one matrix, so the explanation is the
model's own arithmetic (weight x value), never a canned text.
"""

from __future__ import annotations

import re

from scipy import sparse

from training.lean import lean_transform

__all__ = ["score_clickbait", "level_of"]

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


def level_of(value: float, medium: float, high: float) -> str:
    return "high" if value >= high else "medium" if value >= medium else "low"


def _word_owners(headline: str, char_lowercase: bool, char_range: tuple[int, int]) -> tuple[list, dict, dict]:
    """Whitespace tokens of the headline, and which tokens own each char n-gram and each word."""
    tokens = [(m.group(), m.start(), m.end()) for m in re.finditer(r"\S+", headline)]
    grams: dict[str, list[int]] = {}
    words: dict[str, list[int]] = {}
    lo, hi = char_range
    for t, (text, _, _) in enumerate(tokens):
        padded = " " + (text.lower() if char_lowercase else text) + " "
        for n in range(lo, hi + 1):
            for i in range(len(padded) - n + 1):
                owners = grams.setdefault(padded[i:i + n], [])
                if not owners or owners[-1] != t:
                    owners.append(t)
        for word in WORD_TOKEN.findall(text.lower()):
            owners = words.setdefault(word, [])
            if not owners or owners[-1] != t:
                owners.append(t)
    return tokens, grams, words


def _name_parts(pipeline) -> list[tuple[str, str]]:
    """(block, name) of every feature column, split once per model rather than per request."""
    cached = getattr(pipeline, "_name_parts_cache", None)
    if cached is None:
        names = pipeline.named_steps["features"].get_feature_names_out()
        cached = [tuple(str(n).partition("__")[::2]) for n in names]
        pipeline._name_parts_cache = cached
    return cached


def _signals(headline: str, parts: list, cols, contrib, vals, chars_params: dict, top: int) -> list[dict]:
    """Contributions grouped by the words of the headline they come from, plus the cues.

    Word and character n-gram weights are summed onto the whitespace token(s) they
    occur in (shared equally when they occur in several), so "Believe" shows the
    total pull of every feature drawn from it; the parts still add up to the
    model's log-odds.
    """
    tokens, grams, words = _word_owners(headline, chars_params["lowercase"], chars_params["ngram_range"])
    per_token = [0.0] * len(tokens)
    cues = []
    for col, c, v in zip(cols.tolist(), contrib.tolist(), vals.tolist(), strict=True):
        block, name = parts[col]
        if block == "chars":
            owners = grams.get(name, ())
        elif block == "cues":
            if c != 0.0:
                cues.append(("cue", name, v, c))
            continue
        else:
            owners = sorted({t for part in name.split() for t in words.get(part, ())})
        if owners:
            share = c / len(owners)
            for t in owners:
                per_token[t] += share
    ranked = [("cue", name, v, c) for _, name, v, c in cues]
    ranked += [("word", t, 1.0, total) for t, total in enumerate(per_token) if total != 0.0]
    ranked.sort(key=lambda r: -abs(r[3]))
    signals = []
    for kind, key, value, contribution in ranked[:top]:
        if kind == "cue":
            signals.append({"feature": f"cues__{key}", "kind": "cue", "text": CUE_LABELS.get(key, key),
                            "value": round(value, 4), "contribution": round(contribution, 4),
                            "start": None, "end": None})
        else:
            text, start, end = tokens[key]
            signals.append({"feature": f"text__{text}", "kind": "word", "text": text, "value": 1.0,
                            "contribution": round(contribution, 4), "start": start, "end": end})
    return signals


def score_clickbait(model, headlines: list[str], top: int = 8, X=None) -> list[dict]:
    """The clickbait part of the result for each headline.

    Parameters
    ----------
    model : LoadedModel
    headlines : list of str
    top : int
        How many signals to report, by absolute contribution: words of the headline
        (all word and character n-gram weights drawn from them) and cues.
    X : sparse matrix, optional
        The batch's feature matrix when the caller already computed it (shared by the heads).
    """
    pipeline = model.clickbait
    features = pipeline.named_steps["features"]
    head = pipeline.named_steps["clf"]
    X = sparse.csr_matrix(lean_transform(features, headlines) if X is None else X)
    probability = head.predict_proba(X)[:, 1]
    strength = head.predict_strength(X)
    log_odds = head.decision_function(X)
    parts = _name_parts(pipeline)
    chars = dict(features.transformer_list)["chars"]
    chars_params = {"lowercase": chars.lowercase, "ngram_range": chars.ngram_range}
    threshold = model.threshold
    results = []
    for row, headline in enumerate(headlines):
        start, end = X.indptr[row], X.indptr[row + 1]
        cols, vals = X.indices[start:end], X.data[start:end]
        contrib = vals * head.coef_[cols]
        p = float(probability[row])
        results.append(
            {
                "probability": round(p, 4),
                "strength": round(float(strength[row]), 4),
                "label": "clickbait" if p >= threshold else "not clickbait",
                "threshold": threshold,
                "level": level_of(p, 0.35, 0.65),
                "log_odds": round(float(log_odds[row]), 4),
                "signals": _signals(headline, parts, cols, contrib, vals, chars_params, top),
            }
        )
    return results
