"""Splits the index into files a browser fetches on demand: term-range shards, a manifest, docs.

- `search/search_index.json`: the manifest Material's UI fetches first (a few KB at any size),
  plain JSON. It lists each shard's first key, and the version of the whole index (a hash of
  every file's JSON), which the browser adds to each shard's and doc file's URL so that it can
  cache them for ever. (Shards are not named by their own content's hash: a new paper changes
  the number of papers and so every weight, every shard with it; a hash per shard cost the
  manifest 8 bytes of entropy a shard, which gzip cannot shrink, for nothing.)
- `search/shards/<n>.json.gz`: consecutive keys in alphabetical order, about `target` bytes of
  JSON each: terms, as `[term, lunr index, per field: 0 or [ref deltas, weights x 1000]]`, and
  forms, as `[word, term]` (see `index.SearchIndex.forms`); a term's postings never span two
  shards, and a prefix maps to a contiguous run of shards.
- `search/doc/<n>.json.gz`: what a result shows of papers `n * DOC_BUNDLE` to `(n + 1) *
  DOC_BUNDLE - 1` (title, URL, date, tags, abstract), as a JSON list.

Shards and doc bundles are stored gzip-compressed (`gzipped.compress`): 47% of their JSON's bytes
on disk, which is what a site's size limit counts (a host compresses what it sends, not
what it stores). The browser's worker reads the gzip bytes with `DecompressionStream`, or the
JSON as it is when a host sends the files with `Content-Encoding: gzip` and the browser has
already decompressed them.
"""

from __future__ import annotations

import hashlib
import heapq
import itertools
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from generator import gzipped
from generator.model import Tag
from generator.search.analysis import SEPARATOR_CHARS, STOP_WORDS
from generator.search.index import (
    FIELD_NAMES,
    TEXT_FIELDS,
    FieldPostings,
    SearchDoc,
    SearchIndex,
)

MANIFEST = "search/search_index.json"
SHARD_DIR = "search/shards"
DOC_DIR = "search/doc"
SUFFIX = ".json.gz"  # shards' and doc bundles' file names: gzip-compressed JSON
# Papers per doc file: a result shown costs a cold query the bytes of its bundle. Measured at
# 20,000 papers (the synthetic archive, gzip level 6; eight typed queries' first result lists
# of 9, as the header shows them): bundles of 2, 4 and 8 papers store 811, 750 and 695 bytes
# a paper, and a cold query fetches 14.8, 26.6 and 46.7 KB of bundles (beside about 30 KB of
# shards). 8 a bundle would save 2.3 MB, under 1% of the site, and cost every reader's
# first query 32 KB more, 3 times the entries' bytes. 1 a bundle would add a file for every
# 2 papers: 50,000 at 100,000 papers, past the 200,000 files GitLab Pages allows.
DOC_BUNDLE = 2
# 2: docs in bundles; 3: forms in shards, the `id` field, numbered shards; 4: shards and doc
# bundles stored gzip-compressed, as `<n>.json.gz` (the manifest stays plain JSON).
SCHEMA = 4


