"""Seventh round (issue 11): the ridge's alpha once the head also fits ~33,000 teacher-scored headlines.

    python bench/experiments/sens_round7.py --data ../shared/data --alphas 0.3,0.5,1,2

With 3.6 times the rows, the regularisation chosen for the 12,686 editor-judged rows alone may no
longer be the best. Each alpha is fitted exactly as ``headline train`` fits the head (the stored
teacher labels, the head's own folds), and its out-of-fold metrics on the train rows are printed;
the test split is never read. The features come from the bundle in ``--model`` (the plain head's
alpha 1 numbers are its card's ``sensationalism.out_of_fold_train``).
"""

from __future__ import annotations

import argparse
import json
import time

from scipy import sparse
from sens_candidates import data_and_model_arguments  # the script's folder is on sys.path
from sklearn.feature_extraction.text import TfidfVectorizer

from service.model.lexicons import vader_valence
from service.model.loader import load_model
from training.distillation import DEFAULT_TEACHER, load_teacher_labels, teacher_rows
from training.sensational_fit import PseudoLabeled, fit_sensationalism_head, head_inputs, load_editor_judged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    data_and_model_arguments(parser)
    parser.add_argument("--alphas", default="0.3,0.5,1,2")
    parser.add_argument("--teacher", default=str(DEFAULT_TEACHER))
    parser.add_argument(
        "--own-words",
        type=float,
        default=0.0,
        help="also a word 1-2 gram TF-IDF of the head's own, fitted on the train and pool texts (no labels), at this scale",
    )
    args = parser.parse_args()
    model = load_model(args.model)
    inputs = (model.clickbait.named_steps["features"], model.hyperbole, model.lexicons, vader_valence())
    train = load_editor_judged(args.data, "train")
    X, cues = head_inputs(*inputs, train.texts)
    rows = teacher_rows(args.data, load_teacher_labels(args.teacher), len(train))
    ux, ucues = head_inputs(*inputs, rows.texts)
    if args.own_words:
        # Could the student learn more of the teacher with words the clickbait vocabulary lacks? Unsupervised
        # vocabulary over train and pool texts; a run-time cost would follow (a second vectorisation).
        words = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True).fit(train.texts + rows.texts)
        X = sparse.hstack([X, args.own_words * words.transform(train.texts)], format="csr")
        ux = sparse.hstack([ux, args.own_words * words.transform(rows.texts)], format="csr")
        print(json.dumps({"own_words": len(words.vocabulary_), "scale": args.own_words}), flush=True)
    pseudo = PseudoLabeled(ux, ucues, final=rows.final, folds=rows.folds)
    for alpha in (float(a) for a in args.alphas.split(",")):
        start = time.perf_counter()
        head = fit_sensationalism_head(X, cues, train.scores, alpha=alpha, pseudo=pseudo)
        line = {"alpha": alpha, "seconds": round(time.perf_counter() - start)}
        line |= {k: round(v, 4) for k, v in head.metrics["out_of_fold_train"].items() if isinstance(v, float)}
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
