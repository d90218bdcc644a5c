"""Word lists the cue features need, read once at training time.

The lists are copied into the fitted model (see ``HeadlineCues.fit``), so a served
model never reads ``../shared`` again. Only lists whose licence allows shipping are
used: Chakraborty et al.'s hyperbolic words and clickbait phrases (MIT) and the
VADER lexicon from the ``vaderSentiment`` package (MIT). The superlative list in
``shared/data/lexicons`` states no licence and Downworthy's is GPL, so neither
goes into the model; superlatives are recognised by their form instead.
"""

from __future__ import annotations

import functools
from pathlib import Path

__all__ = ["Lexicons", "load_lexicons", "vader_valence"]

Lexicons = dict[str, list[str]]

HYPERBOLIC_FILE = "chakraborty2016_hyperbolic_words.txt"
PHRASES_FILE = "chakraborty2016_common_clickbait_phrases.txt"


def _read_list(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return sorted({line.strip().lower() for line in lines if line.strip() and not line.startswith("#")})


def load_lexicons(data_dir: str | Path) -> Lexicons:
    """Read the shippable word lists from ``<data_dir>/lexicons``.

    Raises
    ------
    FileNotFoundError
        When a list is missing: the model must not silently train without it.
    """
    folder = Path(data_dir) / "lexicons"
    return {
        "hyperbolic": _read_list(folder / HYPERBOLIC_FILE),
        "clickbait_phrases": _read_list(folder / PHRASES_FILE),
    }


@functools.cache
def vader_valence() -> dict[str, float]:
    """VADER's word valences (-4..4) from the installed ``vaderSentiment`` package."""
    import vaderSentiment

    path = Path(vaderSentiment.__file__).parent / "vader_lexicon.txt"
    valence: dict[str, float] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].isalpha():
            valence[parts[0].lower()] = float(parts[1])
    return valence