def dumps(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def digest(data: bytes, length: int = 16) -> str:
    return hashlib.sha256(data).hexdigest()[:length]


def encode_terms(index: SearchIndex) -> Iterator[tuple[str, bytes]]:
    """Each term and its entry, in `index.terms` order: `[term, index, per field: 0 or [ref
    deltas, weights x 1000]]`, as JSON — small, and gzip likes it."""
    columns = [field_entries(index.fields[name]) for name in FIELD_NAMES]
    for (term, number), *fields in zip(index.terms.items(), *columns, strict=True):
        yield term, dumps([term, number, *fields])


BLOCK = 1 << 12  # postings made into Python lists at a time


def field_entries(postings: FieldPostings) -> Iterator[list[list[int]] | int]:
    """One field's part of each term's entry, term after term: 0 if the term is not in the
    field, else its [ref deltas, weights x 1000]. The deltas are made a block of terms at a
    time in arrays, and each term's run of them taken as a slice of the block's list."""
    starts = postings.starts
    first = 0
    while first < len(starts) - 1:
        # The terms whose postings fit in a block, and at least one.
        fit = int(np.searchsorted(starts, starts[first] + BLOCK, side="right")) - 1
        last = max(first + 1, min(fit, len(starts) - 1))
        bounds = starts[first : last + 1] - starts[first]
        refs = postings.refs[starts[first] : starts[last]]
        deltas = np.diff(refs, prepend=np.int32(0))
        heads = bounds[:-1][bounds[1:] > bounds[:-1]]  # a term's first ref is given whole
        deltas[heads] = refs[heads]
        delta_list = deltas.tolist()
        weight_list = postings.weights[starts[first] : starts[last]].tolist()
        for start, end in itertools.pairwise(bounds.tolist()):
            yield [delta_list[start:end], weight_list[start:end]] if end > start else 0
        first = last


@dataclass(frozen=True)
class Output:
    files: dict[str, bytes]  # site-relative path to content
    shard_count: int


def write(
    index: SearchIndex,
    docs: Sequence[SearchDoc],
    tags: list[Tag],
    target: int = 16_000,
    bundle_size: int = DOC_BUNDLE,
) -> Output:
    """Every search file of the site, by path (shards and doc bundles gzip-compressed, see
    `gzipped.compress`); the same inputs give the same bytes."""
    files = dict(generate(index, docs, tags, target, bundle_size))
    return Output(files, sum(path.startswith(SHARD_DIR) for path in files))


def generate(
    index: SearchIndex,
    docs: Sequence[SearchDoc],
    tags: list[Tag],
    target: int = 16_000,
    bundle_size: int = DOC_BUNDLE,
) -> Iterator[tuple[str, bytes]]:
    """`write()`'s files one at a time, to be written as they come (20 MB at 20,000 papers,
    50 MB of JSON before gzip); the manifest, which names the others, comes last. `target` is
    a shard's bytes of JSON, `bundle_size` the papers per doc file."""
    hashes: dict[str, str] = {}  # path to content digest, for the manifest's version
    shards: list[str] = []  # each shard's first key
    current: list[bytes] = []  # the shard's entries, as JSON
    first_term = ""
    size = 0

    def flush() -> Iterator[tuple[str, bytes]]:
        nonlocal current, size
        if current:
            data = b"[" + b",".join(current) + b"]"  # as dumps(entries) would write it
            hashes[name := f"{SHARD_DIR}/{len(shards)}{SUFFIX}"] = digest(data)
            shards.append(first_term)
            yield name, gzipped.compress(data)
        current, size = [], 0

    # Terms and forms (a word and its term, for the word being typed) in one sorted sequence:
    # the shards a typed prefix's range pulls in hold both. UTF-16 order, as JavaScript compares
    # strings, so the browser finds a key's shard; a term before a form of the same spelling.
    # The index holds its terms in that order already: only the forms are sorted.
    keys = heapq.merge(
        ((term.encode("utf-16-be"), 0, term) for term in index.terms),
        sorted((word.encode("utf-16-be"), 1, word) for word in index.forms),
    )
    terms = encode_terms(index)
    for _, is_form, key in keys:
        if is_form:
            entry = dumps([key, index.forms[key]])
        else:
            term, entry = next(terms)
            assert term == key, (term, key)
        if not current:
            first_term = key
        current.append(entry)
        size += len(entry)
        if size >= target:
            yield from flush()
    yield from flush()
    if shards:
        shards[0] = ""  # the first shard also holds every term that sorts before its first

    years: dict[str, list[int]] = {}  # each year's first and last ref
    for start in range(0, len(docs), bundle_size):
        bundle = docs[start : start + bundle_size]
        assert all(doc.ref == start + i for i, doc in enumerate(bundle))  # refs are positions
        for doc in bundle:
            years.setdefault(doc.year, [doc.ref, doc.ref])[1] = doc.ref
        data = dumps(
            [
                {"t": d.title, "u": d.url, "d": d.date, "g": list(d.tags), "a": d.abstract}
                | ({"au": list(d.authors)} if d.authors else {})
                for d in bundle
            ]
        )
        hashes[path := f"{DOC_DIR}/{start // bundle_size}{SUFFIX}"] = digest(data)
        yield path, gzipped.compress(data)

    version = digest(b"".join(hashes[path].encode() for path in sorted(hashes)))
    manifest = {
        "schema": SCHEMA,
        "version": version,
        "fields": list(FIELD_NAMES),
        "text_fields": list(TEXT_FIELDS),
        "count": len(docs),
        "doc_bundle": bundle_size,
        "shards": shards,
        "years": years,
        "tags": [[tag.slug, tag.name] for tag in tags],
        "stop_words": sorted(STOP_WORDS),
    }
    # Material's search UI fetches this file and hands `config` to the worker unchanged. Its
    # highlighter (`search.highlight`: the query marked on the page a result opens) splits the
    # query and the page's text with `separator`, as Material's own index sets it.
    config = {
        "lang": ["en"],
        "separator": "[" + SEPARATOR_CHARS + "]+",
        "pipeline": ["stemmer"],
        "paper_archive": manifest,
    }
    yield MANIFEST, dumps({"config": config, "docs": []})
