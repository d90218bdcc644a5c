"""The exceptions the core, the model loader and the readers raise.

No Flask here: each edge translates these once (``service/web/errors.py`` for HTTP,
``service/cli/group.py`` for the command line). Every class carries the HTTP status and
an RFC 9457 ``type`` slug and ``title``, so the translation is mechanical::

    HeadlineError
    ├── InvalidInput          422  a field is missing, has the wrong type or is too long
    │   └── BatchTooLarge     422  more batch items than the configured maximum
    ├── UnsupportedFormat     415  a content type or file format we do not read
    ├── ModelUnavailable      503  no model loaded (yet)
    ├── ModelIncompatible     ---  raised while loading: missing, corrupt, tampered or wrong versions
    └── ConfigError           ---  a setting (environment variable, flag) that cannot be used; also a ValueError
"""

from __future__ import annotations

__all__ = [
    "HeadlineError",
    "InvalidInput",
    "BatchTooLarge",
    "UnsupportedFormat",
    "ModelUnavailable",
    "ModelIncompatible",
    "ConfigError",
]


class HeadlineError(Exception):
    """Base class: ``status``, ``title`` and ``type`` describe the problem for any edge.

    A subclass states them in its class line, where a reader sees them with the name
    (``class OutputBusy(HeadlineError, status=409, title=..., type=...)``); what it leaves out
    it inherits.
    """

    status = 400
    title = "Bad request"
    type = "about:blank"

    def __init_subclass__(
        cls, *, status: int | None = None, title: str | None = None, type: str | None = None, **kwargs: object
    ) -> None:
        super().__init_subclass__(**kwargs)
        for name, value in (("status", status), ("title", title), ("type", type)):
            if value is not None:
                setattr(cls, name, value)

    def __init__(self, detail: str, *, field: str | None = None):
        super().__init__(detail)
        self.detail = detail
        self.field = field


class InvalidInput(HeadlineError, status=422, title="Invalid input", type="/problems/invalid-input"):
    """A field is missing, has the wrong type or is too long."""


class BatchTooLarge(InvalidInput, title="Batch too large", type="/problems/batch-too-large"):
    """More batch items than the configured maximum."""


class UnsupportedFormat(
    HeadlineError, status=415, title="Unsupported format", type="/problems/unsupported-format"
):
    """A content type or file format we do not read."""


class ModelUnavailable(
    HeadlineError, status=503, title="Model unavailable", type="/problems/model-unavailable"
):
    """No model loaded (yet)."""


class ModelIncompatible(
    HeadlineError, status=503, title="Model cannot be loaded", type="/problems/model-incompatible"
):
    """Raised while loading: a model file missing, corrupt, tampered with or made by other versions."""


class ConfigError(
    HeadlineError, ValueError, title="Invalid configuration", type="/problems/invalid-configuration"
):
    """A setting that cannot be used, naming it. Raised at start-up, never while answering a request.

    A ``ValueError`` too, so code that reads settings outside the command line (``create_app``,
    ``gunicorn.conf.py``) keeps catching what it always caught.
    """
