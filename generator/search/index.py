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

# Field name, boost, and whether its value is a list of whole keywords (tags, year, ids). A
# paper's identifiers (arXiv id, DOI) weigh most: a reader who pastes one wants that paper first.
FIELDS: tuple[tuple[str, int, bool], ...] = (
    ("title", 10, False),
    ("abstract", 1, False),
    ("author", 5, False),
    ("tag", 1, True),
    ("year", 1, True),
    ("id", 100, True),
)
TEXT_FIELDS = ("title", "abstract", "author")  # the fields a typed prefix matches the words of
PREFIX_MIN = 3  # the shortest word matched as a prefix while typed (shorter is too many terms)
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
    ids: tuple[str, ...] = ()  # arXiv id (no version) and DOI, lower case


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
            ids=tuple(i.lower() for i in (paper.arxiv_id, paper.doi) if i),
        )
        for ref, paper in enumerate(reversed(archive.papers))
    ]


def field_words(doc: SearchDoc) -> dict[str, list[str]]:
    """The words of each text field (before stop words and stemming)."""
    return {
        "title": analysis.tokens(doc.title),
        "abstract": analysis.tokens(doc.abstract),
        "author": analysis.tokens(" ".join(doc.authors)),
    }


def field_terms(doc: SearchDoc, words: dict[str, list[str]] | None = None) -> dict[str, list[str]]:
    """Each field's terms, in FIELDS order. Names keep their stop words (*He He*, *Will Smith*)."""
    words = words if words is not None else field_words(doc)
    return {
        "title": [t for t in map(analysis.token_term, words["title"]) if t],
        "abstract": [t for t in map(analysis.token_term, words["abstract"]) if t],
        "author": [analysis.token_term(w, False) for w in words["author"]],
        "tag": analysis.keyword_terms(list(doc.tags)),
        "year": analysis.keyword_terms([doc.year]),
        "id": analysis.keyword_terms(list(doc.ids)),
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
    """The postings of every term, and the forms: the words of the text fields whose typed
    prefixes their terms do not begin (`reinforcement`, term `reinforc`: see
    `analysis.needs_form`), each with its term, so that a word being typed finds them."""

    postings: dict[str, Posting]
    doc_count: int
    forms: dict[str, str] = field(default_factory=dict)


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
    seen: set[str] = set()
    forms: dict[str, str] = {}
    for doc in docs:
        fields = []
        words = field_words(doc)
        for name in TEXT_FIELDS:
            for word in set(words[name]).difference(seen):
                seen.add(word)
                term = analysis.stem(word)
                if analysis.needs_form(word, term):
                    forms[word] = term
        for name, terms in field_terms(doc, words).items():
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
    return SearchIndex(postings=postings, doc_count=count, forms=fewest_forms(forms, postings))


def fewest_forms(forms: dict[str, str], postings: dict[str, Posting]) -> dict[str, str]:
    """The forms a typed prefix needs, without those another form of the same term stands for:
    `propagations` begins every prefix of `propagation` but the whole word (which the query
    stems), so it is enough. A prefix expands to the same terms with these as with all (a test
    holds it to that). A word with no term of its own (a stop word outside names) is dropped."""
    kept: dict[str, str] = {}
    by_term: dict[str, list[str]] = {}
    for word, term in forms.items():
        if term in postings:
            by_term.setdefault(term, []).append(word)
    for term, words in by_term.items():
        chosen: list[str] = []
        for word in sorted(words, key=lambda w: (-len(w), w)):
            longest = word[:-1]  # the longest prefix this form is needed for
            if len(longest) < PREFIX_MIN or any(c.startswith(longest) for c in chosen):
                continue
            chosen.append(word)
        kept.update(dict.fromkeys(chosen, term))
    return dict(sorted(kept.items()))


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
