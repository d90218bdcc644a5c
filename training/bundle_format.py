"""The model bundle's file format: a gzip-compressed pickle, loaded by the C unpickler.

joblib's loader walks a pickle with the pure-Python unpickler: about a second and a
half for this bundle's ~100k vocabulary entries, against under a tenth of a second for
``pickle.loads``. So bundles are written as ``gzip(pickle.dumps(bundle, protocol=5))``
(the vocabularies hold plain ints, see ``LeanTfidf``), and read back by the C unpickler;
bundles written by joblib (1.1.0 and older) still load through joblib.

Imports: the standard library only (joblib lazily, for old bundles).
"""

from __future__ import annotations

import gzip
import pickle
from pathlib import Path

__all__ = ["dump_bundle", "load_bundle"]

GZIP_MAGIC = b"\x1f\x8b"


def dump_bundle(bundle: dict, path: str | Path) -> None:
    """Write ``bundle`` to ``path`` (the caller makes it atomic)."""
    with gzip.open(path, "wb", compresslevel=6) as handle:
        pickle.dump(bundle, handle, protocol=5)


def load_bundle(path: str | Path, data: bytes | None = None) -> object:
    """Unpickle a bundle. Unpickling runs code: call this only on a file whose hash was verified.

    ``data`` is the file's bytes when the caller has read them already (to hash them).
    """
    data = Path(path).read_bytes() if data is None else data
    if data[:2] == GZIP_MAGIC:
        return pickle.loads(gzip.decompress(data))
    import joblib  # a bundle written by joblib.dump (compressed its own way)

    return joblib.load(path)
