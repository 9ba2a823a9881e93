"""Tags a curator can trust: evidence weighed by the taxonomy's rules, models learned from
labelled papers, precision and recall measured against labels (cross-validated)."""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
from pathlib import Path

import pytest

from generator import archive, taxonomy
from generator.model import Entry, Paper, SourceRef
from generator.tagging import evaluate, labels, learned
from generator.tagging.evidence import Scorer
from generator.tagging.tagger import Tagger
from tests.conftest import FIXTURES, ROOT

TAXONOMY = (ROOT / "content" / "taxonomy.yml").read_text("utf-8")
RULES = taxonomy.load(TAXONOMY, "taxonomy.yml")
SLUGS = frozenset(rule.tag.slug for rule in RULES)
DEV = labels.parse((FIXTURES / "tags-dev" / "papers.jsonl").read_bytes(), "papers.jsonl", SLUGS)
GOAL_PRECISION, GOAL_RECALL = 0.85, 0.80


def paper(title: str, abstract: str = "", keywords: tuple[str, ...] = ()) -> Paper:
    entry = Entry(title, abstract, dt.date(2026, 1, 1), "Listing", SourceRef("l.txt", 1))
    return Paper(key=title, title=title, abstract=abstract, sightings=(entry,), keywords=keywords)


def test_the_dev_set_is_the_shipped_labels_file() -> None:
    shipped = (ROOT / "content" / "labels" / "tags-dev.jsonl").read_bytes()
    assert shipped == (FIXTURES / "tags-dev" / "papers.jsonl").read_bytes()
    assert len(DEV.examples) == 50 and DEV.problems == ()


def test_dev_set_cross_validated_precision_and_recall_reach_the_goal() -> None:
    # The sample's default configuration learns from the dev set, so each paper is tagged by
    # a tagger that learned from the other folds only: never a paper scored by its own label.
    examples = list(DEV.examples)
    scores, folds = evaluate.predict(RULES, examples, examples, evaluate.FOLDS)
    assert folds == evaluate.FOLDS
    report = evaluate.report(RULES, examples, scores, folds)
    overall = report.overall
    assert overall.right + overall.missed == sum(len(e.positive) for e in examples)
    assert overall.precision is not None and overall.recall is not None
    assert overall.precision >= GOAL_PRECISION, report
    assert overall.recall >= GOAL_RECALL, report


def test_rules_alone_beat_the_old_keyword_tagger_on_the_dev_set() -> None:
    # Without any learning, the rules still weigh evidence: the old tagger (any keyword
    # anywhere) had precision 0.44 on these papers.
    examples = list(DEV.examples)
    scores, folds = evaluate.predict(RULES, examples, [], evaluate.FOLDS)
    assert folds == 0
    overall = evaluate.report(RULES, examples, scores, folds).overall
    assert overall.precision is not None and overall.precision >= 0.7
    assert overall.recall is not None and overall.recall >= 0.7


def test_cross_validation_never_scores_a_paper_it_learned_from() -> None:
    examples = list(DEV.examples)
    seen: list[set[str]] = []
    original = learned.Model.__init__

    def spy(self: learned.Model, slugs: list[str], training: list[learned.Example]) -> None:
        seen.append({e.key for e in training})
        original(self, slugs, training)

    learned.Model.__init__ = spy  # type: ignore[method-assign]
    try:
        evaluate.predict(RULES, examples, examples, 5)
    finally:
        learned.Model.__init__ = original  # type: ignore[method-assign]
    assert len(seen) == 5
    assert all(len(keys) == 40 for keys in seen)
    # Each paper is left out of exactly one fold's training.
    assert sorted(k for e in examples for k in [e.key] if sum(e.key not in s for s in seen) == 1)
    assert all(sum(e.key not in s for s in seen) == 1 for e in examples)


def test_tagging_is_deterministic_whatever_the_order_of_examples() -> None:
    examples = list(DEV.examples)
    papers = [evaluate.as_paper(e) for e in examples]
    reference = Tagger(RULES, examples).scores(papers)
    shuffled = list(examples)
    random.Random(3).shuffle(shuffled)
    assert Tagger(RULES, shuffled).scores(papers) == reference


