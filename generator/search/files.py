"""Every file the search needs in the built site: index shards, manifest, docs, and lunr.js."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources

from generator.model import Archive
from generator.search import index, shards

# lunr.js 2.3.9 as MkDocs ships it (MIT); the browser runs it over the shards lunr.py's
# algorithm builds. Read from the installed package rather than kept as a copy here.
LUNR_JS = ("mkdocs.contrib.search", "templates/search/lunr.js")
LUNR_JS_PATH = "assets/paper-archive/lunr.js"


def lunr_js() -> bytes:
    package, name = LUNR_JS
    return resources.files(package).joinpath(name).read_bytes()


def build(archive: Archive, shard_bytes: int = 48_000) -> dict[str, bytes]:
    """Site-relative paths to contents: everything under `search/`, and lunr.js."""
    return dict(generate(archive, shard_bytes))


def generate(archive: Archive, shard_bytes: int = 48_000) -> Iterator[tuple[str, bytes]]:
    """`build()`'s files one at a time, to be written as they are made."""
    docs = index.documents(archive)
    yield from shards.generate(index.build(docs), docs, archive.tags, target=shard_bytes)
    yield LUNR_JS_PATH, lunr_js()
