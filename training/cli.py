"""The ``train`` and ``eval`` commands: flags in, one core call, a one-line error out.

A ``DataError`` (naming the file and row) or any other ``HeadlineError`` is left to the
``headline`` group, which ends the command with that one line and exit 1
(``service.cli.context``); bad flags exit 2 (click's ``BadParameter``).
"""

from __future__ import annotations

import logging
import shlex
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

__all__ = ["train", "evaluate"]

DEFAULT_DATA = Path("../shared/data")


def _setup_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )


def _command_line() -> str:
    return "headline " + " ".join(shlex.quote(a) for a in sys.argv[1:])


def _pep440(ctx: click.Context, param: click.Parameter, value: str) -> str:
    """The loader only discovers cards with PEP 440 versions: refuse another before hours of training."""
    from packaging.version import InvalidVersion, Version

    try:
        Version(value)
    except InvalidVersion:
        raise click.BadParameter(f"{value!r} is not a PEP 440 version (such as 1.2.0 or 1.2.0rc1)") from None
    return value


def _path_option(flag: str, dest: str, help_text: str, default: Path | None = None) -> Callable:
    """A file or folder option (a ``Path``; ``None`` unless ``default``, which is then shown)."""
    return click.option(
        flag,
        dest,
        type=click.Path(path_type=Path),
        default=default,
        show_default=default is not None,
        help=help_text,
    )


_data_dir_option = _path_option(
    "--data-dir", "data_dir", "Folder of the labelled datasets (see shared/data/README.md).", DEFAULT_DATA
)


def _labelled_files_options(flag: str, dest: str, help_text: str) -> Callable[[Callable], Callable]:
    """``flag`` (repeatable labelled CSV/TSV/JSONL files) with the ``--text-col``/``--label-col`` read from them."""

    def apply(command: Callable) -> Callable:
        for option in reversed(
            (
                click.option(flag, dest, multiple=True, type=click.Path(path_type=Path), help=help_text),
                click.option("--text-col", default="headline", show_default=True),
                click.option(
                    "--label-col", default="clickbait", show_default=True, help="0/1 or graded 0..1 labels."
                ),
            )
        ):
            command = option(command)
        return command

    return apply


def _teacher_folder(option: str | None, default: Path) -> Path | None:
    """``--teacher``: not given is the shipped labels, ``none`` (any case) is no distillation."""
    if option is None:
        return default
    return None if option.strip().lower() == "none" else Path(option)


def _set_line(name: str, m: dict, metrics: tuple[str, ...]) -> str:
    """One evaluation set's metrics on one line (``n/a`` where a metric is undefined, e.g. one class)."""
    values = "  ".join(f"{k} {m[k]:.4f}" if m.get(k) is not None else f"{k} n/a" for k in metrics)
    mse = f"  mse {m['mse']:.4f}" if m.get("mse") is not None else ""
    return f"{name:16s} n {m['n']:6d}  {values}{mse}"


@click.command()
@_data_dir_option
@_path_option("--out", "out_dir", "Where the model and its card are written.", Path("models"))
@click.option(
    "--version",
    "version",
    default="1.0.0",
    show_default=True,
    callback=_pep440,
    help="Model version for the card (PEP 440: 1.2.0, 1.2.0rc1).",
)
@_labelled_files_options(
    "--file", "files", "Train on this CSV/TSV/JSONL file instead of the ready-made recipes (repeatable)."
)
@click.option("--body-col", default=None)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Override a pipeline parameter, e.g. --param C=2.0 (repeatable).",
)
@click.option("--no-side-models", is_flag=True, help="Skip the hyperbole and consistency models.")
@click.option(
    "--teacher",
    "teacher",
    default=None,
    metavar="FOLDER|none",
    help="Teacher labels the sensationalism head also learns from (labels.csv.gz + labels.json, written by "
    "`python -m training.sensational_teacher`); default: the ones shipped in training/teacher; none: no distillation.",
)
@_path_option(
    "--report-dir", "report_dir", "Also write the evaluation report here (default: reports/<version>)."
)
@click.option("-v", "--verbose", is_flag=True)
def train(
    data_dir,
    out_dir,
    version,
    files,
    text_col,
    label_col,
    body_col,
    params,
    no_side_models,
    teacher,
    report_dir,
    verbose,
) -> None:
    """Train the clickbait model (and side models) and save it with its model card."""
    _setup_logging(verbose)
    from training.distillation import DEFAULT_TEACHER
    from training.evaluate import write_report
    from training.train import DEFAULT_PARAMS, TrainConfig, save_bundle, train_bundle

    overrides = dict(DEFAULT_PARAMS)
    for item in params:
        name, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        try:
            overrides[name] = float(value) if any(c in value for c in ".e") else int(value)
        except ValueError:
            raise click.BadParameter(f"{item!r}: value must be a number", param_hint="--param") from None
    config = TrainConfig(
        data_dir=data_dir,
        out_dir=out_dir,
        version=version,
        command=_command_line(),
        params=overrides,
        files=list(files),
        text_col=text_col,
        label_col=label_col,
        body_col=body_col,
        side_models=not no_side_models,
        teacher=_teacher_folder(teacher, DEFAULT_TEACHER),
    )
    try:
        bundle, card, report = train_bundle(config)
        artifact, card_path = save_bundle(bundle, card, out_dir)
        written = write_report(report, report_dir or Path("reports") / version)
    except TypeError as exc:
        raise click.ClickException(f"bad --param: {exc}") from None
    click.echo(f"wrote {artifact} and {card_path}")
    for path in written:
        click.echo(f"wrote {path}")
    for name, m in report["sets"].items():
        click.echo(_set_line(name, m, ("accuracy", "f1", "roc_auc")))
    _echo_sensationalism(report)


