"""A fixed sample scored by the shipped model, recorded under the card's exact library versions.

The loader accepts any scikit-learn of the card's minor series (``service.model.VERSION_POLICY``).
``tests/test_shipped_model.py`` re-scores this sample with the versions the lock installs and compares
every number the fitted estimators produce with the recording: the proof behind that policy. When a lock
refresh brings a scikit-learn that scores differently, that test fails; keep the old version or retrain.

Record again after the shipped model changes (it checks that the card's scikit-learn is installed):

    .venv/bin/python -m tests.model_reference
"""

from __future__ import annotations

import json
from importlib import metadata
from pathlib import Path

from tests import samples

REFERENCE = Path(__file__).with_name("model_reference.json")
# Numbers that come from the pickled estimators (clickbait head, strength, hyperbole, stance model).
HEADLINE_FIELDS = (
    ("clickbait", "probability"),
    ("clickbait", "strength"),
    ("clickbait", "log_odds"),
    ("sensationalism", "hyperbole_probability"),
)


def sample() -> list[tuple[str, str | None]]:
    """Hand-written headlines (tests/samples.py) and three headline-body pairs: no dataset rows."""
    headlines = samples.CLICKBAIT + samples.NEWS + samples.HYPERBOLE + samples.LITERAL
    pairs = [
        ("Central bank raises interest rates by a quarter point", samples.BODY_CONSISTENT),
        ("Aliens land in the town square", samples.BODY_CONSISTENT),
        ("You won't believe what the central bank did", samples.BODY_CONSISTENT),
    ]
    return [(h, None) for h in headlines] + pairs


def score(model) -> list[dict]:
    """What the sample scores to, field by field."""
    from service.analysis import analyze

    rows = []
    for headline, body in sample():
        result = analyze(model, headline, body=body)
        row = {"headline": headline, "body": body is not None}
        for part, name in HEADLINE_FIELDS:
            row[f"{part}.{name}"] = result[part][name]
        if body is not None:
            for stance, p in result["body"]["consistency"]["probabilities"].items():
                row[f"consistency.{stance}"] = p
        rows.append(row)
    return rows


def record() -> None:
    from service.model import load_model
    from service.model_path import resolve_model_card

    model = load_model(resolve_model_card(environ={}))
    libraries = {name: metadata.version(name) for name in ("scikit-learn", "numpy", "scipy", "textstat")}
    if libraries["scikit-learn"] != model.card["libraries"].get("scikit-learn"):
        raise SystemExit(
            f"record with the card's scikit-learn {model.card['libraries'].get('scikit-learn')}, "
            f"not {libraries['scikit-learn']}"
        )
    data = {
        "model": model.version,
        "artifact_sha256": model.card["artifact_sha256"],
        "recorded_with": libraries,
        "rows": score(model),
    }
    REFERENCE.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    print(f"recorded {len(data['rows'])} rows of model {model.version} in {REFERENCE}")


if __name__ == "__main__":
    record()
