"""Scoring a model on labelled sets, and writing the report (JSON, Markdown, PNG).

Evaluation only ever predicts: nothing is fitted on an evaluation row here.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    brier_score_loss,
    confusion_matrix,
    f1_score,
    mean_squared_error,
    precision_score,
    recall_score,
    roc_auc_score,
)
from sklearn.pipeline import Pipeline

from service.atomic import atomic_write
from training.data import LabeledSet

__all__ = ["evaluate_set", "expected_calibration_error", "top_features", "write_report", "scores_of"]


def expected_calibration_error(y: np.ndarray, p: np.ndarray, bins: int = 10) -> float:
    """Mean gap between predicted probability and observed rate, weighted by bin size."""
    edges = np.linspace(0, 1, bins + 1)
    idx = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    total = 0.0
    for b in range(bins):
        mask = idx == b
        if mask.any():
            total += mask.mean() * abs(p[mask].mean() - y[mask].mean())
    return float(total)


def _reliability(y: np.ndarray, p: np.ndarray, bins: int = 10) -> list[dict]:
    edges = np.linspace(0, 1, bins + 1)
    idx = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    return [
        {
            "bin": b,
            "mean_predicted": float(p[idx == b].mean()),
            "observed": float(y[idx == b].mean()),
            "n": int((idx == b).sum()),
        }
        for b in range(bins)
        if (idx == b).any()
    ]


def scores_of(pipeline: Pipeline, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(calibrated probability, Webis strength) of each text, from one feature pass."""
    X = pipeline.named_steps["features"].transform(texts)
    head = pipeline.named_steps["clf"]
    return head.predict_proba(X)[:, 1], head.predict_strength(X)


def evaluate_set(pipeline: Pipeline, data: LabeledSet, threshold: float = 0.5) -> dict:
    """Every metric of the report for one labelled set."""
    probability, strength = scores_of(pipeline, data.texts)
    y = data.binary_labels
    predicted = (probability >= threshold).astype(int)
    two_classes = len(np.unique(y)) == 2
    result = {
        "n": len(data),
        "positives": int(y.sum()),
        "accuracy": float(accuracy_score(y, predicted)),
        "precision": float(precision_score(y, predicted, zero_division=0)),
        "recall": float(recall_score(y, predicted, zero_division=0)),
        "f1": float(f1_score(y, predicted, zero_division=0)),
        "roc_auc": float(roc_auc_score(y, probability)) if two_classes else None,
        "brier": float(brier_score_loss(y, probability)),
        "ece": expected_calibration_error(y.astype(float), probability),
        "confusion_matrix": {
            "labels": ["not clickbait", "clickbait"],
            "matrix": confusion_matrix(y, predicted, labels=[0, 1]).tolist(),
        },
        # MSE of the strength output against graded labels (Webis truthMean); None for 0/1 sets.
        "mse": float(mean_squared_error(data.labels, strength)) if data.graded else None,
        "mse_probability": float(mean_squared_error(data.labels, probability)) if data.graded else None,
        "reliability": _reliability(y.astype(float), probability),
    }
    return result


def top_features(pipeline: Pipeline, k: int = 25) -> dict[str, list[dict]]:
    """The most heavily weighted features towards and away from clickbait."""
    names = pipeline.named_steps["features"].get_feature_names_out()
    coef = pipeline.named_steps["clf"].coef_
    order = np.argsort(coef)
    return {
        "clickbait": [
            {"feature": str(names[i]), "weight": round(float(coef[i]), 4)} for i in order[::-1][:k]
        ],
        "not_clickbait": [{"feature": str(names[i]), "weight": round(float(coef[i]), 4)} for i in order[:k]],
    }


