"""The ``headline`` command: one group, subcommands imported only when they run.

Lazy loading keeps ``headline score`` from importing scikit-learn's training code,
Flask or Dask, and lets each subcommand live beside what it drives:

- ``train``, ``eval``: ``training/cli.py``
- ``score``, ``compare``: ``service/score_cli.py``
- ``serve``: ``service/serve_cli.py``
- ``audit``: ``service/audit/cli.py``

Exit codes: 0 success, 1 the command failed or (audit) some records could not be
scored, 2 bad usage.
"""

from __future__ import annotations

import importlib

import click

__all__ = ["main"]

COMMANDS = {
    "train": ("training.cli", "train"),
    "eval": ("training.cli", "evaluate"),
    "score": ("service.score_cli", "score"),
    "compare": ("service.score_cli", "compare"),
    "serve": ("service.serve_cli", "serve"),
    "audit": ("service.audit.cli", "audit"),
}


class LazyGroup(click.Group):
    """A click group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module_name, attribute = COMMANDS[cmd_name]
        module = importlib.import_module(module_name)
        return getattr(module, attribute)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="headline-inspector")
def main() -> None:
    """Headline Inspector: clickbait, sensationalism, readability and quality of headlines."""
