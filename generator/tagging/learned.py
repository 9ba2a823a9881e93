"""Per-tag linear models over TF-IDF features, learned from the curator's examples.

Like arxiv-sanity-lite's per-tag classifiers: TF-IDF features of the words of the title,
abstract and source keywords (scikit-learn's `TfidfTransformer`) and one `LogisticRegression`
per tag (L-BFGS, whose intercept is not penalized; class weights balanced, so that a tag with
few examples is not drowned by the papers without it). Learned only from the archive's own
examples, at build time; deterministic: the examples are sorted, the solver has no random
state, and a tag's model is fitted on one thread.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from threadpoolctl import threadpool_limits  # type: ignore[import-untyped]

from generator.model import SourceRef
from generator.taxonomy import word_counts

MIN_EXAMPLES = 2  # positive and negative examples a tag needs before a model is learned of it
# A model that learned from few papers with the tag is easily wrong: its say grows with its
# positive examples, in full from this many.
FULL_SAY = 10
C = 10.0  # the inverse of the regularization strength


@dataclass(frozen=True)
class Example:
    """A paper a curator has labelled: the tags it has and, where known, those it has not.

    A labels file says every tag of a paper, so `negative` is None (every other tag); a
    curator record's `+tag` and `-tag` say only the tags they name."""

    key: str  # the arXiv id or another name of the paper, to tell examples apart
    title: str
    abstract: str
    positive: frozenset[str]  # tag slugs
    negative: frozenset[str] | None
    source: SourceRef
    keywords: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()

    def label(self, slug: str) -> bool | None:
        """Whether the paper has the tag; None where the example does not say."""
        if slug in self.positive:
            return True
        if self.negative is None or slug in self.negative:
            return False
        return None


Fields = Sequence[tuple[dict[str, int], int]]  # word counts, and how much each counts


def paper_fields(
    title: dict[str, int], abstract: dict[str, int], keywords: dict[str, int]
) -> Fields:
    """What a model reads of a paper, from the word counts of its title, abstract and source
    keywords: the title's twice, since it says most in least."""
    return ((title, 2), (abstract, 1), (keywords, 1))


def text_fields(title: str, abstract: str, keywords: Sequence[str]) -> Fields:
    """`paper_fields` of a paper's texts, its words counted as the rules count them (the
    source keywords one a line)."""
    return paper_fields(word_counts(title), word_counts(abstract), word_counts("\n".join(keywords)))


def example_fields(example: Example) -> Fields:
    return text_fields(example.title, example.abstract, example.keywords)


class Model:
    """One classifier per tag that has enough examples (`MIN_EXAMPLES` of each kind).

    The features are the examples' words (English stop words and one-letter words left out),
    weighted by TF-IDF (`TfidfTransformer`: sublinear term frequency, smoothed IDF, each
    paper's vector of unit length). Words the examples never use carry no weight, so a paper
    is read by counting its words once (the rules count them too) rather than through a
    vectorizer's tokenizer: 20,000 papers take a fraction of a second."""

    def __init__(self, slugs: Sequence[str], examples: Sequence[Example]) -> None:
        """Learn every tag of `slugs` that the examples teach; raises nothing: a tag with too
        few examples just has no model."""
        # Imported here: scikit-learn takes most of a second to import, and only archives
        # with examples need it.
        from sklearn.feature_extraction.text import (  # type: ignore[import-untyped]
            ENGLISH_STOP_WORDS,
            TfidfTransformer,
        )

        ordered = sorted(examples, key=lambda e: (e.key, e.source))
        self.slugs: list[str] = []
        self.classifiers: list[Any] = []  # scikit-learn's LogisticRegression
        self.say: dict[str, float] = {}  # each model's say, from 0 to 1 (see FULL_SAY)
        self.transformer = TfidfTransformer(sublinear_tf=True)
        counts = [example_fields(e) for e in ordered]
        used = {w for fields in counts for c, _ in fields for w in c if len(w) > 1}
        words = sorted(used - ENGLISH_STOP_WORDS)
        self.vocabulary = {word: column for column, word in enumerate(words)}
        if not ordered or not words:
            return
        matrix = self.transformer.fit_transform(self.matrix(counts))
        with threadpool_limits(1):  # one BLAS thread: sums in one order, the same bits
            self._fit(slugs, ordered, matrix)

    def _fit(self, slugs: Sequence[str], ordered: list[Example], matrix: Any) -> None:
        from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

        for slug in slugs:
            rows = [(i, e.label(slug)) for i, e in enumerate(ordered)]
            known = [(i, y) for i, y in rows if y is not None]
            positives = sum(1 for _, y in known if y)
            if positives < MIN_EXAMPLES or len(known) - positives < MIN_EXAMPLES:
                continue
            classifier = LogisticRegression(C=C, class_weight="balanced", solver="lbfgs")
            classifier.fit(matrix[[i for i, _ in known]], [int(bool(y)) for _, y in known])
            self.slugs.append(slug)
            self.classifiers.append(classifier)
            self.say[slug] = min(1.0, positives / FULL_SAY)

    def matrix(self, counts: Sequence[Sequence[tuple[dict[str, int], int]]]) -> Any:
        """Papers' word counts as a sparse matrix (a row a paper) over the vocabulary; each
        paper as a few word counts with how much each counts (`paper_fields`)."""
        from scipy.sparse import csr_matrix  # type: ignore[import-untyped]

        data: list[int] = []
        columns: list[int] = []
        rows = [0]
        vocabulary = self.vocabulary
        for paper in counts:
            for words, times in paper:
                for word in words.keys() & vocabulary.keys():
                    columns.append(vocabulary[word])
                    data.append(words[word] * times)
            rows.append(len(columns))
        shape = (len(counts), len(vocabulary))
        matrix = csr_matrix((data, columns, rows), shape=shape, dtype=float)
        matrix.sum_duplicates()  # a word of the title and the abstract: one column
        return matrix

    def probabilities(self, counts: Sequence[Fields]) -> list[dict[str, float]]:
        """For each paper (its `paper_fields`), the probability of each learned tag (by slug)."""
        if not self.classifiers or not counts:
            return [{} for _ in counts]
        matrix = self.transformer.transform(self.matrix(counts))
        with threadpool_limits(1):
            columns = [c.predict_proba(matrix)[:, 1].tolist() for c in self.classifiers]
        return [
            {slug: column[row] for slug, column in zip(self.slugs, columns, strict=True)}
            for row in range(len(counts))
        ]


@dataclass(frozen=True)
class Prediction:
    """What the learned models say of a list of papers: for each paper, the probability of
    each learned tag, as one flat row-major array (papers by `slugs`), and each model's say."""

    slugs: tuple[str, ...]
    say: dict[str, float]
    probabilities: array[float]

    def of(self, position: int) -> dict[str, float]:
        """The probability of each learned tag (by slug) for the paper at `position`."""
        width = len(self.slugs)
        row = self.probabilities[position * width : (position + 1) * width]
        return dict(zip(self.slugs, row, strict=True))


def preload() -> None:
    """Import what learning needs now rather than on first use."""
    import sklearn.feature_extraction.text  # type: ignore[import-untyped]
    import sklearn.linear_model  # noqa: F401
