"""The text of `paper-archive tags` and `paper-archive tags evaluate`."""

from __future__ import annotations

from pathlib import Path

from generator import archive, taxonomy
from generator.model import Archive
from generator.tagging import evaluate as measure
from generator.tagging import labels as labels_format
from generator.tagging import review
from generator.tagging.evidence import Scorer
from generator.tagging.learned import Example
from generator.tagging.tagger import Tagger


def _examples(
    result: Archive, rules: list[taxonomy.Rule], content: Path, layout: archive.Layout
) -> tuple[list[Example], list[Example]]:
    labelled, _ = archive.read_examples(archive.read_labels(content, layout), rules)
    # As the build learns: from the records of the papers it publishes (not hidden ones).
    curated = archive.curator_examples(result.papers, rules)
    return labelled, curated


def _rules(content: Path, layout: archive.Layout) -> list[taxonomy.Rule]:
    path = content / layout.taxonomy
    if not path.is_file():
        raise taxonomy.TaxonomyError(f"{layout.taxonomy}: no taxonomy file in {content}")
    return taxonomy.load(path.read_text("utf-8"), layout.taxonomy)


def _ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def summary(content: Path, layout: archive.Layout, count: int) -> list[str]:
    """Per tag: its papers, and up to `count` borderline papers with their evidence."""
    result = archive.load(content, layout)
    rules = _rules(content, layout)
    labelled, curated = _examples(result, rules, content, layout)
    tagger = Tagger(rules, labelled + curated)
    scores = tagger.scores(result.papers)
    scorer = Scorer(rules)
    untagged = sum(1 for p in result.papers if not p.tags)
    lines = [
        f"{len(result.papers)} papers, {untagged} untagged; learned from "
        f"{len(labelled)} labelled papers and {len(curated)} curator records "
        f"(models of {len(tagger.model.slugs) if tagger.model else 0} tags)",
    ]
    for index, rule in enumerate(rules):
        tag = rule.tag
        tagged = sum(1 for p in result.papers if tag in p.tags)
        lines.append(
            f"{tag.name} ({tag.slug}, {taxonomy_line(rule)}): {tagged} papers, "
            f"threshold {rule.threshold:g}"
        )
        for near in review.borderline(result.papers, scores, index, tag.slug, count):
            score = near.score
            learned = "" if score.probability is None else f", model {score.probability:.2f}"
            mark = "tagged" if near.has_tag else "not tagged"
            lines.append(
                f"  {mark}, {score.total:.2f} (rules {score.evidence:.2f}{learned}): "
                f"{near.paper.title[:70]} [{near.paper.path.removesuffix('.md')}/]"
            )
            found = [f for f in scorer.found(near.paper) if f.rule == index]
            if found:
                lines.append(
                    "    evidence: "
                    + "; ".join(
                        f"{f.kind} {f.text!r} in {f.field}"
                        + (f" ×{f.mentions}" if f.mentions > 1 else "")
                        + f" {f.value:+.2f}"
                        for f in found
                    )
                )
    return lines


def taxonomy_line(rule: taxonomy.Rule) -> str:
    return f"taxonomy line {rule.line}"


def evaluate(content: Path, layout: archive.Layout, labels_path: Path, folds: int) -> list[str]:
    """Precision and recall per tag and overall against a labels file; cross-validated where
    the archive learns from the same papers."""
    result = archive.load(content, layout)
    rules = _rules(content, layout)
    labelled, curated = _examples(result, rules, content, layout)
    slugs = frozenset(rule.tag.slug for rule in rules)
    measured = labels_format.parse(labels_path.read_bytes(), str(labels_path), slugs)
    if measured.problems:
        raise taxonomy.TaxonomyError("\n".join(str(p) for p in measured.problems))
    examples = list(measured.examples)
    scores, used_folds = measure.predict(rules, examples, labelled + curated, folds)
    report = measure.report(rules, examples, scores, used_folds)
    how = (
        f"{used_folds}-fold cross-validation: each paper tagged by a model that did not "
        "learn from it"
        if used_folds
        else f"the tagger learned from {len(labelled)} labelled papers and {len(curated)} "
        "curator records, none of them measured here"
    )
    lines = [
        f"{report.papers} labelled papers in {labels_path.name}; {how}",
        f"{'tag':<26} {'labelled':>8} {'given':>6} {'right':>6} {'precision':>9} {'recall':>7}",
    ]
    for slug, counts in report.per_tag.items():
        labelled_here = counts.right + counts.missed
        given = counts.right + counts.wrong
        if not labelled_here and not given:
            continue
        lines.append(
            f"{slug:<26} {labelled_here:>8} {given:>6} {counts.right:>6} "
            f"{_ratio(counts.precision):>9} {_ratio(counts.recall):>7}"
        )
    overall = report.overall
    lines += [
        f"{'overall (micro)':<26} {overall.right + overall.missed:>8} "
        f"{overall.right + overall.wrong:>6} {overall.right:>6} "
        f"{_ratio(overall.precision):>9} {_ratio(overall.recall):>7}",
        f"untagged: {report.untagged} of {report.papers} papers",
    ]
    return lines
