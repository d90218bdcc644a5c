"""The model bundle's file format: a gzip-compressed pickle, loaded by the C unpickler.

Entries only some callers need (``DEFERRED_KEYS``: the stance model, whose text vectorizer
imports scikit-learn, and the fitted scikit-learn pipelines,
which scoring reads in their compiled ``runtime`` form instead) are stored as pickled bytes
inside the bundle and unpickled on first use (``Deferred``), so scoring a headline never
pays for them (nor for importing scikit-learn).

joblib's loader walks a pickle with the pure-Python unpickler: about a second and a
half for this bundle's ~100k vocabulary entries, against under a tenth of a second for
``pickle.loads``. So bundles are written as ``gzip(pickle.dumps(bundle, protocol=5))``
(the vocabularies hold plain ints, see ``LeanTfidf``), and read back by the C unpickler;
bundles written by joblib (1.1.0 and older) still load through joblib.

Imports: the standard library only (joblib lazily, for old bundles).
"""

from __future__ import annotations

import gzip
import hashlib
import io
import pickle
import threading
import zlib
from pathlib import Path
from typing import IO, Any

__all__ = ["DEFERRED_KEYS", "Deferred", "dump_bundle", "load_bundle", "sha256_of", "stable_dumps"]

GZIP_MAGIC = b"\x1f\x8b"
DEFERRED_KEYS = ("consistency", "clickbait", "hyperbole")
_NOT_LOADED = object()
_ZLIB = b"\x78"  # zlib's header byte; a pickle (protocol 2+) starts with 0x80


class Deferred:
    """A bundle entry kept as pickled bytes until first used, then the object itself.

    Attribute access is handed to the object (loading it once, thread-safely), so callers use
    it as they would the object: ``model.consistency.explain(...)``. ``load()`` returns it.
    ``dump_bundle`` stores the bytes zlib-compressed (``compressed``): the file's gzip stream then
    carries them as already-compressed data, which it inflates several times faster, so loading
    a bundle does not pay for entries it never opens. Plain pickled bytes (older bundles) load too.
    """

    __slots__ = ("_data", "_lock", "_value")

    def __init__(self, data: bytes):
        self._data = data
        self._value = _NOT_LOADED
        self._lock = threading.Lock()

    def load(self) -> object:
        if self._value is _NOT_LOADED:
            with self._lock:
                if self._value is _NOT_LOADED:
                    data = self._data
                    self._value = pickle.loads(zlib.decompress(data) if data[:1] == _ZLIB else data)
                    self._data = b""
        return self._value

    @classmethod
    def compressed(cls, value: object) -> Deferred:
        """``value`` pickled and zlib-compressed (a pickle's first byte is never zlib's 0x78)."""
        return cls(zlib.compress(stable_dumps(value), 6))

    def __getattr__(self, name: str):
        return getattr(self.load(), name)

    def __reduce__(self):
        data = self._data if self._value is _NOT_LOADED else stable_dumps(self._value)
        return (Deferred, (data,))


def dump_bundle(bundle: dict, path: str | Path | IO[bytes]) -> None:
    """Write ``bundle`` to ``path`` or an open binary file (the caller makes it atomic).

    ``DEFERRED_KEYS`` entries are stored as bytes."""
    stored = {
        key: Deferred.compressed(value)
        if key in DEFERRED_KEYS and value is not None and not isinstance(value, Deferred)
        else value
        for key, value in bundle.items()
    }
    # No timestamp and no file name in the gzip header (an atomic write's name is random), so the same
    # bundle is always the same bytes and SHA-256.
    if isinstance(path, (str, Path)):
        with open(path, "wb") as raw:
            _write_gzip_pickle(stored, raw)
    else:
        _write_gzip_pickle(stored, path)


def _write_gzip_pickle(value: object, raw: IO[bytes]) -> None:
    with gzip.GzipFile(filename="", fileobj=raw, mode="wb", compresslevel=6, mtime=0) as handle:
        handle.write(stable_dumps(value))


class _SortedSetPickler(pickle._Pickler):
    """Sets and frozensets written in sorted order.

    A set of strings iterates in an order that follows string hashing, which Python seeds anew in
    every process, so the C pickler writes the same word list in a different order each training
    and the same model got a different SHA-256. Only the pure-Python pickler lets a set be reduced
    differently (the C one never asks for built-in types); it takes 0.7 s on the shipped bundle,
    once per training, and unpickling (the C unpickler) is as fast as before.
    """

    def reducer_override(self, obj: object) -> Any:
        if isinstance(obj, (set, frozenset)) and type(obj) in (
            set,
            frozenset,
        ):  # subclasses: their own reduce
            try:
                return type(obj), (sorted(obj),)
            except TypeError:  # items without an order: as the C pickler would write them
                return NotImplemented
        return NotImplemented


def stable_dumps(value: object) -> bytes:
    """``pickle.dumps(value, protocol=5)``, the same bytes in every process (``_SortedSetPickler``)."""
    buffer = io.BytesIO()
    _SortedSetPickler(buffer, protocol=5).dump(value)
    return buffer.getvalue()


def load_bundle(path: str | Path, data: bytes | None = None) -> object:
    """Unpickle a bundle. Unpickling runs code: call this only on a file whose hash was verified.

    ``data`` is the file's bytes when the caller has read them already (to hash them).
    """
    data = Path(path).read_bytes() if data is None else data
    if data[:2] == GZIP_MAGIC:
        return pickle.loads(gzip.decompress(data))
    import joblib  # a bundle written by joblib.dump (compressed its own way)

    return joblib.load(path)


def sha256_of(source: str | Path | IO[bytes]) -> str:
    """Hex SHA-256 of a file, by path or from an open binary file's current position to its end."""
    if isinstance(source, str | Path):
        with open(source, "rb") as fh:
            return sha256_of(fh)
    digest = hashlib.sha256()
    for chunk in iter(lambda: source.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()
