"""Every file the search needs in the built site: index shards, manifest and docs."""

from __future__ import annotations

from collections.abc import Iterator

from generator.model import Archive


def build(archive: Archive, shard_bytes: int = 16_000) -> dict[str, bytes]:
    """Site-relative paths to contents: everything under `search/`."""
    return dict(generate(archive, shard_bytes))


def generate(archive: Archive, shard_bytes: int = 16_000) -> Iterator[tuple[str, bytes]]:
    """`build()`'s files one at a time, to be written as they are made."""
    # Imported here, by the build's background process that makes the index, so that numpy
    # (15 MB) is not loaded into MkDocs' process, which never needs it.
    from generator.search import index, shards

    docs = index.Documents(archive.papers)  # made when needed, not held
    yield from shards.generate(index.build(docs), docs, archive.tags, target=shard_bytes)
