"""Service configuration: one frozen ``Settings`` built from environment variables.

The chain is ``os.environ`` → ``Settings.from_env(environ)`` → one object passed explicitly.
Nothing here reads the environment at import time; ``from_env`` is called by ``create_app`` (or
by the ``serve`` command) and fails at startup with the name of the offending variable.
gunicorn's own settings (bind, workers, threads, timeout) are read by ``gunicorn.conf.py`` with
``parse_bind``/``parse_workers`` from here, so one module owns every ``HEADLINE_*`` variable's rules.
A value that cannot be used raises ``ConfigError``: a ``ValueError`` for the web edge, a
``HeadlineError`` for the command line (translated there once, with the others).
Imports: the stdlib and ``service.exceptions``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from pathlib import Path

from service.exceptions import ConfigError

__all__ = ["Settings", "ConfigError", "parse_bind", "parse_workers"]

_SHA256_HEX = re.compile(r"^[0-9a-f]{64}$")
_RATE = re.compile(r"^\s*\d+\s*(/|per)\s*\d*\s*[a-z]+\s*$", re.IGNORECASE)
_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _positive_int(environ: Mapping[str, str], name: str, default: int) -> int:
    raw = environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a positive integer, got {raw!r}") from None
    if value < 1:
        raise ConfigError(f"{name} must be a positive integer, got {raw!r}")
    return value


def _csv(environ: Mapping[str, str], name: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in environ.get(name, "").split(",") if part.strip())


def parse_bind(value: str, name: str = "HEADLINE_BIND") -> str:
    """Check a ``HOST:PORT`` bind address and return it unchanged.

    Raises
    ------
    ConfigError
        A ``ValueError``: when the value is not ``HOST:PORT`` with a port in 1..65535 (``unix:PATH`` is accepted).
    """
    if value.startswith("unix:"):
        return value
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ConfigError(f"{name} must be HOST:PORT (for example 127.0.0.1:8000), got {value!r}")
    return value


def parse_workers(value: str, name: str = "HEADLINE_WORKERS") -> int:
    """Parse a worker count (a positive integer).

    Raises
    ------
    ConfigError
        A ``ValueError``: when the value is not a positive integer.
    """
    return _positive_int({name: value}, name, 1)


@dataclasses.dataclass(frozen=True)
class Settings:
    """Everything the Flask app needs, parsed and validated.

    ``model_path`` None means the shipped model (the search order of ``service.model_path``).
    ``rate_limit`` None means no rate limiting; otherwise a ``limits`` string ("600/minute", several
    joined by ";") applied per API key (or per client address when keys are off) to every ``/v1`` route.
    ``body_timeout`` is how many seconds the server waits for the next bytes of a request body
    before answering 400 (keep it below gunicorn's ``HEADLINE_TIMEOUT``).
    """

    model_path: Path | None = None
    api_key_hashes: tuple[str, ...] = ()
    rate_limit: str | None = "6000/minute"
    ratelimit_storage_uri: str = "memory://"
    cors_origins: tuple[str, ...] = ()
    max_request_bytes: int = 5_000_000
    max_batch_items: int = 1000
    max_json_depth: int = 32
    body_timeout: int = 10
    log_level: str = "INFO"
    access_log: bool = True
    prometheus_multiproc_dir: str | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        """Build settings from an environment mapping (normally ``os.environ``).

        Parameters
        ----------
        environ : Mapping[str, str]
            The variables documented in ``docs/api.md``.

        Returns
        -------
        Settings

        Raises
        ------
        ConfigError
            A ``ValueError`` naming the variable whose value cannot be used.
        """
        model = environ.get("HEADLINE_MODEL_PATH", "").strip()

        hashes = tuple(h.lower() for h in _csv(environ, "HEADLINE_API_KEY_HASHES"))
        for h in hashes:
            if not _SHA256_HEX.match(h):
                # Never echo the value: it might be a plaintext key pasted by mistake.
                raise ConfigError(
                    "HEADLINE_API_KEY_HASHES must be a comma-separated list of SHA-256 hex digests "
                    "(64 lowercase hex characters each; see docs/api.md for how to make one)"
                )

        rate = environ.get("HEADLINE_RATE_LIMIT", "").strip()
        rate_limit: str | None
        if rate.lower() in ("off", "none", "0", "false"):
            rate_limit = None
        elif not rate:
            rate_limit = cls.rate_limit
        else:
            for part in rate.split(";"):
                if not _RATE.match(part):
                    raise ConfigError(
                        f"HEADLINE_RATE_LIMIT must look like '600/minute' (several joined by ';') "
                        f"or 'off', got {rate!r}"
                    )
            rate_limit = rate

        storage = (
            environ.get("HEADLINE_RATELIMIT_STORAGE_URI", "").strip()
            or environ.get("RATELIMIT_STORAGE_URI", "").strip()
            or cls.ratelimit_storage_uri
        )
        if "://" not in storage:
            raise ConfigError(
                f"HEADLINE_RATELIMIT_STORAGE_URI must be a URI such as memory:// or "
                f"redis://host:6379, got {storage!r}"
            )

        level = environ.get("HEADLINE_LOG_LEVEL", "").strip().upper() or cls.log_level
        if level not in _LEVELS:
            raise ConfigError(f"HEADLINE_LOG_LEVEL must be one of {', '.join(_LEVELS)}, got {level!r}")

        access = environ.get("HEADLINE_ACCESS_LOG", "").strip().lower()
        if access not in ("", "1", "true", "yes", "on", "0", "false", "no", "off"):
            raise ConfigError(f"HEADLINE_ACCESS_LOG must be true or false, got {access!r}")

        return cls(
            model_path=Path(model) if model else None,
            api_key_hashes=hashes,
            rate_limit=rate_limit,
            ratelimit_storage_uri=storage,
            cors_origins=_csv(environ, "HEADLINE_CORS_ORIGINS"),
            max_request_bytes=_positive_int(environ, "HEADLINE_MAX_REQUEST_BYTES", cls.max_request_bytes),
            max_batch_items=_positive_int(environ, "HEADLINE_MAX_BATCH", cls.max_batch_items),
            max_json_depth=_positive_int(environ, "HEADLINE_MAX_JSON_DEPTH", cls.max_json_depth),
            body_timeout=_positive_int(environ, "HEADLINE_BODY_TIMEOUT", cls.body_timeout),
            log_level=level,
            access_log=access not in ("0", "false", "no", "off"),
            prometheus_multiproc_dir=environ.get("PROMETHEUS_MULTIPROC_DIR") or None,
        )
