"""Measuring tags against labelled papers: precision and recall per tag and overall, with
cross-validation where the labelled papers are also what the tagger learns from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from generator.identity import normalise_title
from generator.model import Entry, Paper
from generator.tagging.learned import Example
from generator.tagging.tagger import Score, Tagger
from generator.taxonomy import Rule

FOLDS = 5


@dataclass
class Counts:
    """How a tag's given tags compare with the labels: right, wrong (given, not labelled),
    missed (labelled, not given)."""

    right: int = 0
    wrong: int = 0
    missed: int = 0

    @property
    def precision(self) -> float | None:
        given = self.right + self.wrong
        return self.right / given if given else None

    @property
    def recall(self) -> float | None:
        labelled = self.right + self.missed
        return self.right / labelled if labelled else None


@dataclass
class Report:
    """Precision and recall per tag (by slug, in taxonomy order) and overall (micro: every
    paper-tag pair counts once)."""

    per_tag: dict[str, Counts]
    papers: int
    untagged: int  # papers that got no tag
    folds: int  # 0: the tagger learned from none of the papers it was measured on
    overall: Counts = field(default_factory=Counts)


def as_paper(example: Example) -> Paper:
    """A labelled paper as the tagger reads papers."""
    entry = Entry(example.title, example.abstract, None, "Labels", example.source)
    return Paper(
        key=example.key,
        title=example.title,
        abstract=example.abstract,
        sightings=(entry,),
        keywords=example.keywords,
        categories=example.categories,
    )


def predict(
    rules: Sequence[Rule],
    measured: Sequence[Example],
    training: Sequence[Example],
    folds: int = FOLDS,
) -> tuple[list[list[Score]], int]:
    """The scores of each measured paper, and how many folds it took: where the training
    examples include measured papers, `folds`-fold cross-validation (papers in a fixed order,
    every `folds`-th in one fold), each fold tagged by a tagger that learned from every
    training example but that fold's papers; otherwise one tagger that learned from all."""
    titles = {normalise_title(e.title) for e in measured}
    keys = {e.key for e in measured}
    overlap = any(e.key in keys or normalise_title(e.title) in titles for e in training)
    if not overlap or not training:
        tagger = Tagger(rules, training)
        return tagger.scores([as_paper(e) for e in measured]), 0
    order = sorted(range(len(measured)), key=lambda i: (measured[i].key, measured[i].source))
    scores: list[list[Score]] = [[] for _ in measured]
    for fold in range(folds):
        held = [order[i] for i in range(len(order)) if i % folds == fold]
        if not held:
            continue
        held_out = [measured[i] for i in held]
        held_keys = {e.key for e in held_out}
        held_titles = {normalise_title(e.title) for e in held_out}
        learn = [
            e
            for e in training
            if e.key not in held_keys and normalise_title(e.title) not in held_titles
        ]
        tagger = Tagger(rules, learn)
        for i, paper_scores in zip(
            held, tagger.scores([as_paper(e) for e in held_out]), strict=True
        ):
            scores[i] = paper_scores
    return scores, folds


def report(
    rules: Sequence[Rule], measured: Sequence[Example], scores: Sequence[list[Score]], folds: int
) -> Report:
    """Compare the tags given (`scores`) with the labels of the measured papers."""
    per_tag = {rule.tag.slug: Counts() for rule in rules}
    untagged = 0
    for example, paper_scores in zip(measured, scores, strict=True):
        given = {rules[s.rule].tag.slug for s in paper_scores if s.given}
        untagged += not given
        for slug in given | set(example.positive):
            counts = per_tag[slug]
            if slug in given and slug in example.positive:
                counts.right += 1
            elif slug in given:
                counts.wrong += 1
            else:
                counts.missed += 1
    overall = Counts(
        sum(c.right for c in per_tag.values()),
        sum(c.wrong for c in per_tag.values()),
        sum(c.missed for c in per_tag.values()),
    )
    return Report(per_tag, len(measured), untagged, folds, overall)