def _markdown(report: dict) -> str:
    lines = [f"# Evaluation of model {report['model']['version']}", ""]
    lines += [
        "| set | n | accuracy | precision | recall | F1 | ROC-AUC | Brier | ECE | MSE (strength) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]

    def fmt(value: float | None) -> str:
        return "—" if value is None else f"{value:.4f}"

    for name, m in report["sets"].items():
        lines.append(
            f"| {name} | {m['n']} | {fmt(m['accuracy'])} | {fmt(m['precision'])} | {fmt(m['recall'])} | "
            f"{fmt(m['f1'])} | {fmt(m['roc_auc'])} | {fmt(m['brier'])} | {fmt(m['ece'])} | {fmt(m['mse'])} |"
        )
    lines += ["", "## Confusion matrices (rows: true, columns: predicted; not clickbait, clickbait)", ""]
    for name, m in report["sets"].items():
        (tn, fp), (fn, tp) = m["confusion_matrix"]["matrix"]
        lines.append(f"- **{name}**: TN {tn}, FP {fp}, FN {fn}, TP {tp}")
    lines += _sensationalism_markdown(report.get("sensationalism") or {})
    features = report.get("top_features")
    if features:
        lines += [
            "",
            "## Most heavily weighted features",
            "",
            "| towards clickbait | weight | away from clickbait | weight |",
            "|---|---|---|---|",
        ]
        for a, b in zip(features["clickbait"], features["not_clickbait"], strict=False):
            lines.append(f"| `{a['feature']}` | {a['weight']:+.3f} | `{b['feature']}` | {b['weight']:+.3f} |")
    return "\n".join(lines) + "\n"


def _sensationalism_markdown(section: dict) -> list[str]:
    lines = []
    m = section.get("editor_judged_test")
    if m:
        lines += [
            "",
            "## Sensationalism: editor-judged test split",
            "",
            "| n | sensational | ROC-AUC (score >= 1.5) | Spearman | F1 of high | neutral at low | "
            "sensational green | neutral green |",
            "|---|---|---|---|---|---|---|---|",
            f"| {m['n']} | {m['sensational']} | {m['roc_auc']:.4f} | {m['spearman']:.4f} | {m['f1_high']:.4f} | "
            f"{m['neutral_low_share']:.4f} | {m['sensational_green_share']:.4f} | "
            f"{_share(m.get('neutral_green_share'))} |",
            "",
            "| quality band | rows | share editors call clearly sensational |",
            "|---|---|---|",
        ]
        for band, v in m["bands"].items():
            lines.append(f"| {band} | {v['n']} | {_share(v['sensational_share'])} |")
    hyperbole = section.get("hyperbole") or {}
    if hyperbole:
        lines += [
            "",
            "## Hyperbole detector: HYPO / HYPO-L test parts",
            "",
            "| set | n | ROC-AUC | F1 |",
            "|---|---|---|---|",
        ]
        lines += [f"| {k} | {h['n']} | {h['roc_auc']:.4f} | {h['f1']:.4f} |" for k, h in hyperbole.items()]
    return lines


def _reliability_png(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(5, 5), dpi=100)
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect calibration")
    for name, m in report["sets"].items():
        points = m.get("reliability") or []
        ax.plot(
            [p["mean_predicted"] for p in points], [p["observed"] for p in points], marker="o", label=name
        )
    ax.set_xlabel("predicted probability of clickbait")
    ax.set_ylabel("observed share of clickbait")
    ax.set_title(f"Reliability, model {report['model']['version']}")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    try:
        with atomic_write(path, "wb", encoding=None) as handle:
            fig.savefig(handle, format="png")
    finally:
        plt.close(fig)


def write_report(
    report: dict, out_dir: str | Path | None = None, json_path: str | Path | None = None
) -> list[Path]:
    """Write ``report.json``, ``report.md`` and ``reliability.png`` to ``out_dir``; JSON also to ``json_path``."""
    payload = (json.dumps(report, indent=2) + "\n").encode()
    files: dict[Path, bytes] = {}
    if json_path:
        files[Path(json_path)] = payload
    if out_dir:
        out = Path(out_dir)
        files[out / "report.json"] = payload
        files[out / "report.md"] = _markdown(report).encode()
    for path, data in files.items():
        with atomic_write(path, "wb", encoding=None) as handle:
            handle.write(data)
    written = list(files)
    if out_dir:
        _reliability_png(report, out / "reliability.png")
        written.append(out / "reliability.png")
    return written


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value:.4f}"
