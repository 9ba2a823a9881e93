"""What a curator should look at: each tag's papers, and the borderline ones, whose evidence
is nearest the tag's threshold."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from generator.model import Paper
from generator.tagging.tagger import Score

BORDER = 0.5  # how far from the threshold (a share of it) a paper is still borderline


@dataclass(frozen=True)
class Borderline:
    """A paper whose score for a tag is near its threshold."""

    paper: Paper
    score: Score
    has_tag: bool  # what the archive shows (a curator's record may have decided it)


def borderline(
    papers: Sequence[Paper], scores: Sequence[list[Score]], rule: int, slug: str, count: int
) -> list[Borderline]:
    """Up to `count` papers whose score for the rule is within `BORDER` of its threshold,
    nearest first (then by title); papers a curator's record tags or untags are left out,
    since their tag is decided."""
    near = []
    for paper, paper_scores in zip(papers, scores, strict=True):
        if any(slug in e.add_tags or slug in e.remove_tags for e in paper.sightings):
            continue
        for score in paper_scores:
            if score.rule == rule:
                distance = abs(score.total - score.threshold) / score.threshold
                if distance <= BORDER:
                    has_tag = any(t.slug == slug for t in paper.tags)
                    near.append(
                        (distance, paper.title, paper.key, Borderline(paper, score, has_tag))
                    )
    near.sort(key=lambda item: item[:3])
    return [item[3] for item in near[:count]]
