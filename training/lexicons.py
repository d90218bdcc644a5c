"""Word lists the cue features need, read once at training time.

The lists are copied into the fitted model (see ``HeadlineCues.fit``), so a served
model never reads ``../shared`` again. Only lists whose licence allows shipping are
used: Chakraborty et al.'s hyperbolic words and clickbait phrases (MIT) and the
VADER lexicon from the ``vaderSentiment`` package (MIT, ``service.model.lexicons``). The superlative
list in ``shared/data/lexicons`` states no licence and Downworthy's is GPL, so neither
goes into the model; superlatives are recognised by their form instead.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["Lexicons", "load_lexicons"]

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
