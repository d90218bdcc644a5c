"""The ``headline`` command: one group, subcommands imported only when they run.

Lazy loading keeps ``headline score`` from importing scikit-learn's training code,
Flask or Dask, and lets each subcommand live beside what it drives:

- ``train``, ``eval``: ``training/cli.py`` (fit-time code: only the command line imports it)
- ``score``, ``compare``: ``service/cli/score.py`` (its readable report: ``service/cli/score_report.py``)
- ``serve``: ``service/cli/serve.py``
- ``audit``: ``service/audit/cli.py``

The group gives every subcommand the same ``CliContext`` (``service.cli.context``: the environment
and the ``Settings`` built from it once) and translates a ``HeadlineError`` escaping any of them
into a one-line message, once, here.

``headline --version`` names the package version and the model the commands would use (found by
the same search order as every command; only its card is read, so it stays fast).

Exit codes: 0 success, 1 the command failed or (audit) some records could not be
scored, 2 bad usage.
"""

from __future__ import annotations

import importlib

import click

from service.cli.context import CliContext, click_error
from service.exceptions import HeadlineError

__all__ = ["main"]

COMMANDS = {
    "train": ("training.cli", "train"),
    "eval": ("training.cli", "evaluate"),
    "score": ("service.cli.score", "score"),
    "compare": ("service.cli.score", "compare"),
    "serve": ("service.cli.serve", "serve"),
    "audit": ("service.audit.cli", "audit"),
}


def version_text() -> str:
    """Two named lines: the package (``headline-inspector 1.0.0``) and the model (``model headline-1.1.0``)."""
    from service._version import __version__
    from service.model_card import card_label, read_card
    from service.model_path import resolve_model_card

    try:
        card_path = resolve_model_card()
        model = f"model {card_label(read_card(card_path))} ({card_path})"
    except HeadlineError as exc:
        model = f"model: none usable: {exc.detail}"
    return f"headline-inspector {__version__}\n{model}"


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(version_text())
        ctx.exit()


class HeadlineGroup(click.Group):
    """A click group whose subcommands are imported on first use, with one error translation for all."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module_name, attribute = COMMANDS[cmd_name]
        module = importlib.import_module(module_name)
        return getattr(module, attribute)

    def invoke(self, ctx: click.Context) -> object:
        """Run the subcommand; a ``HeadlineError`` it raises ends it with a one-line message and exit 1."""
        try:
            return super().invoke(ctx)
        except HeadlineError as exc:
            raise click_error(exc, ctx) from None


@click.group(cls=HeadlineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="Show the package version and the model the commands use, then exit.",
)
@click.pass_context
def main(ctx: click.Context) -> None:
    """Headline Inspector: clickbait, sensationalism, readability and quality of headlines."""
    ctx.ensure_object(CliContext)
