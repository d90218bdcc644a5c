"""Fast JSON for HTTP results: orjson behind Flask's ``app.json``.

A full analysis is a few kilobytes of nested dicts; the standard library spends more
time encoding it than the core spends on some of its parts. orjson writes the same JSON
values (UTF-8 instead of ``\\u`` escapes, which is the same document to a parser) about
ten times faster. Anything orjson cannot encode natively goes through Flask's default
hook, as before; NaN and infinity, which are not JSON, become ``null`` (results never
hold them: the core rounds finite floats).
"""

from __future__ import annotations

from typing import Any

import orjson
from flask.json.provider import DefaultJSONProvider

__all__ = ["OrjsonProvider"]


class OrjsonProvider(DefaultJSONProvider):
    """Flask's JSON provider with orjson for ``jsonify`` and ``app.json.dumps``; parsing is unchanged.

    Same settings as the default provider (``sort_keys``, ``compact``, debug indentation); what
    orjson refuses (e.g. non-string keys) falls back to the standard library.
    """

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        if kwargs:  # a caller asked for stdlib options (indent, separators, ...): honour them exactly
            return super().dumps(obj, **kwargs)
        return self._encode(obj, indent=False).decode("utf-8")

    def response(self, *args: Any, **kwargs: Any):
        obj = self._prepare_response_obj(args, kwargs)
        indent = (self.compact is None and self._app.debug) or self.compact is False
        body = self._encode(obj, indent=indent) + b"\n"
        # Flask types App.response_class as werkzeug's sans-IO Response (no body argument); at run time it is
        # flask.Response, which takes the body first.
        return self._app.response_class(body, mimetype=self.mimetype)  # type: ignore[arg-type]

    def _encode(self, obj: Any, *, indent: bool) -> bytes:
        options = orjson.OPT_SERIALIZE_NUMPY
        if self.sort_keys:
            options |= orjson.OPT_SORT_KEYS
        if indent:
            options |= orjson.OPT_INDENT_2
        try:
            return orjson.dumps(obj, default=self.default, option=options)
        except TypeError:
            stdlib = {"indent": 2} if indent else {"separators": (",", ":")}
            return super().dumps(obj, **stdlib).encode("utf-8")
