"""API keys, per-key rate limits, CORS and security headers.

- Keys are optional. ``Settings.api_key_hashes`` holds SHA-256 hex digests, never keys; a
  presented ``Authorization: Bearer <key>`` is hashed and compared against every digest with
  ``hmac.compare_digest``. No key, hash or header is ever logged: the access log gets only a short
  key *id* (the first 8 hex digits of the digest).
- Keys and the rate limit guard every request whose path is under a protected blueprint's prefix
  (``/v1``), whatever its method (HEAD, OPTIONS, invented ones) and whether or not a route matches:
  a check that only ran for matched routes and listed methods let keys be guessed over HEAD. The
  one exception is a CORS preflight, which by the Fetch standard never carries credentials; it is
  still counted against the client address.
- Rate limits (``ratelimit.py``, one budget for all of ``/v1``) are keyed by the key id, or by the
  client address when keys are off or the key is wrong. Storage is ``Settings.ratelimit_storage_uri``;
  when it fails, requests go through (logged), never a 5xx. ``RateLimit-*`` headers go on every
  limited response; ``Retry-After`` only on a 429 (and, from ``errors.py``, on a 503): no other
  response may tell a client that waiting would help. The count runs before the key check, so
  wrong keys meet 429 too.
- The presented key is hashed and matched once per request (the limiter and the key check share it).
- CORS (flask-cors) only for the ``/v1`` routes and only for the configured origins.
- Every response gets a CSP allowing only ``'self'`` (no inline script or style), ``nosniff``,
  a referrer policy and ``frame-ancestors 'none'``.

Auth failures raise werkzeug's ``Unauthorized``/``Forbidden``; ``errors.py`` renders them.
"""

from __future__ import annotations

import hashlib
import hmac
import logging

from flask import Blueprint, Flask, Response, current_app, g, request
from flask_cors import CORS
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import Forbidden, TooManyRequests, Unauthorized

from service.web.ratelimit import RateLimiter

__all__ = ["RETRY_AFTER_STATUSES", "SECURITY_HEADERS", "hash_key", "init_app", "protect_blueprint"]

log = logging.getLogger(__name__)

# The only statuses after which waiting helps; every other response loses a stray Retry-After.
RETRY_AFTER_STATUSES = (429, 503)

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


_UNSET = object()


def _presented_key(hashes: tuple[str, ...]) -> str | None:
    """The configured digest matching this request's bearer token, or None; computed once per request."""
    cached = g.get("matched_key_digest", _UNSET)
    if cached is not _UNSET:
        return cached
    token = _bearer_token()
    matched = _match_key(token, hashes) if token is not None else None
    g.matched_key_digest = matched
    return matched


def _match_key(token: str, hashes: tuple[str, ...]) -> str | None:
    digest = hash_key(token)
    found = None
    for candidate in hashes:  # no early exit: the time does not depend on which key matched
        if hmac.compare_digest(digest, candidate):
            found = candidate
    return found


def _is_protected(path: str) -> bool:
    prefixes = current_app.extensions["headline"].get("protected_prefixes", ())
    return any(path == prefix or path.startswith(prefix + "/") for prefix in prefixes)


def _is_cors_preflight() -> bool:
    return request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers


def _authenticate() -> None:
    """App-level ``before_request``: 401 without a key, 403 with a wrong one, on any protected path.

    It runs for every method and also when no route matched, so HEAD, OPTIONS or an invented
    method cannot probe keys (or routes) without one.
    """
    if not _is_protected(request.path) or _is_cors_preflight():
        return
    hashes = current_app.extensions["headline"]["settings"].api_key_hashes
    if not hashes:
        return
    if _bearer_token() is None:
        raise Unauthorized(
            "This API requires 'Authorization: Bearer <key>'.",
            www_authenticate=WWWAuthenticate("Bearer", {"realm": "headline"}),
        )
    matched = _presented_key(hashes)
    if matched is None:
        raise Forbidden("The API key is not valid.")
    g.client_key_id = matched[:8]


def _rate_key() -> str:
    """Rate-limit bucket: the (valid) key's id, else the client address."""
    hashes = current_app.extensions["headline"]["settings"].api_key_hashes
    if hashes:
        matched = _presented_key(hashes)
        if matched is not None:
            return "key:" + matched[:16]
    return "addr:" + (request.remote_addr or "unknown")


def _rate_limit() -> None:
    """App-level ``before_request``: count every protected request (any method, matched or not); 429 when spent.

    A CORS preflight counts too (against the client address: it carries no key).
    """
    limiter: RateLimiter | None = current_app.extensions["headline"]["limiter"]
    if limiter is None or not _is_protected(request.path):
        return
    try:
        count = limiter.count(_rate_key())
    except Exception:  # storage unreachable: a broken limiter must not turn into 5xx for clients
        log.warning("rate-limit storage unreachable; request let through uncounted")
        return
    g.rate_count = count
    if count.exhausted:
        raise TooManyRequests(f"Rate limit of {count.limit} exceeded; wait for the Retry-After seconds.")


_SECURITY_ITEMS = tuple((name.lower(), name, value) for name, value in SECURITY_HEADERS.items())


def _security_headers(response: Response) -> Response:
    """Add each security header the view did not set itself (one pass over the headers, not one per name)."""
    headers = response.headers
    present = {name.lower() for name, _ in headers.items()}
    for lower, name, value in _SECURITY_ITEMS:
        if lower not in present:
            headers.add(name, value)
    return response


def _rate_limit_headers(response: Response) -> Response:
    """``RateLimit-*`` on every limited response, ``Retry-After`` on a 429 only."""
    count = g.get("rate_count")
    if count is not None:
        limiter: RateLimiter = current_app.extensions["headline"]["limiter"]
        try:
            amount, remaining, reset_at = limiter.window(count)
        except Exception:  # storage gone since the count: send no numbers
            log.warning("rate-limit storage unreachable; no RateLimit headers on this response")
        else:
            headers = response.headers
            headers["RateLimit-Limit"] = str(amount)
            headers["RateLimit-Remaining"] = str(remaining)
            headers["RateLimit-Reset"] = str(reset_at)
            if response.status_code == 429:
                headers["Retry-After"] = str(limiter.retry_after(reset_at))
    if response.status_code not in RETRY_AFTER_STATUSES and "Retry-After" in response.headers:
        del response.headers["Retry-After"]
    return response


def protect_blueprint(app: Flask, bp: Blueprint) -> None:
    """Require keys (when configured) and apply the rate limit on every path under ``bp``'s prefix."""
    if not bp.url_prefix:
        raise ValueError(f"blueprint {bp.name!r} needs a url_prefix to be protected")
    state = app.extensions["headline"]
    if "protected_prefixes" not in state:
        state["protected_prefixes"] = []
        app.before_request(_authenticate)  # after the limiter's hook: wrong keys still meet 429
    state["protected_prefixes"].append(bp.url_prefix.rstrip("/"))


def init_app(app: Flask) -> None:
    """Set up the limiter, CORS and the security headers on ``app``."""
    settings = app.extensions["headline"]["settings"]
    limiter = None
    if settings.rate_limit:
        limiter = RateLimiter(settings.rate_limit, settings.ratelimit_storage_uri)
        app.before_request(_rate_limit)  # before the key check (protect_blueprint): wrong keys meet 429 too
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
    app.after_request(_rate_limit_headers)
    app.after_request(_security_headers)
