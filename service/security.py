"""API keys, per-key rate limits, CORS and security headers.

- Keys are optional. ``Settings.api_key_hashes`` holds SHA-256 hex digests, never keys; a
  presented ``Authorization: Bearer <key>`` is hashed and compared against every digest with
  ``hmac.compare_digest``. No key, hash or header is ever logged: the access log gets only a short
  key *id* (the first 8 hex digits of the digest).
- Rate limits (flask-limiter) apply to the ``api`` blueprint, keyed by that key id, or by the
  client address when keys are off. Storage is ``Settings.ratelimit_storage_uri``.
- CORS (flask-cors) only for the ``/v1`` routes and only for the configured origins.
- Every response gets a CSP allowing only ``'self'`` (no inline script or style), ``nosniff``,
  a referrer policy and ``frame-ancestors 'none'``.

Auth failures raise werkzeug's ``Unauthorized``/``Forbidden``; ``errors.py`` renders them.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Blueprint, Flask, Response, current_app, g, request
from flask_cors import CORS
from flask_limiter import HeaderNames, Limiter
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import Forbidden, Unauthorized

__all__ = ["SECURITY_HEADERS", "hash_key", "init_app", "protect_blueprint"]

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
        "frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-site",
}


def hash_key(key: str) -> str:
    """The SHA-256 hex digest under which a key is configured (``HEADLINE_API_KEY_HASHES``)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def _match_key(token: str, hashes: tuple[str, ...]) -> str | None:
    digest = hash_key(token)
    found = None
    for candidate in hashes:  # no early exit: the time does not depend on which key matched
        if hmac.compare_digest(digest, candidate):
            found = candidate
    return found


def _authenticate() -> None:
    """``before_request`` for protected blueprints: 401 without a key, 403 with a wrong one."""
    if request.method == "OPTIONS":  # CORS preflight carries no credentials
        return
    hashes = current_app.extensions["headline"]["settings"].api_key_hashes
    if not hashes:
        return
    token = _bearer_token()
    if token is None:
        raise Unauthorized(
            "This API requires 'Authorization: Bearer <key>'.",
            www_authenticate=WWWAuthenticate("Bearer", {"realm": "headline"}),
        )
    matched = _match_key(token, hashes)
    if matched is None:
        raise Forbidden("The API key is not valid.")
    g.client_key_id = matched[:8]


def _rate_key() -> str:
    """Rate-limit bucket: the (valid) key's id, else the client address."""
    hashes = current_app.extensions["headline"]["settings"].api_key_hashes
    if hashes:
        token = _bearer_token()
        if token is not None:
            matched = _match_key(token, hashes)
            if matched is not None:
                return "key:" + matched[:16]
    return "addr:" + (request.remote_addr or "unknown")


def _security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def protect_blueprint(app: Flask, bp: Blueprint) -> None:
    """Require keys (when configured) and apply the rate limit on every route of ``bp``."""
    bp_hooks = app.before_request_funcs.setdefault(bp.name, [])
    bp_hooks.insert(0, _authenticate)
    limiter: Limiter | None = app.extensions["headline"].get("limiter")
    rate = app.extensions["headline"]["settings"].rate_limit
    if limiter is not None and rate:
        limiter.limit(rate, key_func=_rate_key, methods=["GET", "POST", "PUT", "PATCH", "DELETE"])(bp)


def init_app(app: Flask) -> None:
    """Set up the limiter, CORS and the security headers on ``app``."""
    settings = app.extensions["headline"]["settings"]
    limiter = None
    if settings.rate_limit:
        limiter = Limiter(
            _rate_key,
            app=app,
            storage_uri=settings.ratelimit_storage_uri,
            headers_enabled=True,
            header_name_mapping={
                HeaderNames.LIMIT: "RateLimit-Limit",
                HeaderNames.REMAINING: "RateLimit-Remaining",
                HeaderNames.RESET: "RateLimit-Reset",
            },
            # A broken limiter storage must not turn into 5xx for clients.
            swallow_errors=True,
        )
    app.extensions["headline"]["limiter"] = limiter
    if settings.cors_origins:
        CORS(
            app,
            resources={r"/v1/*": {"origins": list(settings.cors_origins)}},
            allow_headers=["Authorization", "Content-Type", "X-Request-ID"],
            expose_headers=[
                "X-Request-ID",
                "Retry-After",
                "RateLimit-Limit",
                "RateLimit-Remaining",
                "RateLimit-Reset",
            ],
            methods=["GET", "POST", "OPTIONS"],
            max_age=600,
        )
    app.after_request(_security_headers)
