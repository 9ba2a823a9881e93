"""Builds the search index: lunr's BM25 postings for every paper, computed once per build."""

from __future__ import annotations

import itertools
import math
from array import array
from collections.abc import Callable, Container, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, overload

import numpy as np
import numpy.typing as npt

from generator import precision
from generator.model import Archive, Paper
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


def document(paper: Paper, ref: int) -> SearchDoc:
    """What search sees of a paper, the `ref`th oldest."""
    return SearchDoc(
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


class Documents(Sequence[SearchDoc]):
    """The archive's papers as search documents, oldest first (refs are stable when papers are
    added at the new end, and a year is a contiguous range of refs, which the year filter
    uses), each made when asked for: 20,000 of them held at once took 9 MB of the memory the
    search index is built in, and making them twice takes a tenth of a second."""

    def __init__(self, papers: list[Paper]) -> None:
        self.papers = papers

    def __len__(self) -> int:
        return len(self.papers)

    @overload
    def __getitem__(self, index: int) -> SearchDoc: ...

    @overload
    def __getitem__(self, index: slice) -> list[SearchDoc]: ...

    def __getitem__(self, index: int | slice) -> SearchDoc | list[SearchDoc]:
        if isinstance(index, slice):
            return [self[ref] for ref in range(len(self))[index]]
        ref = range(len(self))[index]  # a negative index counted from the end; IndexError
        return document(self.papers[len(self.papers) - 1 - ref], ref)

    def __iter__(self) -> Iterator[SearchDoc]:
        return map(document, reversed(self.papers), itertools.count())


def documents(archive: Archive) -> list[SearchDoc]:
    """The archive's papers as search documents, all made at once (see `Documents`)."""
    return list(Documents(archive.papers))


def field_words(doc: SearchDoc) -> dict[str, list[str]]:
    """The words of each text field (before stop words and stemming)."""
    return {
        "title": analysis.tokens(doc.title),
        "abstract": analysis.tokens(doc.abstract),
        "author": analysis.tokens(" ".join(doc.authors)),
    }


@dataclass(frozen=True)
class FieldPostings:
    """One field's lunr postings of every term, term after term in `SearchIndex.terms` order
    (compressed sparse rows): the postings of the term at position `i` are `starts[i]` to
    `starts[i + 1]` of `refs` (in ref order) and `weights` (their BM25 weights in thousandths:
    lunr rounds weights to 3 decimals). Three million postings at 20,000 papers take 24 MB so."""

    starts: npt.NDArray[np.int64]  # one more than there are terms
    refs: npt.NDArray[np.int32]
    weights: npt.NDArray[np.int32]


@dataclass
class SearchIndex:
    """Every term, with its index in lunr's vector space, in UTF-16 order (as JavaScript
    compares strings, and as the shards list them); per field, the postings of every term; and
    the forms: the words of the text fields whose typed prefixes their terms do not begin
    (`reinforcement`, term `reinforc`: see `analysis.needs_form`), each with its term, so that a
    word being typed finds them."""

    terms: dict[str, int]
    fields: dict[str, FieldPostings]
    doc_count: int
    forms: dict[str, str] = field(default_factory=dict)

    def pairs(self, position: int, name: str) -> list[tuple[int, float]]:
        """The (ref, weight) pairs of the term at `position` in `terms`, in field `name`,
        weights as lunr has them."""
        postings = self.fields[name]
        start, end = int(postings.starts[position]), int(postings.starts[position + 1])
        refs, weights = postings.refs[start:end].tolist(), postings.weights[start:end].tolist()
        return [(ref, weight / 1000) for ref, weight in zip(refs, weights, strict=True)]


class TokenTerms(dict[str, tuple[int, ...]]):
    """A token (as `analysis.split` makes it) to the numbers of its terms, found on first sight:
    an archive has far fewer distinct tokens than tokens, and one lookup a token is the most
    of the first pass's time."""

    def __init__(self, terms_of: Callable[[str], tuple[int, ...]]) -> None:
        super().__init__()
        self.terms_of = terms_of

    def __missing__(self, token: str) -> tuple[int, ...]:
        found = self[token] = self.terms_of(token)
        return found


class Tokenised(NamedTuple):
    """What the first pass keeps of the documents (see `tokenise`)."""

    numbers_of: dict[str, int]  # term to its number: the order lunr first sees them in
    forms: dict[str, str]
    tokens: dict[str, array[int]]  # per field, every document's term numbers, one after another
    lengths: dict[str, array[int]]  # per field, each document's count of them
    refs: array[int]  # each document's ref


def tokenise(docs: Sequence[SearchDoc]) -> Tokenised:
    """The first pass: every term with its number, the forms of the text fields' words (see
    `SearchIndex`), and per field, the term numbers of each document. Its caches, the
    archive's vocabulary (tens of MB in a large one), are let go when it returns."""
    numbers_of: dict[str, int] = {}
    seen: set[str] = set()  # the words of text fields, for the forms
    forms: dict[str, str] = {}

    def number(term: str) -> int:
        return numbers_of.setdefault(term, len(numbers_of))

    def text_terms(token: str, stop_words: bool) -> tuple[int, ...]:
        found = []
        # `words` uncached: the token's numbers are cached instead, only while building.
        for word in analysis.words.__wrapped__(token):
            if word not in seen:
                seen.add(word)
                stem = analysis.stem(word)
                if analysis.needs_form(word, stem):
                    forms[word] = stem
            # Names keep their stop words (*He He*, *Will Smith*).
            if term := analysis.token_term(word, stop_words):
                found.append(number(term))
        return tuple(found)

    def keyword_terms(value: str) -> tuple[int, ...]:
        return tuple(map(number, analysis.keyword_terms([value])))

    text = TokenTerms(lambda token: text_terms(token, True))
    names = TokenTerms(lambda token: text_terms(token, False))
    keywords = TokenTerms(keyword_terms)
    tokens = {name: array("i") for name in FIELD_NAMES}
    lengths = {name: array("i") for name in FIELD_NAMES}
    refs = array("i")
    for doc in docs:
        refs.append(doc.ref)
        for name, cache, values in (
            ("title", text, analysis.split(doc.title)),
            ("abstract", text, analysis.split(doc.abstract)),
            ("author", names, analysis.split(" ".join(doc.authors))),
            ("tag", keywords, doc.tags),
            ("year", keywords, (doc.year,)),
            ("id", keywords, doc.ids),
        ):
            numbers = tokens[name]
            before = len(numbers)
            numbers.extend(itertools.chain.from_iterable(map(cache.__getitem__, values)))
            lengths[name].append(len(numbers) - before)
    return Tokenised(numbers_of, forms, tokens, lengths, refs)


def build(docs: Sequence[SearchDoc]) -> SearchIndex:
    """lunr's Builder, reproduced term for term and weight for weight (a test holds it to that).

    BM25 needs the archive's average field lengths and document frequencies before any
    weight, so a first pass (`tokenise`) keeps, per field, the term numbers of all documents in
    one array (4 bytes a term) and each document's length; the second sorts them into postings
    and weighs them in arrays (see `postings_of` and `weigh`).
    """
    numbers_of, forms, tokens, lengths, refs = tokenise(docs)
    # Terms in UTF-16 order: each term's number becomes its position there.
    terms = {t: numbers_of[t] for t in sorted(numbers_of, key=lambda t: t.encode("utf-16-be"))}
    del numbers_of
    position = np.empty(len(terms), dtype=np.int32)
    position[list(terms.values())] = np.arange(len(terms), dtype=np.int32)
    counted = {}
    document_frequency = np.zeros(len(terms), dtype=np.int64)
    for name in FIELD_NAMES:
        counted[name] = postings_of(tokens, name, position, lengths[name])
        # As lunr counts it: documents with the term, once for each field it is in.
        document_frequency += np.diff(counted[name].starts)
    count = len(docs)
    idf = np.array(
        [math.log(1 + abs((count - df + 0.5) / (df + 0.5))) for df in document_frequency.tolist()]
    )
    ref_of = np.frombuffer(refs, np.int32)  # by document position
    fields = {}
    for name, boost, _ in FIELDS:
        length = np.frombuffer(lengths.pop(name), dtype=np.int32)
        average = int(length.sum()) / count if count else 0.0
        fields[name] = weigh(counted.pop(name), length, average, idf, boost, ref_of)
    return SearchIndex(terms, fields, count, fewest_forms(forms, terms))


CHUNK = 1 << 16  # array elements worked on at a time, to bound the temporary arrays
DOC_BLOCK = 1 << 10  # documents worked on at a time
KEY_LIMIT = 2**32  # sort keys below it fit in 4 bytes


def postings_of(
    tokens: dict[str, array[int]], name: str, position: npt.NDArray[np.int32], lengths: array[int]
) -> FieldPostings:
    """One field's postings, with term frequencies in place of weights and document positions
    in place of refs. `tokens[name]` holds each document's term numbers, one document after
    another, and `lengths` how many each has; it is taken out of `tokens`, and its memory holds
    the sort keys and then the postings' documents. Sorted by (term, document) and counted in
    runs, as lunr's `fieldTermFrequencies`; terms as their `position` in the terms' order."""
    numbers = tokens.pop(name)
    doc_count = len(lengths)
    # 4 bytes a sort key, in the term numbers' own memory, while terms times documents fit in
    # them (they do at 20,000 papers); 8 bytes a key, in an array of their own, beyond.
    narrow = len(position) * doc_count < KEY_LIMIT
    keys = sort_keys(np.frombuffer(numbers, np.int32), position, lengths, narrow)
    keys.sort()
    frequencies = count_runs(keys)
    runs = len(frequencies)
    per_term = np.zeros(len(position), dtype=np.int64)  # documents with the term
    for start in range(0, runs, CHUNK):
        chunk = slice(start, min(start + CHUNK, runs))
        per_term += np.bincount(keys[chunk] // doc_count, minlength=len(position))
        keys[chunk] %= doc_count
    if narrow:
        del keys  # the only view of `numbers`: without it, `numbers` can shrink in place
        del numbers[runs:]
        documents = np.frombuffer(numbers, np.int32)
    else:
        documents = keys[:runs].astype(np.int32)
    term_starts = np.zeros(len(position) + 1, dtype=np.int64)
    np.cumsum(per_term, out=term_starts[1:])
    return FieldPostings(term_starts, documents, frequencies)


def sort_keys(
    numbers: npt.NDArray[np.int32],
    position: npt.NDArray[np.int32],
    lengths: array[int],
    narrow: bool,
) -> npt.NDArray[np.int64] | npt.NDArray[np.uint32]:
    """`term * documents + document` for each term occurrence in `numbers`, the term as its
    position in the terms' order: `narrow`, 4 bytes a key written over `numbers`, else 8."""
    doc_count = len(lengths)
    keys: npt.NDArray[np.int64] | npt.NDArray[np.uint32]
    keys = numbers.view(np.uint32) if narrow else np.empty(len(numbers), dtype=np.int64)
    for start in range(0, len(numbers), CHUNK):
        chunk = slice(start, start + CHUNK)
        keys[chunk] = position[numbers[chunk]]
        keys[chunk] *= doc_count
    # Each document's position added a block of documents at a time.
    ends = np.cumsum(np.frombuffer(lengths, np.int32), dtype=np.int64).tolist()
    for first in range(0, doc_count, DOC_BLOCK):
        last = min(first + DOC_BLOCK, doc_count)
        start, end = ends[first - 1] if first else 0, ends[last - 1]
        block = np.arange(first, last, dtype=keys.dtype)
        keys[start:end] += np.repeat(block, np.frombuffer(lengths, np.int32)[first:last])
    return keys


def count_runs(keys: npt.NDArray[np.int64] | npt.NDArray[np.uint32]) -> npt.NDArray[np.int32]:
    """The lengths of the runs of equal values in a sorted array, with each run's value
    written over the array's first places, one a run, in order. A chunk at a time, so that no
    array of the runs' positions (8 bytes a run in numpy) is made whole."""

    def heads(start: int, previous: Any) -> npt.NDArray[np.intp]:
        """Where runs begin in the chunk from `start`, `previous` the value before it."""
        chunk = keys[start : start + CHUNK]
        changed = np.empty(len(chunk), dtype=bool)
        changed[0] = start == 0 or chunk[0] != previous
        np.not_equal(chunk[1:], chunk[:-1], out=changed[1:])
        return np.flatnonzero(changed) + start

    starts = range(0, len(keys), CHUNK)
    lengths = np.empty(sum(len(heads(s, keys[s - 1])) for s in starts), dtype=np.int32)
    runs = 0  # runs found so far, their values written over keys[:runs]
    last = 0  # where the last run found begins
    previous = None
    for start in starts:
        found = heads(start, previous)
        # Read before the chunk's values move (moves write only below the chunk's runs).
        previous = keys[min(start + CHUNK, len(keys)) - 1]
        if not len(found):
            continue
        if runs:
            lengths[runs - 1] = found[0] - last
        lengths[runs : runs + len(found) - 1] = np.diff(found)
        keys[runs : runs + len(found)] = keys[found]
        runs, last = runs + len(found), int(found[-1])
    if runs:
        lengths[runs - 1] = len(keys) - last
    return lengths


def weigh(
    counted: FieldPostings,
    lengths: npt.NDArray[np.int32],
    average: float,
    idf: npt.NDArray[np.float64],
    boost: int,
    refs: npt.NDArray[np.int32],
) -> FieldPostings:
    """A field's postings with BM25 weights in thousandths in place of term frequencies, and
    refs in place of document positions, in the same arrays. The arithmetic is lunr's,
    operation for operation in float64, so the weights are bit for bit those lunr.py computes
    (a test holds it to that)."""
    weights, documents = counted.weights, counted.refs
    for start in range(0, len(weights), CHUNK):
        chunk = slice(start, start + CHUNK)
        frequency = weights[chunk]
        places = np.arange(start, start + len(frequency))
        term = np.searchsorted(counted.starts, places, side="right") - 1  # each posting's term
        norm = K1 * (1 - B + B * (lengths[documents[chunk]] / average))
        score = idf[term] * ((K1 + 1) * frequency) / (norm + frequency) * boost
        weights[chunk] = thousandths(score)
        documents[chunk] = refs[documents[chunk]]
    return counted


def thousandths(scores: npt.NDArray[np.float64]) -> npt.NDArray[np.int32]:
    """`round(round(score, 3) * 1000)` for each score, as lunr.py rounds a weight: Python's
    correctly rounded decimal rounding, half to even. numpy's rounding is not that, but it
    agrees wherever a score times 1000 is not within a hair of a half (that product, a few
    million at most, is off in float64 by far less than the 1e-6 allowed); the few that are
    within it are rounded by Python."""
    scaled = scores * 1000
    rounded = np.floor(scaled + 0.5)
    scaled -= rounded
    near_half = np.flatnonzero(np.abs(scaled) > 0.5 - 1e-6)
    weights = rounded.astype(np.int32)
    for i in near_half.tolist():
        weights[i] = round(round(float(scores[i]), 3) * 1000)
    return weights


def fewest_forms(forms: dict[str, str], terms: Container[str]) -> dict[str, str]:
    """The forms a typed prefix needs, without those another form of the same term stands for:
    `propagations` begins every prefix of `propagation` but the whole word (which the query
    stems), so it is enough. A prefix expands to the same terms with these as with all (a test
    holds it to that). A word with no term of its own (a stop word outside names) is dropped."""
    kept: dict[str, str] = {}
    by_term: dict[str, list[str]] = {}
    for word, term in forms.items():
        if term in terms:
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


def to_lunr(index: SearchIndex, docs: Sequence[SearchDoc]) -> dict[str, Any]:
    """The index in lunr's own serialised form, which lunr.py and lunr.js load."""
    inverted = []
    vectors: dict[str, list[tuple[int, float]]] = {
        f"{name}/{doc.ref}": [] for doc in docs for name in FIELD_NAMES
    }
    positions = {term: position for position, term in enumerate(index.terms)}
    for term in sorted(index.terms):
        number = index.terms[term]
        entry: dict[str, Any] = {"_index": number}
        for name in FIELD_NAMES:
            pairs = index.pairs(positions[term], name)
            entry[name] = {str(ref): {} for ref, _ in pairs}
            for ref, weight in pairs:
                vectors[f"{name}/{ref}"].append((number, weight))
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
