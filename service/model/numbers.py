"""Python's ``round(x, digits)`` for a whole array at once: the shown numbers of a batch.

``round(x, 4)`` costs ~0.25 µs a call, and a result shows a dozen rounded numbers per
headline; a batch that already holds them in a numpy array rounds them in one pass instead.
Pure numpy, used by the scoring core (and free for the model layer), so it lives at the bottom.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["FEW", "IntFunction", "round4", "rounded"]

FEW = 32  # below this many values numpy's per-call cost is more than ``round``'s


def rounded(values: np.ndarray | list[float], digits: int) -> list[float]:
    """``[round(v, digits) for v in values]``, bit for bit, in arrays.

    ``round`` gives the double nearest to the exact value rounded to ``digits`` decimals
    (half to even); so does ``rint(v * 10**digits) / 10**digits`` whenever the scaled value (one
    rounding away from the exact product) is clearly away from a half: the integer is the same
    and the division is correctly rounded (``10**digits`` is exact for ``digits`` up to 22). The
    few values near a half (or huge, or not finite) go through ``round`` itself.
    """
    if len(values) < FEW:  # a list of a few is not even made an array
        floats = values.tolist() if isinstance(values, np.ndarray) else map(float, values)
        return [round(v, digits) for v in floats]
    values = np.asarray(values, dtype=np.float64)
    scale = 10.0**digits
    scaled = values * scale
    out = (np.rint(scaled) / scale).tolist()
    with np.errstate(invalid="ignore"):
        near_half = np.abs(scaled - np.floor(scaled) - 0.5) <= 1e-6 * np.maximum(np.abs(scaled), 1.0)
    for i in np.flatnonzero(near_half | ~(np.abs(values) < 1e9)).tolist():
        out[i] = round(float(values[i]), digits)
    return out


def round4(values: np.ndarray | list[float]) -> list[float]:
    """``[round(v, 4) for v in values]``: the precision of every probability and score the core shows."""
    return rounded(values, 4)


class IntFunction:
    """``function(n)`` for arrays of non-negative ints, read from a table of its values computed
    one by one (bit for bit what the scalar function returns; grown to the largest n asked).

    Why: a batch route that needs, say, ``log1p`` of each text's word count would call a scalar
    function once per text (a dict-cached Python call each), and numpy's vectorised ufunc may round
    differently from the scalar one; one gather from this table does neither.
    """

    def __init__(self, function: Callable[[int], float], limit: int = 1 << 14):
        self._function = function
        self._limit = limit  # a larger n is computed on its own, not tabled
        self._values = np.zeros(0, dtype=np.float64)

    def __call__(self, ns: np.ndarray) -> np.ndarray:
        values = self._values
        if len(ns) and int(ns.max()) >= self._limit:
            return np.array([self._function(n) for n in ns.tolist()], dtype=np.float64)
        if len(ns) and int(ns.max()) >= len(values):
            size = max(int(ns.max()) + 1, 2 * len(values), 64)
            values = np.array([self._function(n) for n in range(size)], dtype=np.float64)
            self._values = values  # replaced whole: a reader keeps the table it read
        return values[ns]