def _echo_sensationalism(report: dict) -> None:
    """One line for the editor-judged test split, one per HYPO set."""
    section = report.get("sensationalism") or {}
    m = section.get("editor_judged_test")
    if m:
        bands = "  ".join(
            f"{b} {v['n']} ({(v['sensational_share'] or 0) * 100:.0f}% sens.)" for b, v in m["bands"].items()
        )
        click.echo(
            f"{'editor_judged':16s} n {m['n']:6d}  roc_auc {m['roc_auc']:.4f}  spearman {m['spearman']:.4f}  "
            f"f1_high {m['f1_high']:.4f}  neutral_low {m['neutral_low_share']:.4f}  "
            f"sensational_green {m['sensational_green_share']:.4f}  "
            f"neutral_green {m.get('neutral_green_share') or 0:.4f}  bands: {bands}"
        )
    for which, h in (section.get("hyperbole") or {}).items():
        click.echo(f"{which:16s} n {h['n']:6d}  roc_auc {h['roc_auc']:.4f}  f1 {h['f1']:.4f}")


@click.command("eval")
@_path_option("--model", "model_path", "Model card, joblib file or folder (default: the shipped models/).")
@_data_dir_option
@_labelled_files_options(
    "--data",
    "data_files",
    "Evaluate on this labelled CSV/TSV/JSONL file instead of the fixed sets (repeatable).",
)
@_path_option("--json", "json_path", "Write the report as JSON here.")
@_path_option("--out", "out_dir", "Write report.json, report.md and reliability.png here.")
def evaluate(model_path, data_dir, data_files, text_col, label_col, json_path, out_dir) -> None:
    """Score a model on the fixed evaluation sets, or on your own labelled file."""
    from service.model import load_model
    from training.data import load_file
    from training.evaluate import evaluate_set, top_features, write_report
    from training.sensational_eval import sensationalism_report
    from training.sensational_fit import EDITOR_JUDGED
    from training.train import evaluation_sets

    model = load_model(model_path)
    if data_files:
        sets = [load_file(f, text_col=text_col, label_col=label_col) for f in data_files]
    else:
        if not data_dir.is_dir():
            raise click.ClickException(
                f"{data_dir}: no such data folder; pass --data-dir or evaluate your own file with --data"
            )
        sets = evaluation_sets(data_dir)
    report: dict[str, Any] = {
        "model": {"version": model.version, "path": str(model.path), "threshold": model.threshold},
        "sets": {s.name: evaluate_set(model.clickbait, s, model.threshold) for s in sets},
        "top_features": top_features(model.clickbait),
    }
    if not data_files and (data_dir / EDITOR_JUDGED).is_file():
        report["sensationalism"] = sensationalism_report(model, data_dir)
    written = write_report(report, out_dir, json_path)
    for name, m in report["sets"].items():
        click.echo(_set_line(name, m, ("accuracy", "precision", "recall", "f1", "roc_auc", "brier")))
    _echo_sensationalism(report)
    for path in written:
        click.echo(f"wrote {path}")
