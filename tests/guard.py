"""The "outputs unchanged" guard: the scoring core's results on a fixed sample, recorded once.

Speed work must not change a single score. ``run_sample`` scores a fixed, varied
sample with the shipped model (headlines in ``tests/fixtures/guard_headlines.txt``,
a few bodies, option sets and comparisons below) and ``tests/test_outputs_unchanged.py``
compares it with ``tests/fixtures/guard_outputs.json``.

Re-record only when a model or scoring change elsewhere changes the outputs on purpose::

    .venv/bin/python -m tests.guard

(The command prints how many results changed against the previous recording.)
"""

from __future__ import annotations

import gzip
import json
import math
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
HEADLINES_FILE = FIXTURES / "guard_headlines.txt"
OUTPUTS_FILE = FIXTURES / "guard_outputs.json.gz"  # gzip-compressed compact JSON: ~10x smaller
# Results are rounded to 4 decimals; one unit of the last digit absorbs a rounding flip caused by
# a different (but equally exact) order of float additions, nothing more.
ABS_TOLERANCE = 1.01e-4
REL_TOLERANCE = 1e-9

BODIES = {
    "bank": (
        "The central bank raised its main interest rate by a quarter point on Tuesday, citing persistent "
        "inflation. The decision was expected by most economists. The governor said further increases were "
        "possible.\n\nMarkets reacted calmly, with the currency rising slightly against the dollar."
    ),
    "dog": (
        "A dog in Ohio climbed onto the roof of its owners' house last week. Neighbours called the fire "
        "brigade, who brought it down with a ladder. The owners said the dog had followed a cat up a pile "
        "of firewood stacked against the garage. Nobody was hurt, and the dog was given a biscuit."
    ),
    "denial": (
        "Reports that the central bank cut rates are false. The bank denied it and said rates were not cut. "
        "A spokesperson said the rumour started on social media on Monday evening."
    ),
    "thin": "Read more on our website.",
    "numbers": "12 34 56 78 90 -- ## !! 11 22",
    "long": (
        "The city council voted on Tuesday to approve a new tram line linking the northern suburbs with the "
        "central station, ending a decade of debate over the route. Construction is expected to begin next "
        "spring and to last about three years, according to the transport department. Officials estimate that "
        "the line will carry twenty thousand passengers a day once it opens. Opponents argued that the cost, "
        "estimated at four hundred million euros, could have been spent on buses instead.\n"
    )
    * 6,
}
BODY_ITEMS = [
    ("Central bank raises interest rates by a quarter point", "bank"),
    ("You Won't Believe What This Dog Did Next", "dog"),
    ("Central bank cuts interest rates", "denial"),
    ("This Simple Trick Will Change The Way You Sleep Forever", "thin"),
    ("Oil prices fall as OPEC output rises", "numbers"),
    ("City council approves plan for new tram line", "long"),
    ("Floods displace thousands in northern Bangladesh", "bank"),
    ("What Happened Next Will Shock You", "long"),
]
OPTION_SETS = [
    {"case_style": "title", "numerals": "words", "allow_final_period": True},
    {"search_title_px": 300, "social_title_chars": 40, "schema_headline_chars": 60},
]
COMPARE_GROUPS = [
    [0, 15],
    [1, 16, 30, 60],
    [35, 36, 37, 38, 39],
    [100, 101, 102],
    [5, 6, 7, 8, 9, 10, 11, 12, 13, 14],
]
BAD_ITEMS = [
    {"headline": ""},
    {"headline": None},
    {"headline": "x" * 1001},
    "not an object",
    {"headline": "Fine headline", "body": 42},
]


def guard_headlines() -> list[str]:
    lines = HEADLINES_FILE.read_text(encoding="utf-8").split("\n")
    return [line for line in lines if line and not line.startswith("#")]


