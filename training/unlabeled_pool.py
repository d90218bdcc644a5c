"""The unlabeled headlines a teacher labels for the sensationalism head to learn from (distillation).

The editors judged 12,686 train headlines; the shared data holds tens of thousands more headlines
with no sensationalism label. A stronger but slow teacher (``training/sensational_teacher.py``)
scores them once, and the shipped ridge learns from those scores as well as from the editors', so
it picks up what the teacher knows at no run-time cost.

Only texts from a ``train`` part go in, and never one whose normalised text (the data README's
normalisation) is also in an evaluation part of any set here or is an editor-judged headline, so no
evaluation text and no labeled text comes back as "unlabeled". GoodNewsEveryone ships without a
split: the README asks for a fixed one of our own, so its texts are split 80/20 by the same SHA-1
of the normalised text that ``hypo_split`` uses, and only the train part is read. The claim-strength
titles are left out: ``bench/bench_sensationalism.py`` evaluates the triggers on them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from training.data import DataError, read_rows
from training.hyperbole_fit import hypo_split, normalise_text
from training.sensational_fit import EDITOR_JUDGED

__all__ = ["SOURCES", "Pool", "unlabeled_pool", "text_key"]

# (source name, file under the data folder, text field); a split field is read where the file has one.
SOURCES: tuple[tuple[str, str, str], ...] = (
    ("chakraborty2016", "clickbait/chakraborty2016/headlines.csv", "headline"),
    ("webis17", "clickbait/webis17/posts.csv", "postText"),
    ("fnc1", "articles/fnc1/pairs.jsonl", "headline"),
    ("goodnewseveryone", "sensational/goodnewseveryone/headlines.csv", "headline"),
)
# Files whose evaluation parts must never enter the pool, even as a near-duplicate of a train text.
EVALUATION_ONLY: tuple[tuple[str, str], ...] = (("clickbait/downs/titles.csv", "title"),)


@dataclass(frozen=True)
class Pool:
    """Unlabeled headlines in a fixed order, with where each came from and its lookup key."""

    texts: list[str]
    sources: list[str]
    keys: list[str]

    def __len__(self) -> int:
        return len(self.texts)

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for source in self.sources:
            out[source] = out.get(source, 0) + 1
        return out


def text_key(text: str) -> str:
    """16 hex digits of the SHA-1 of the normalised text: what the stored teacher labels are keyed by.

    The labels file then holds no headline text (the texts belong to their publishers and stay in
    ``../shared/data``), and a row is found again whatever its case or punctuation.
    """
    return hashlib.sha1(normalise_text(text).encode("utf-8")).hexdigest()[:16]  # noqa: S324 - not security


def _records(path: Path, field: str) -> Iterator[tuple[str, str | None]]:
    """(text, split or None) of every row of a CSV or JSONL file."""
    if not path.is_file():
        raise DataError(path, "file not found")
    for number, row in read_rows(path):
        if field not in row:
            raise DataError(path, f"missing column {field}", number)
        yield str(row[field] or ""), row.get("split")


def unlabeled_pool(data_dir: str | Path) -> Pool:
    """Every usable unlabeled train headline of ``SOURCES``, one per normalised text, in file order.

    Raises
    ------
    DataError
        A source file that is missing or unreadable, naming it.
    """
    data_dir = Path(data_dir)
    rows: dict[str, list[tuple[str, str]]] = {}
    for source, name, field in SOURCES:
        records = list(_records(data_dir / name, field))
        if source == "goodnewseveryone":  # no split of its own: the README's fixed hash split
            splits = hypo_split([text for text, _ in records])
            records = [(text, str(split)) for (text, _), split in zip(records, splits, strict=True)]
        rows[source] = [(text, split or "") for text, split in records]
    excluded = {
        normalise_text(text)
        for source_rows in rows.values()
        for text, split in source_rows
        if split != "train"
    }
    for name, field in EVALUATION_ONLY:
        excluded.update(normalise_text(text) for text, _ in _records(data_dir / name, field))
    excluded.update(normalise_text(text) for text, _ in _records(data_dir / EDITOR_JUDGED, "headline"))
    texts, sources, keys = [], [], []
    for source, source_rows in rows.items():
        for text, _ in source_rows:
            normal = normalise_text(text)
            if not normal or normal in excluded:  # every text of a non-train part is in ``excluded``
                continue
            excluded.add(normal)
            texts.append(text)
            sources.append(source)
            keys.append(text_key(text))
    return Pool(texts, sources, keys)
