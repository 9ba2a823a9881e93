"""Every file the search needs in the built site: index shards, manifest and docs."""

from __future__ import annotations

from collections.abc import Iterator

from generator.model import Archive
from generator.search import index, shards


def build(archive: Archive, shard_bytes: int = 16_000) -> dict[str, bytes]:
    """Site-relative paths to contents: everything under `search/`."""
    return dict(generate(archive, shard_bytes))


def generate(archive: Archive, shard_bytes: int = 16_000) -> Iterator[tuple[str, bytes]]:
    """`build()`'s files one at a time, to be written as they are made."""
    docs = index.documents(archive)
    yield from shards.generate(index.build(docs), docs, archive.tags, target=shard_bytes)
