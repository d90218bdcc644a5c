"""The error tree: each class's HTTP status, RFC 9457 title and type slug, as every edge reads them."""

from __future__ import annotations

import pytest

from service.audit.outfolder import InputIsOutput, OutputBusy
from service.audit.runner import ResumeMismatch
from service.exceptions import (
    BatchTooLarge,
    ConfigError,
    HeadlineError,
    InvalidInput,
    ModelIncompatible,
    ModelUnavailable,
    UnsupportedFormat,
)

TREE = {
    HeadlineError: (400, "Bad request", "about:blank"),
    InvalidInput: (422, "Invalid input", "/problems/invalid-input"),
    BatchTooLarge: (422, "Batch too large", "/problems/batch-too-large"),
    UnsupportedFormat: (415, "Unsupported format", "/problems/unsupported-format"),
    ModelUnavailable: (503, "Model unavailable", "/problems/model-unavailable"),
    ModelIncompatible: (503, "Model cannot be loaded", "/problems/model-incompatible"),
    ConfigError: (400, "Invalid configuration", "/problems/invalid-configuration"),
    InputIsOutput: (409, "Input in the way of an output", "/problems/input-is-output"),
    OutputBusy: (409, "Output folder busy", "/problems/output-busy"),
    ResumeMismatch: (409, "Cannot resume", "/problems/cannot-resume"),
}


@pytest.mark.parametrize("cls", list(TREE), ids=lambda c: c.__name__)
def test_each_error_class_describes_its_problem(cls) -> None:
    assert (cls.status, cls.title, cls.type) == TREE[cls]
    error = cls("what went wrong", field="items[0]")
    assert (error.detail, error.field, str(error)) == ("what went wrong", "items[0]", "what went wrong")


def test_the_problem_can_be_stated_in_the_class_line_and_is_inherited() -> None:
    class Gone(HeadlineError, status=410, title="Gone", type="/problems/gone"):
        """A test class."""

    class StillGone(Gone, title="Still gone"):
        """Only the title changes."""

    assert (Gone.status, Gone.title, Gone.type) == (410, "Gone", "/problems/gone")
    assert (StillGone.status, StillGone.title, StillGone.type) == (410, "Still gone", "/problems/gone")
    assert HeadlineError.title == "Bad request"  # a subclass never changes its base
    assert issubclass(ConfigError, ValueError) and issubclass(BatchTooLarge, InvalidInput)
