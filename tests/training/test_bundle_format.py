"""The bundle file: gzip(pickle) for the C unpickler, with the stance model unpickled on first use."""

from __future__ import annotations

import pickle
import sys
import threading

from service.model.bundle_format import Deferred, dump_bundle, load_bundle


class Stance:
    loads = 0

    def __setstate__(self, state):
        Stance.loads += 1
        self.__dict__.update(state)

    def explain(self, headline: str) -> str:
        return f"explained {headline}"


def test_deferred_entry_is_unpickled_once_on_first_use(tmp_path) -> None:
    stance = Stance()
    stance.weights = [1, 2]
    path = tmp_path / "b.joblib"
    dump_bundle({"lexicons": {"plain": 1}, "consistency": stance, "hyperbole": None}, path)
    Stance.loads = 0
    bundle = load_bundle(path)
    assert bundle["lexicons"] == {"plain": 1} and bundle["hyperbole"] is None
    assert isinstance(bundle["consistency"], Deferred) and Stance.loads == 0
    threads = [threading.Thread(target=lambda: bundle["consistency"].explain("x")) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert bundle["consistency"].explain("h") == "explained h" and bundle["consistency"].weights == [1, 2]
    assert Stance.loads == 1
    again = pickle.loads(pickle.dumps(bundle["consistency"]))
    assert again.explain("y") == "explained y"


def test_old_joblib_bundles_still_load(tmp_path) -> None:
    import joblib

    path = tmp_path / "old.joblib"
    joblib.dump({"clickbait": [1, 2, 3]}, path, compress=3)
    assert load_bundle(path) == {"clickbait": [1, 2, 3]}


def test_loading_a_headline_model_does_not_import_the_stance_model(tiny_model_dir) -> None:
    """Scoring a headline never pays for textstat/NLTK and gradient boosting (a fresh interpreter)."""
    import subprocess

    code = (
        "import sys; from service.model import load_model; from service.analysis import analyze; "
        f"m = load_model({str(tiny_model_dir)!r}); analyze(m, 'Council approves new tram line'); "
        "print(sorted(n for n in ('service.model.consistency', 'textstat', 'nltk', 'sklearn.ensemble') "
        "if n in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stderr[-2000:]


def test_deferred_entries_are_stored_compressed_and_plain_ones_still_load(tmp_path) -> None:
    """The file's gzip stream inflates pre-compressed bytes fast, so unused entries cost little at load;
    bundles written before (plain pickled bytes) still open."""
    import zlib

    payload = {"weights": list(range(50_000))}
    path = tmp_path / "b.joblib"
    dump_bundle({"consistency": payload}, path)
    entry = load_bundle(path)["consistency"]
    assert isinstance(entry, Deferred)
    assert pickle.loads(zlib.decompress(entry._data)) == payload
    assert entry.load() == payload
    assert Deferred(pickle.dumps(payload, protocol=5)).load() == payload


def test_the_same_bundle_is_the_same_bytes_whenever_and_wherever_it_is_written(tmp_path, monkeypatch) -> None:
    """Neither the time nor the (random, atomic-write) file name may reach the file: same model, same SHA-256."""
    import time

    bundle = {"lexicons": {"plain": 1}, "consistency": None, "hyperbole": None}
    dump_bundle(bundle, tmp_path / "first.joblib")
    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)
    with open(tmp_path / ".tmp-a8f3k2", "wb") as handle:  # an open file, as save_bundle's atomic write passes
        dump_bundle(bundle, handle)
    assert (tmp_path / "first.joblib").read_bytes() == (tmp_path / ".tmp-a8f3k2").read_bytes()


def test_a_bundle_is_the_same_bytes_in_every_process(tmp_path) -> None:
    """Nothing a process draws anew may reach the file: scikit-learn's cached id(stop_words) (a memory
    address), a set's order (string hashing is seeded per process), a dict or a regex built from a set."""
    import os
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]

    script = (
        "import io, sys, numpy as np\n"
        "from service.model.bundle_format import dump_bundle\n"
        "from service.model.cues import phrase_pattern\n"
        "from service.model.hyperbole import _log_odds\n"
        "from service.model.lean import LeanTfidf\n"
        "v = LeanTfidf().fit(['a red fox', 'a blue fox'])\n"
        "v.transform(['a fox'])\n"
        "words = [f'word{i}' for i in range(200)]\n"
        "odds = _log_odds([words[:120], words[60:]], np.array([1, 0]), 1.0, 1)\n"
        "out = io.BytesIO()\n"
        "phrases = phrase_pattern([f'stock phrase {i:03d}' for i in range(50)])\n"
        "dump_bundle({'clickbait': v, 'lexicons': {'words': frozenset(words), 'odds': odds, 'p': phrases}}, out)\n"
        "sys.stdout.buffer.write(out.getvalue())\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            check=True,
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        )
        for seed in (1, 2)
    ]
    assert runs[0].stdout == runs[1].stdout
