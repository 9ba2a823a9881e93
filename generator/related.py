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
from collections import Counter
from collections.abc import Sequence

from generator.model import Paper
from generator.search import analysis

COUNT = 5  # related papers per page
TERMS = 12  # the terms that describe a paper
POSTINGS = 48  # the papers kept per term
TITLE_WEIGHT = 2  # a word of the title counts like two of the abstract
TAG_WEIGHT = 2  # a shared tag counts like a shared word used twice


def _features(paper: Paper) -> Counter[str]:
    counts: Counter[str] = Counter()
    for term in analysis.terms(paper.title):
        counts[term] += TITLE_WEIGHT
    counts.update(analysis.terms(paper.abstract))
    for tag in paper.tags:
        counts["#" + tag.slug] += TAG_WEIGHT  # `#` keeps tags apart from words
    return counts


def vectors(papers: Sequence[Paper]) -> list[list[tuple[str, float]]]:
    """Each paper's strongest terms with their unit-length TF-IDF weights."""
    features = [_features(p) for p in papers]
    df: Counter[str] = Counter()
    for counts in features:
        df.update(counts.keys())
    total = len(papers)
    result = []
    for counts in features:
        # A term only this paper has relates it to nothing: leave it out.
        weights = {
            term: (1 + math.log(tf)) * math.log(total / df[term])
            for term, tf in counts.items()
            if df[term] > 1
        }
        top = heapq.nlargest(TERMS, weights.items(), key=lambda item: (item[1], item[0]))
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
    vecs = vectors(papers)
    index_of = postings(vecs)
    result: dict[str, list[Paper]] = {}
    for index, vec in enumerate(vecs):
        scores: dict[int, float] = {}
        for term, weight in vec:
            for other_weight, other in index_of[term]:
                if other != index:
                    scores[other] = scores.get(other, 0.0) + weight * other_weight
        best = heapq.nlargest(count, scores.items(), key=lambda item: (round(item[1], 9), -item[0]))
        result[papers[index].key] = [papers[other] for other, _ in best]
    return result
