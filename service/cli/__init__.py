"""The command line: one click group (``service.cli.group``) and the modules of its commands."""

from service.cli.group import main

__all__ = ["main"]