def test_a_keyword_in_the_title_weighs_more_than_one_in_the_abstract() -> None:
    [rule] = taxonomy.load("tags:\n  - {name: Safety, keywords: [jailbreak]}\n", "t.yml")
    scorer = Scorer([rule])
    assert scorer.evidence(paper("Jailbreak attacks", "We study models.")) == {0: 1.0}
    assert scorer.evidence(paper("A study", "A jailbreak.")) == {0: 0.5}
    # Mentions add up, but only the first two of a keyword count.
    assert scorer.evidence(paper("A study", "jailbreaks, jailbreak, jailbreak")) == {0: 1.0}
    # Source keywords (Hugging Face ai_keywords) count too.
    assert scorer.evidence(paper("A study", "x", ("jailbreak prompts",))) == {0: 0.5}
    # A paper known by its title alone (no abstract) is judged on it: worth half again.
    assert scorer.evidence(paper("Jailbreak attacks")) == {0: 1.5}


def test_hints_are_weak_and_nots_do_not_count() -> None:
    [rule] = taxonomy.load(
        "tags:\n"
        "  - name: Interpretability\n"
        "    keywords: [probing]\n"
        "    hints: [latent]\n"
        "    not: [latent diffusion]\n",
        "t.yml",
    )
    scorer = Scorer([rule])
    assert scorer.evidence(paper("Latent codes", "An abstract.")) == {0: 0.5}
    # "latent diffusion" says nothing for the tag, and argues against it.
    found = scorer.found(paper("Latent diffusion for probing", "An abstract."))
    assert [(f.kind, f.text, f.value) for f in found] == [
        ("keyword", "probing", 1.0),
        ("not", "latent diffusion", -1.0),
    ]


def test_a_tag_is_given_when_its_evidence_reaches_its_threshold() -> None:
    rules = taxonomy.load(
        "threshold: 1.5\n"
        "tags:\n"
        "  - {name: Code, keywords: [code generation]}\n"
        "  - {name: Agents, keywords: [agent], threshold: 1}\n",
        "t.yml",
    )
    tagger = Tagger(rules)
    [tags] = tagger.tags([paper("Code generation with an agent", "We study it.")])
    assert [t.name for t in tags] == ["Agents"]  # 1 of 1.5 for Code; 1 of 1 for Agents
    [tags] = tagger.tags([paper("Code generation", "We study code generation.")])
    assert [t.name for t in tags] == ["Code"]


def test_the_fast_keyword_count_is_the_patterns_count() -> None:
    texts = [
        "Vision-language models and vision language models; a vision  language model.",
        "supervision language, revision-language, vision-languages",
        "reward models, reward-model, rewardmodel, reward_model",
    ]
    for text in texts:
        for phrase in ("vision language", "reward model", "language model"):
            k = taxonomy.keyword(phrase)
            lower = text.lower()
            assert k.count(lower, taxonomy.word_counts(lower)) == taxonomy.count_matches(
                k.pattern, text
            ), (phrase, text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("threshold: 0\ntags:\n  - {name: A, keywords: [a]}\n", "t.yml:1: threshold: expected"),
        (
            "tags:\n  - {name: A, keywords: [a], threshold: none}\n",
            "t.yml:2: tag 'A': threshold must be a positive number",
        ),
        (
            "tags:\n  - {name: A, keywords: [agent, agents]}\n",
            "t.yml:2: tag 'A': keywords 'agents' repeats 'agent'",
        ),
        (
            "tags:\n  - {name: A, keywords: [vision language], hints: [vision-language]}\n",
            "t.yml:2: tag 'A': hints 'vision-language' repeats 'vision language'",
        ),
        ("labels: x\ntags:\n  - {name: A, keywords: [a]}\n", "t.yml:1: unknown field(s) labels"),
        # The taxonomy is read as text, so `not: [1]` is the phrase "1"; a mapping is no phrase.
        ("tags:\n  - {name: A, keywords: [a], not: [{b: c}]}\n", "t.yml:2: tag 'A': not must be"),
        ("tags:\n  - {name: A, keywords: [a], threshold: .inf}\n", "t.yml:2: tag 'A': threshold"),
    ],
)
def test_taxonomy_errors_name_file_line_and_field(text: str, message: str) -> None:
    with pytest.raises(taxonomy.TaxonomyError) as error:
        taxonomy.load(text, "t.yml")
    assert str(error.value).startswith(message)


def test_labels_file_problems_name_file_and_line() -> None:
    data = (
        b'{"id": "1", "title": "A", "abstract": "x", "tags": ["agents"]}\n'
        b"\n"
        b"not json\n"
        b'{"title": "B", "tags": ["nope"]}\n'
        b'{"title": "", "tags": []}\n'
        b'{"title": "C"}\n'
    )
    parsed = labels.parse(data, "labels/l.jsonl", SLUGS)
    assert [e.key for e in parsed.examples] == ["1"]
    assert [str(p).split(": ", 1)[0] for p in parsed.problems] == [
        "labels/l.jsonl:3",
        "labels/l.jsonl:4",
        "labels/l.jsonl:5",
        "labels/l.jsonl:6",
    ]
    assert "no tag 'nope' in the taxonomy" in str(parsed.problems[1])


