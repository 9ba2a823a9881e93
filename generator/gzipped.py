"""Gzip files (RFC 1952) that are the same bytes for the same data: no time, no name."""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterable, Iterator
from pathlib import Path

# zlib's level 5: within 0.2% of the bytes of 6 and 9 on the search files and 1.5% on the
# export, in three quarters of 6's time (measured at 20,000 papers, generator/search/shards.py).
LEVEL = 5
CHUNK = 1 << 18  # bytes of a stream's output handed on at a time


def compress(data: bytes, level: int = LEVEL) -> bytes:
    """`data` as a gzip file that `gzip.decompress` and a browser's `DecompressionStream("gzip")`
    read. The standard library's `GzipFile` with no time and no name: its header is fixed (OS
    byte 255, unknown), where `gzip.compress` takes zlib's, which depends on the platform."""
    return b"".join(stream([data], level))


def stream(chunks: Iterable[bytes], level: int = LEVEL) -> Iterator[bytes]:
    """`compress` of the chunks joined, made as they come and handed on some 256 KB at a time
    (a 200 MB export is never held whole)."""
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", compresslevel=level, fileobj=buffer, mtime=0) as out:
        for chunk in chunks:
            out.write(chunk)
            if buffer.tell() >= CHUNK:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue()


def write(path: Path, data: bytes, level: int = LEVEL) -> None:
    """`compress(data)` into the file at `path`."""
    path.write_bytes(compress(data, level))
