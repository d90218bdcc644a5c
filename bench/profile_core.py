"""Per-component cost of the analysis core, in µs per headline (one process, CPU time).

    python bench/profile_core.py [--data ../shared/data] [--n 20000] [--cprofile 40]

Runs the same steps ``analyze_batch`` runs, one component at a time over the same headlines
(batches of 512), so the table says where a headline's time goes: the feature matrix, the
clickbait head with and without signals, the hyperbole model, sensationalism, readability, house
style, the not-a-headline check, quality and suggestions. Each component is timed with what
the harness holds frozen out of the garbage collector (``gc.freeze``), so its row is its own
cost; the last two rows time the full analysis without explanations with the collector as
``load_model`` leaves it, and after ``gc.freeze()`` (what a server could call once after
loading the model). ``--cprofile N`` also prints the N costliest functions of the full
analysis without explanations. Not collected by pytest; imports the package only.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse
import cProfile
import gc
import pstats
import time
from pathlib import Path

from bench_speed import ROOT, load_headlines  # the same sample as the speed table

BATCH = 512


def per_headline_us(function, batches: list[list], n: int) -> float:
    start = time.process_time()
    for batch in batches:
        function(batch)
    return (time.process_time() - start) / n * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--n", type=int, default=20_000)
    parser.add_argument("--model", default=None)
    parser.add_argument("--cprofile", type=int, default=0)
    args = parser.parse_args()

    from service.analysis import analyze_batch
    from service.analysis.clickbait import feature_matrix, score_clickbait
    from service.analysis.input_kind import not_a_headline
    from service.analysis.options import AnalysisOptions
    from service.analysis.quality import model_penalties, quality_score
    from service.analysis.readability import batch_readability
    from service.analysis.sensationalism import known_words, score_sensationalism
    from service.analysis.style import style_findings
    from service.analysis.suggestions import build_suggestions
    from service.analysis.token_facts import words_of_batch
    from service.model import freeze_after_load, load_model
    from service.model.lean import lean_predict_proba
    from service.model.lexicons import vader_valence

    model = load_model(args.model)
    freeze_after_load()  # as every serving process does after loading (service/model/loader.py)
    texts, _ = load_headlines(args.data, args.n)
    n = len(texts)
    batches = [texts[i : i + BATCH] for i in range(0, n, BATCH)]
    options = AnalysisOptions()
    valence = vader_valence()
    vocabulary = known_words(model)
    syllables = getattr(model, "syllables", None)
    analyze_batch(model, [{"headline": h} for h in texts[:BATCH]])  # warm every cache once

    Xs = [feature_matrix(model, b) for b in batches]
    hyper = [lean_predict_proba(model.hyperbole, b).tolist() for b in batches]
    cbs = [score_clickbait(model, b, explain=True, X=X) for b, X in zip(batches, Xs, strict=True)]
    sens = [score_sensationalism(model, b, X, h, valence) for b, X, h in zip(batches, Xs, hyper, strict=True)]
    words = [words_of_batch(b, valence, syllables) for b in batches]  # as analyze_batch: once per headline
    reads = [batch_readability(b, options, syllables, w) for b, w in zip(batches, words, strict=True)]
    styles = [
        [style_findings(t, options, x) for t, x in zip(b, w, strict=True)]
        for b, w in zip(batches, words, strict=True)
    ]
    notices = [
        [not_a_headline(t, vocabulary, x) for t, x in zip(b, w, strict=True)]
        for b, w in zip(batches, words, strict=True)
    ]
    rows = []
    it = iter(range(len(batches)))

    def timed(name: str, function) -> None:
        # What the harness holds (every component's results for all headlines) would make the
        # garbage collector's full passes longer for whichever component runs later: frozen first.
        gc.collect()
        gc.freeze()
        rows.append((name, per_headline_us(function, list(range(len(batches))), n)))

    timed("feature matrix", lambda i: feature_matrix(model, batches[i]))
    timed("clickbait head, no signals", lambda i: score_clickbait(model, batches[i], explain=False, X=Xs[i]))
    timed("clickbait head + signals", lambda i: score_clickbait(model, batches[i], explain=True, X=Xs[i]))
    timed("hyperbole model", lambda i: lean_predict_proba(model.hyperbole, batches[i]))
    timed("sensationalism", lambda i: score_sensationalism(model, batches[i], Xs[i], hyper[i], valence))
    timed("surface words (token facts)", lambda i: words_of_batch(batches[i], valence, syllables))
    timed("readability", lambda i: batch_readability(batches[i], options, syllables, words[i]))
    timed(
        "house style",
        lambda i: [style_findings(t, options, x) for t, x in zip(batches[i], words[i], strict=True)],
    )
    timed(
        "not a headline",
        lambda i: [not_a_headline(t, vocabulary, x) for t, x in zip(batches[i], words[i], strict=True)],
    )

    def quality(i: int) -> None:  # as analyze_batch runs it: the model penalties once per batch
        penalties = model_penalties(cbs[i], sens[i])
        for j, t in enumerate(batches[i]):
            quality_score(
                t,
                cbs[i][j],
                sens[i][j],
                reads[i][j],
                styles[i][j],
                notice=notices[i][j],
                valence=valence,
                syllables=syllables,
                penalties=penalties[j],
                words=words[i][j],
            )

    def suggestions(i: int) -> None:
        for j, t in enumerate(batches[i]):
            build_suggestions(
                t, cbs[i][j], sens[i][j]["triggers"], reads[i][j], styles[i][j], notice=notices[i][j]
            )

    timed("quality", quality)
    timed("suggestions", suggestions)
    timed(
        "full analyze_batch, explain", lambda i: analyze_batch(model, [{"headline": h} for h in batches[i]])
    )

    def full_no_explain(i: int) -> None:
        analyze_batch(model, [{"headline": h} for h in batches[i]], explain=False)

    timed("full analyze_batch, no explain", full_no_explain)
    del it
    cbs = sens = reads = styles = notices = Xs = hyper = words = []  # release what the components held
    gc.collect()
    gc.unfreeze()
    # Not through timed(), which freezes first: this row is the analysis with the GC as load_model leaves it.
    rows.append(
        ("full, no explain, GC as loaded", per_headline_us(full_no_explain, list(range(len(batches))), n))
    )
    timed("full, no explain, after gc.freeze()", full_no_explain)
    print(f"{n} headlines, batches of {BATCH}, CPU µs per headline")
    for name, us in rows:
        print(f"  {name:<34}{us:>8.1f}")
    if args.cprofile:
        profiler = cProfile.Profile()
        profiler.enable()
        for b in batches:
            analyze_batch(model, [{"headline": h} for h in b], explain=False)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.cprofile)


if __name__ == "__main__":
    main()