def test_a_bad_labels_line_is_a_problem_of_the_build() -> None:
    result = archive.build({}, TAXONOMY, "taxonomy.yml", {"labels/x.jsonl": b"[1]\n"})
    assert [str(p) for p in result.problems] == [
        "labels/x.jsonl:1: expected an object with title and tags"
    ]


def test_curator_records_win_over_rules_and_models() -> None:
    curator = (
        b"- title: Jailbreaking Code Agents for Safety\n"
        b"  abstract: We jailbreak code agents into harmful tool use; red teaming shows\n"
        b"    that safety training does not carry over to agents.\n"
        b"  date: 2025-03-11\n"
        b"  tags: [-safety, +multilingual]\n"
    )
    labelled = {"labels/l.jsonl": (FIXTURES / "tags-dev" / "papers.jsonl").read_bytes()}
    plain = archive.build({}, TAXONOMY, "taxonomy.yml", labelled)
    assert plain.papers == []
    result = archive.build({"listings/curator.yml": curator}, TAXONOMY, "taxonomy.yml", labelled)
    assert result.problems == []
    [p] = result.papers
    slugs = [t.slug for t in p.tags]
    assert "safety" not in slugs and "multilingual" in slugs and "agents" in slugs
    # Without the record's tags, the rules and the model give Safety.
    untouched = curator.replace(b"  tags: [-safety, +multilingual]\n", b"")
    result = archive.build({"listings/curator.yml": untouched}, TAXONOMY, "taxonomy.yml", labelled)
    assert "safety" in [t.slug for t in result.papers[0].tags]


