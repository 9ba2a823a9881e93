"""Related papers: the most similar papers to each one, by TF-IDF over titles, abstracts, tags.

Exact cosine similarity between every pair of papers is quadratic: 200 million pairs at 20,000
papers. Instead each paper keeps only its `TERMS` most distinctive terms, and each term only the
`POSTINGS` papers for which it weighs most, so each paper is compared with at most
`TERMS * POSTINGS` others, whatever the size of the archive. What is cut is what matters least
to a similarity: common words, and a term's weakest uses.
"""

from __future__ import annotations

import heapq
import math
import re
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from operator import itemgetter

from generator.model import Paper
from generator.search import analysis

COUNT = 5  # related papers per page
TERMS = 8  # the terms that describe a paper
POSTINGS = 24  # the papers kept per term
TITLE_WEIGHT = 2  # a word of the title counts like two of the abstract
TAG_WEIGHT = 2  # a shared tag counts like a shared word used twice
SCAN = 100  # how far either way by date to look for papers sharing a tag, when words fail


EMPTY = array("i")
WORD = re.compile(r"[^\W_]{2,}")  # letters and digits; one-letter tokens say nothing


def _terms(text: str) -> list[str]:
    # Simpler than the search analyser (no lunr trimming rules) and several times faster; the
    # terms are the same cached ones.
    return [term for term in map(analysis.token_term, WORD.findall(text.lower())) if term]


def _features(paper: Paper) -> Counter[str]:
    counts: Counter[str] = Counter()
    for term in _terms(paper.title):
        counts[term] += TITLE_WEIGHT
    counts.update(_terms(paper.abstract))
    for tag in paper.tags:
        counts["#" + tag.slug] += TAG_WEIGHT  # `#` keeps tags apart from words
    return counts


def vectors(papers: Sequence[Paper]) -> list[list[tuple[str, float]]]:
    """Each paper's strongest terms with their unit-length TF-IDF weights."""
    # Document frequencies need every paper's terms before any weight. They are kept as
    # arrays of term numbers and counts: 12 MB at 20,000 papers, where Counters took 90 MB.
    numbers: dict[str, int] = {}
    features: list[tuple[array[int], array[int]]] = []
    df: Counter[int] = Counter()
    for paper in papers:
        counts = _features(paper)
        ids = array("i", [numbers.setdefault(term, len(numbers)) for term in counts])
        features.append((ids, array("i", counts.values())))
        df.update(ids)
    names = list(numbers)
    total = len(papers)
    # A term only one paper has relates it to nothing: it gets no weight at all.
    idf = {number: math.log(total / n) for number, n in df.items() if n > 1}
    log_tf = [0.0] + [1 + math.log(tf) for tf in range(1, 64)]
    result = []
    for position, (ids, tfs) in enumerate(features):
        features[position] = (EMPTY, EMPTY)  # let go once used: less held at the peak
        weights = [
            (tf_weight * idf[number], names[number])
            for number, tf in zip(ids, tfs, strict=True)
            if number in idf
            for tf_weight in (log_tf[tf] if tf < 64 else 1 + math.log(tf),)
        ]
        top = [(term, w) for w, term in heapq.nlargest(TERMS, weights)]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        result.append([(term, w / norm) for term, w in top if w > 0])
    return result


def postings(vecs: list[list[tuple[str, float]]]) -> dict[str, list[tuple[float, int]]]:
    """For each term, the (at most `POSTINGS`) papers it weighs most in, with its weight."""
    postings: dict[str, list[tuple[float, int]]] = {}
    for index, vec in enumerate(vecs):
        for term, weight in vec:
            postings.setdefault(term, []).append((weight, index))
    for term, entries in postings.items():
        if len(entries) > POSTINGS:
            # Ties go to the paper earlier in the archive's order: stable across builds.
            postings[term] = heapq.nlargest(POSTINGS, entries, key=lambda e: (e[0], -e[1]))
    return postings


def related(papers: Sequence[Paper], count: int = COUNT) -> dict[str, list[Paper]]:
    """The `count` papers most similar to each paper (by paper key), most similar first."""
    return {
        paper.key: [papers[other] for other in others]
        for paper, others in zip(papers, similar_indices(papers, count), strict=True)
    }


def similar_indices(papers: Sequence[Paper], count: int = COUNT) -> list[list[int]]:
    """For each paper, the positions of the `count` papers most similar to it (small enough
    to hand from one process to another)."""
    return list(similar_stream(papers, count))


def similar_stream(papers: Sequence[Paper], count: int = COUNT) -> Iterator[list[int]]:
    """`similar_indices`, a paper at a time: the first come before the last are worked out."""
    vecs = vectors(papers)
    index_of = postings(vecs)
    for index, vec in enumerate(vecs):
        scores: dict[int, float] = {}
        get = scores.get
        for term, weight in vec:
            for other_weight, other in index_of[term]:
                scores[other] = get(other, 0.0) + weight * other_weight
        scores.pop(index, None)  # a paper is not related to itself
        # Same inputs, same sums in the same order: ties fall to the first candidate found.
        best = [other for other, _ in heapq.nlargest(count, scores.items(), key=itemgetter(1))]
        if len(best) < count:
            best += _nearby(papers, index, count - len(best), set(best))
        yield best


def _nearby(papers: Sequence[Paper], index: int, wanted: int, taken: set[int]) -> list[int]:
    """For a paper with few words in common with others: the papers nearest it by date that
    share a tag with it, else simply the nearest (a bounded scan, not the whole archive)."""
    tags = set(papers[index].tags)
    order = [i for step in range(1, SCAN + 1) for i in (index - step, index + step)]
    order = [i for i in order if 0 <= i < len(papers) and i not in taken]
    tagged = [i for i in order if tags & set(papers[i].tags)]
    return (tagged + [i for i in order if i not in tagged])[:wanted]
