"""Where the body answers the headline's tease: an unsupervised sentence ranking.

A teaser ("You won't believe why the sequel was delayed") withholds one piece of
information; the sentence that delivers it shares the teaser's topic words and adds
something the teaser does not say. Each body sentence is scored by BM25 against the
headline's content words (the body's own sentences are the collection, so nothing is
learned and nothing is shipped), scaled down when the sentence only restates the
headline, with a small bonus for a number when the headline asks for one. The weights
were set before measuring and are not fitted: Webis-22 validation, where the hit rate
is measured (``bench/bench_article.py``), is never used to choose them.

Imports only the standard library, numpy and other ``service.model`` modules.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from service.model.pair_text import content_tokens
from service.model.readability import sentence_spans

__all__ = ["RankedSentence", "rank_sentences"]

K1 = 1.2
B = 0.75
NUMBER_BONUS = 0.15  # added to a 0..1 score when the headline asks for a quantity
RESTATEMENT_FLOOR = 0.5  # a sentence that only repeats the headline keeps half its score
_ASKS_NUMBER = re.compile(
    r"\b(?:how (?:much|many|long|old|far|often)|number|percent|price|cost|age)\b",
    re.IGNORECASE,
)
_HAS_NUMBER = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|hundred|thousand|million)\b"
)


@dataclass(frozen=True)
class RankedSentence:
    """One body sentence with its offsets in the body and its rank score (0..~1.15)."""

    text: str
    start: int
    end: int
    score: float
    index: int


def rank_sentences(headline: str, body: str, max_sentences: int = 300) -> list[RankedSentence]:
    """Body sentences ranked by how likely they answer the headline's tease, best first.

    Parameters
    ----------
    headline : str
    body : str
    max_sentences : int, default=300
        Only the first ``max_sentences`` sentences are ranked.

    Returns
    -------
    list of RankedSentence
        Empty when the body has no sentence. Ties keep body order, so a body that shares
        no word with the headline ranks its first sentence first.
    """
    spans = sentence_spans(body)[:max_sentences]
    if not spans:
        return []
    query = set(content_tokens(headline))
    docs = [content_tokens(body[s:e]) for s, e in spans]
    n = len(docs)
    avg_len = sum(map(len, docs)) / n or 1.0
    df = Counter(t for d in docs for t in set(d) if t in query)
    idf = {t: math.log(1.0 + (n - df[t] + 0.5) / (df[t] + 0.5)) for t in df}
    raw = []
    for doc in docs:
        tf = Counter(t for t in doc if t in idf)
        norm = K1 * (1 - B + B * len(doc) / avg_len)
        raw.append(sum(idf[t] * c * (K1 + 1) / (c + norm) for t, c in tf.items()))
    top = max(raw) or 1.0
    asks_number = bool(_ASKS_NUMBER.search(headline))
    ranked = []
    for i, ((start, end), doc, value) in enumerate(zip(spans, docs, raw, strict=True)):
        novelty = sum(t not in query for t in doc) / len(doc) if doc else 0.0
        score = (value / top) * (RESTATEMENT_FLOOR + (1 - RESTATEMENT_FLOOR) * novelty)
        text = body[start:end]
        if asks_number and _HAS_NUMBER.search(text.lower()):
            score += NUMBER_BONUS
        ranked.append(RankedSentence(text, start, end, round(score, 4), i))
    ranked.sort(key=lambda r: (-r.score, r.index))
    return ranked