def test_the_sample_tags_most_papers_and_leaves_the_rest_untagged() -> None:
    result = archive.load(ROOT / "content")
    untagged = [p for p in result.papers if not p.tags]
    # A paper with no fitting tag gets none rather than a wrong one; most papers fit one.
    assert len(untagged) < len(result.papers) // 10
    assert all(sum(t in p.tags for p in result.papers) < len(result.papers) for t in result.tags)
    # Papers with an arXiv category the taxonomy names always get its tag.
    physics = [p for p in result.papers if any(c.startswith("hep-") for c in p.categories)]
    assert physics and all(any(t.slug == "hep" for t in p.tags) for p in physics)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_tags_command_lists_counts_and_borderline_papers() -> None:
    result = run("tags", "--borderline", "2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("449 papers, ")
    assert "learned from 50 labelled papers" in lines[0]
    header = [line for line in lines if line.startswith("Safety (safety, taxonomy line ")]
    assert len(header) == 1 and "papers, threshold 1.5" in header[0]
    assert any(line.startswith("    evidence: ") for line in lines)
    assert any(line.startswith(("  tagged, ", "  not tagged, ")) for line in lines)


def test_tags_evaluate_cross_validates_on_the_labels_it_learns_from() -> None:
    result = run("tags", "evaluate", "content/labels/tags-dev.jsonl")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "5-fold cross-validation" in lines[0]
    [overall] = [line for line in lines if line.startswith("overall (micro)")]
    precision, recall = map(float, overall.split()[-2:])
    assert precision >= GOAL_PRECISION and recall >= GOAL_RECALL


def test_tags_evaluate_without_overlap_learns_from_everything(tmp_path: Path) -> None:
    other = tmp_path / "other.jsonl"
    other.write_text(
        '{"id": "x1", "title": "Jailbreak attacks on aligned chatbots", '
        '"abstract": "We red-team models with jailbreak prompts.", "tags": ["safety"]}\n',
        "utf-8",
    )
    result = run("tags", "evaluate", str(other))
    assert result.returncode == 0, result.stderr
    assert "learned from 50 labelled papers" in result.stdout.splitlines()[0]
    assert "safety" in result.stdout


def test_tags_evaluate_refuses_a_bad_labels_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{}\n", "utf-8")
    result = run("tags", "evaluate", str(bad))
    assert result.returncode == 1
    assert "bad.jsonl:1: title: expected a non-empty string" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_indexed_scorer_finds_what_trying_every_keyword_finds() -> None:
    # The scorer files keywords by word and word pair; trying every keyword's pattern on
    # every field of every sample paper is the definition.
    scorer = Scorer(RULES)
    result = archive.load(ROOT / "content")
    checked = 0
    for p in result.papers + result.hidden:
        fields = {"title": p.title, "abstract": p.abstract, "keywords": "\n".join(p.keywords)}
        expected: list[tuple[int, str, str, str, int]] = []
        for index, rule in enumerate(RULES):
            for name in rule.fields:
                text = fields[name]
                if any(k.pattern.search(text) for k in rule.nots):
                    continue  # masked first: compared below only where no `not` is in play
                for kind, keywords in (("keyword", rule.keywords), ("hint", rule.hints)):
                    for k in keywords:
                        n = taxonomy.count_matches(k.pattern, text)
                        if n:
                            expected.append((index, kind, k.text, name, n))
        found_here = [(f, f.field.removesuffix(" alone")) for f in scorer.found(p)]
        negated = {(f.rule, field) for f, field in found_here if f.kind == "not"}
        found = sorted(
            (f.rule, f.kind, f.text, field, f.mentions)
            for f, field in found_here
            if f.kind in ("keyword", "hint") and (f.rule, field) not in negated
        )
        assert found == sorted(expected), p.title
        # `evidence` sums what `found` lists, without listing it.
        sums: dict[int, float] = {}
        for f, _ in found_here:
            sums[f.rule] = sums.get(f.rule, 0.0) + f.value
        assert scorer.evidence(p) == sums, p.title
        checked += bool(found)
    assert checked > 400


@pytest.mark.parametrize("fork", [True, False])
def test_two_processes_tag_as_one_does(monkeypatch: pytest.MonkeyPatch, fork: bool) -> None:
    from generator.tagging import tagger as tagging

    examples = list(DEV.examples)
    serial = [evaluate.as_paper(e) for e in examples]
    expected = Tagger(RULES, examples).tags(serial)
    # Chunks of 3 papers: the two processes share the 50 papers out between them as they go.
    monkeypatch.setattr(tagging, "CHUNK", 3)
    papers = [evaluate.as_paper(e) for e in examples]
    tagging.assign_tags(papers, RULES, examples, fork=fork)
    assert [p.tags for p in papers] == expected
    assert sum(len(tags) for tags in expected) > len(serial)


def test_the_worker_alone_weighs_what_this_process_did_not_take(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generator import background
    from generator.tagging import tagger as tagging

    monkeypatch.setattr(tagging, "CHUNK", 20)
    examples = list(DEV.examples)
    papers = [evaluate.as_paper(e) for e in examples]
    claims = background.Claims()
    claims.reset(len(papers))
    assert claims.front(10) == range(0, 10)  # this process's first chunk
    texts = [(p.title, p.abstract, p.keywords, p.categories) for p in papers]
    # As `Tagging.finish` posts them: the examples and the count, then chunks of 20 from the
    # back (this process took the first 10 papers before the worker weighed any).
    posted: list[object] = [(examples[20:], 50), texts[30:], texts[10:30], texts[:10], None]
    sent: list[tagging.Done] = []
    tagging.work(RULES, examples[:20], claims, sent.append, lambda: posted.pop(0))
    [done] = sent
    assert sorted(done.positions) == list(range(10, 50))  # the rest, from the back
    scorer = Scorer(RULES)
    assert done.evidence == [scorer.evidence(papers[i]) for i in done.positions]
    assert done.prediction is not None and done.prediction.slugs
    assert claims.front(10) is None and claims.back(10) is None


def test_the_build_tags_with_models_but_never_loads_scikit_learn_itself() -> None:
    # The learner runs in its own process: the pages' process keeps the 100 MB that
    # scikit-learn takes out of its memory, and the model's tags are the same as in series.
    code = """
import sys
from generator.tagging import evaluate
from generator.tagging.tagger import Tagger, Tagging
from tests.test_tags import DEV, RULES
examples = list(DEV.examples)
papers = [evaluate.as_paper(e) for e in examples]
Tagging(RULES, examples[:25]).finish(papers, examples[25:])
assert "sklearn" not in sys.modules, "scikit-learn was loaded by the build's process"
expected = Tagger(RULES, examples).tags(papers)
assert [p.tags for p in papers] == expected
print(sum(len(t) for t in expected))
"""
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > len(DEV.examples)


def test_a_failing_tagging_worker_is_a_clear_error_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from click.testing import CliRunner

    from generator import cli

    def broken(*args: object) -> None:
        raise RuntimeError("the solver did not converge")

    # In the worker (forked after this patch): learning fails there, not in this process.
    monkeypatch.setattr(learned.Model, "__init__", broken)
    result = CliRunner().invoke(cli.main, ["check", "--content", str(ROOT / "content")])
    assert result.exit_code == 1
    assert "tagging failed: RuntimeError: the solver did not converge" in result.output
    assert "Traceback" not in result.output
