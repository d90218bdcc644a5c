"""The exceptions the core, the model loader and the readers raise.

No Flask here: each edge translates these once (``service/errors.py`` for HTTP,
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
    """Base class: ``status``, ``title`` and ``type`` describe the problem for any edge."""

    status = 400
    title = "Bad request"
    type = "about:blank"

    def __init__(self, detail: str, *, field: str | None = None):
        super().__init__(detail)
        self.detail = detail
        self.field = field


class InvalidInput(HeadlineError):
    status = 422
    title = "Invalid input"
    type = "/problems/invalid-input"


class BatchTooLarge(InvalidInput):
    title = "Batch too large"
    type = "/problems/batch-too-large"


class UnsupportedFormat(HeadlineError):
    status = 415
    title = "Unsupported format"
    type = "/problems/unsupported-format"


class ModelUnavailable(HeadlineError):
    status = 503
    title = "Model unavailable"
    type = "/problems/model-unavailable"


class ModelIncompatible(HeadlineError):
    status = 503
    title = "Model cannot be loaded"
    type = "/problems/model-incompatible"


class ConfigError(HeadlineError, ValueError):
    """A setting that cannot be used, naming it. Raised at start-up, never while answering a request.

    A ``ValueError`` too, so code that reads settings outside the command line (``create_app``,
    ``gunicorn.conf.py``) keeps catching what it always caught.
    """

    title = "Invalid configuration"
    type = "/problems/invalid-configuration"