def _rounded_floats(value):
    """JSON-ready copy; NaN/inf would not survive JSON, so they fail loudly here."""
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError("non-finite float in a result")
    if isinstance(value, dict):
        return {k: _rounded_floats(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded_floats(v) for v in value]
    return value


def run_sample(model) -> dict:
    """Every recorded output of the guard, computed with ``model`` by the current core."""
    from service.analysis import AnalysisOptions, analyze_batch, compare

    headlines = guard_headlines()
    out: dict = {"batch": analyze_batch(model, [{"headline": h} for h in headlines])}
    # Options change only readability and quality: the rest is the batch's, already recorded.
    out["options"] = [
        [
            {"readability": r["readability"], "quality": r["quality"]}
            for r in analyze_batch(
                model, [{"headline": h} for h in headlines[::5]], AnalysisOptions.from_dict(opts)
            )
        ]
        for opts in OPTION_SETS
    ]
    out["bodies"] = analyze_batch(model, [{"headline": h, "body": BODIES[b]} for h, b in BODY_ITEMS])
    out["compare"] = [_ranking(compare(model, [headlines[i] for i in group])) for group in COMPARE_GROUPS]
    out["compare_body"] = compare(model, [h for h, _ in BODY_ITEMS[:3]], body=BODIES["bank"])
    out["bad"] = analyze_batch(model, [*BAD_ITEMS[:3], {"headline": headlines[0]}, *BAD_ITEMS[3:]])
    return _rounded_floats(out)


def _ranking(compared: dict) -> dict:
    """A comparison without each candidate's full result: that is the batch's result of the same headline."""
    return {
        **compared,
        "ranking": [{k: v for k, v in r.items() if k != "result"} for r in compared["ranking"]],
    }


def load_recorded() -> dict:
    return json.loads(gzip.decompress(OUTPUTS_FILE.read_bytes()).decode("utf-8"))


# The model's name for itself, not something it computes: a retrain that reproduces every output
# (e.g. a new bundle format) changes it, and the guard must still prove the outputs unchanged.
IGNORED_KEYS = frozenset({"model_version"})


def differences(expected, actual, path: str = "$", limit: int = 20) -> list[str]:
    """Where ``actual`` differs from ``expected``: exact for everything but floats (tolerance above)
    and the ``IGNORED_KEYS``."""
    found: list[str] = []

    def walk(a, b, where: str) -> None:
        if len(found) >= limit or where.rpartition(".")[2] in IGNORED_KEYS:
            return
        if (
            isinstance(a, bool)
            or isinstance(b, bool)
            or not (isinstance(a, int | float) and isinstance(b, int | float))
        ):
            if type(a) is not type(b) and not (isinstance(a, list | tuple) and isinstance(b, list | tuple)):
                found.append(f"{where}: {a!r} != {b!r}")
            elif isinstance(a, dict):
                if set(a) != set(b):
                    found.append(f"{where}: keys {sorted(set(a) ^ set(b))} differ")
                for key in a:
                    if key in b:
                        walk(a[key], b[key], f"{where}.{key}")
            elif isinstance(a, list | tuple):
                if len(a) != len(b):
                    found.append(f"{where}: length {len(a)} != {len(b)}")
                for i, (x, y) in enumerate(zip(a, b, strict=False)):
                    walk(x, y, f"{where}[{i}]")
            elif a != b:
                found.append(f"{where}: {a!r} != {b!r}")
            return
        if isinstance(a, int) and isinstance(b, int):
            if a != b:
                found.append(f"{where}: {a} != {b}")
        elif not math.isclose(a, b, rel_tol=REL_TOLERANCE, abs_tol=ABS_TOLERANCE):
            found.append(f"{where}: {a!r} != {b!r}")

    walk(expected, actual, path)
    return found


def record() -> None:
    """Score the sample with the shipped model and write the fixture (compact JSON)."""
    from service.model import load_model

    model = load_model()
    outputs = run_sample(model)
    if OUTPUTS_FILE.exists():
        previous = load_recorded()
        changed = differences(previous.get("outputs"), outputs, limit=10_000)
        print(f"{len(changed)} values changed against the previous recording")
    payload = {
        "model_version": model.version,
        "model_sha256": model.card.get("artifact_sha256"),
        "outputs": outputs,
    }
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
    OUTPUTS_FILE.write_bytes(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0))
    print(f"recorded {OUTPUTS_FILE} with model {model.version}")


if __name__ == "__main__":
    record()
