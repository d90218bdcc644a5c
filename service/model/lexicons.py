"""VADER's word valences (MIT, from the ``vaderSentiment`` package), read at run time.

The cue features and the sensationalism triggers look words up in them. The word lists read from
``../shared`` once at training time and copied into the fitted model are fit-time code
(``training/lexicons.py``).
"""

from __future__ import annotations

import functools
from pathlib import Path

__all__ = ["vader_valence"]


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
