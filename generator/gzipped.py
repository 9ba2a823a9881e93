"""Gzip files (RFC 1952) that are the same bytes for the same data: no time, no name."""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterable, Iterator
from pathlib import Path

# zlib's level 5. Measured on the search files at 20,000 papers (2,499 bytes of JSON a paper):
# levels 1, 4, 5, 6 (zlib's default) and 9 store 1,228, 1,179, 1,167, 1,165 and 1,164 bytes a
# paper, in 0.7, 0.9, 1.2, 1.6 and 2.4 s of CPU: 5 is within 0.2% of 6 and 9, in three quarters
# of 6's time and half of 9's. On the export it is 1.5% larger than 6.
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
