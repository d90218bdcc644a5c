"""What every ``headline`` command shares: the click context object and the one error translation.

The group (``service.cli.group``) puts a ``CliContext`` in ``ctx.obj``: the environment the
commands read and the ``Settings`` built from it once, on first use (so ``headline score`` is
not refused because of a web-only variable it never reads). Its ``invoke`` turns every
``HeadlineError`` a command lets escape into a one-line ``click.ClickException`` (exit 1) here,
and nowhere else; bad usage stays click's ``UsageError``/``BadParameter`` (exit 2).
Imports: click and the stdlib; ``service.web.config`` only when the settings are first read.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

import click

from service.exceptions import HeadlineError

if TYPE_CHECKING:
    from service.web.config import Settings

__all__ = ["CliContext", "pass_cli", "failing_step", "click_error"]

_STEP = "headline.failing_step"


@dataclasses.dataclass
class CliContext:
    """The environment the commands read (``os.environ`` unless a test passes another)."""

    environ: Mapping[str, str] = dataclasses.field(default_factory=lambda: os.environ)

    @functools.cached_property
    def settings(self) -> Settings:
        """``Settings.from_env(environ)``, built on first use and then shared.

        Raises
        ------
        service.exceptions.ConfigError
            Naming the variable that cannot be used.
        """
        from service.web.config import Settings

        return Settings.from_env(self.environ)


pass_cli = click.make_pass_decorator(CliContext, ensure=True)


def failing_step(ctx: click.Context, step: str) -> None:
    """From now on this command's failures read ``<step>: <why>`` (``serve``: ``cannot start: …``)."""
    ctx.meta[_STEP] = step


def click_error(exc: HeadlineError, ctx: click.Context | None) -> click.ClickException:
    """The one-line message for a failed command (exit 1): the error's detail, after the failing step."""
    step = ctx.meta.get(_STEP) if ctx is not None else None
    return click.ClickException(f"{step}: {exc.detail}" if step else exc.detail)
