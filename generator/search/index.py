"""Builds the search index: lunr's BM25 postings for every paper, computed once per build."""

from __future__ import annotations

import math
from array import array
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from generator import precision
from generator.model import Archive
from generator.search import analysis

# Field name, boost, and whether its value is a list of whole keywords (tags, year).
FIELDS: tuple[tuple[str, int, bool], ...] = (
    ("title", 10, False),
    ("abstract", 1, False),
    ("author", 5, False),
    ("tag", 1, True),
    ("year", 1, True),
)
FIELD_NAMES = tuple(name for name, _, _ in FIELDS)
K1 = 1.2
B = 0.75


@dataclass(frozen=True)
class SearchDoc:
    """What search sees of a paper; `ref` is its position, oldest first, so that ids stay put."""

    ref: int
    title: str
    abstract: str
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    year: str
    url: str
    date: str


def documents(archive: Archive) -> list[SearchDoc]:
    """The archive's papers as search documents, oldest first (refs are stable when papers are
    added at the new end, and a year is a contiguous range of refs, which the year filter uses)."""
    return [
        SearchDoc(
            ref=ref,
            title=paper.title,
            abstract=paper.abstract,
            authors=paper.authors,
            tags=tuple(tag.slug for tag in paper.tags),
            year=str(paper.date.year),
            url=paper.path.removesuffix(".md") + "/",
            date=precision.iso(paper.date, paper.date_precision),
        )
        for ref, paper in enumerate(reversed(archive.papers))
    ]


def field_terms(doc: SearchDoc) -> dict[str, list[str]]:
    return {
        "title": analysis.terms(doc.title),
        "abstract": analysis.terms(doc.abstract),
        "author": analysis.terms(" ".join(doc.authors)),
        "tag": analysis.keyword_terms(list(doc.tags)),
        "year": analysis.keyword_terms([doc.year]),
    }


@dataclass
class Posting:
    """One term: its index in lunr's vector space and, per field, the refs that have it (in
    ref order) and their weights in thousandths (lunr rounds weights to 3 decimals), as arrays:
    three million postings at 20,000 papers would take 300 MB as tuples, 24 MB so."""

    index: int
    fields: dict[str, tuple[array[int], array[int]]] = field(default_factory=dict)

    def pairs(self, name: str) -> list[tuple[int, float]]:
        """The (ref, weight) pairs of a field, weights as lunr has them."""
        refs, weights = self.fields.get(name, (array("i"), array("i")))
        return [(ref, weight / 1000) for ref, weight in zip(refs, weights, strict=True)]


@dataclass
class SearchIndex:
    """The postings of every term, and the refs in the order lunr saw them."""

    postings: dict[str, Posting]
    doc_count: int


def build(docs: list[SearchDoc]) -> SearchIndex:
    """lunr's Builder, reproduced term for term and weight for weight (a test holds it to that).

    BM25 needs the archive's average field lengths and document frequencies before any
    weight, so a first pass tokenises and keeps each field's terms as an array of term
    numbers (4 bytes a term, not a dictionary per document), and a second weighs them.
    """
    numbers_of: dict[str, int] = {}  # term to its number: the order lunr first saw it in
    lengths: dict[str, int] = dict.fromkeys(FIELD_NAMES, 0)
    document_frequency: Counter[int] = Counter()
    numbered: list[list[tuple[str, array[int]]]] = []
    for doc in docs:
        fields = []
        for name, terms in field_terms(doc).items():
            lengths[name] += len(terms)
            numbers = array("i", [numbers_of.setdefault(t, len(numbers_of)) for t in terms])
            # As lunr counts it: documents with the term, once for each field it is in.
            document_frequency.update(set(numbers))
            fields.append((name, numbers))
        numbered.append(fields)

    count = len(docs)
    average = {name: (lengths[name] / count if count else 0.0) for name in FIELD_NAMES}
    idf = [0.0] * len(numbers_of)
    for number, df in document_frequency.items():
        idf[number] = math.log(1 + abs((count - df + 0.5) / (df + 0.5)))
    boosts = {name: boost for name, boost, _ in FIELDS}
    # Per field, per term number: the refs that have it and their weights (made on first use).
    columns: dict[str, list[tuple[array[int], array[int]] | None]] = {
        name: [None] * len(numbers_of) for name in FIELD_NAMES
    }
    for position, doc in enumerate(docs):
        # Each document's term numbers are let go once weighed: the first pass's arrays and
        # the postings are not all held at once.
        fields, numbered[position] = numbered[position], []
        ref = doc.ref
        for name, numbers in fields:
            if not numbers:
                continue  # an empty field has no terms, and maybe an average length of 0
            norm = K1 * (1 - B + B * (len(numbers) / average[name]))
            boost, column = boosts[name], columns[name]
            for number, tf in Counter(numbers).items():
                score = idf[number] * ((K1 + 1) * tf) / (norm + tf) * boost
                pair = column[number]
                if pair is None:
                    pair = column[number] = (array("i"), array("i"))
                pair[0].append(ref)
                pair[1].append(round(round(score, 3) * 1000))
    postings = {term: Posting(index=number) for term, number in numbers_of.items()}
    for term, number in numbers_of.items():
        fields_of = postings[term].fields
        for name in FIELD_NAMES:
            found = columns[name][number]
            if found is not None:
                fields_of[name] = found
    return SearchIndex(postings=postings, doc_count=count)


def to_lunr(index: SearchIndex, docs: list[SearchDoc]) -> dict[str, Any]:
    """The index in lunr's own serialised form, which lunr.py and lunr.js load."""
    inverted = []
    vectors: dict[str, list[tuple[int, float]]] = {
        f"{name}/{doc.ref}": [] for doc in docs for name in FIELD_NAMES
    }
    for term in sorted(index.postings):
        posting = index.postings[term]
        entry: dict[str, Any] = {"_index": posting.index}
        for name in FIELD_NAMES:
            pairs = posting.pairs(name)
            entry[name] = {str(ref): {} for ref, _ in pairs}
            for ref, weight in pairs:
                vectors[f"{name}/{ref}"].append((posting.index, weight))
        inverted.append([term, entry])
    field_vectors = [
        [key, [x for pair in sorted(elements) for x in pair]] for key, elements in vectors.items()
    ]
    return {
        "version": "2.3.9",
        "fields": list(FIELD_NAMES),
        "fieldVectors": field_vectors,
        "invertedIndex": inverted,
        "pipeline": ["stemmer"],
    }
