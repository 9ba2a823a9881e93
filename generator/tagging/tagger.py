"""A paper's tags: its rules' evidence, plus what a model learned from examples says, against
each tag's threshold."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from generator import background
from generator.model import Paper, Problem, Tag
from generator.tagging import learned
from generator.tagging.evidence import Scorer, field_words
from generator.taxonomy import Rule

# How much of a tag's threshold a learned model adds (sure the paper has the tag) or takes
# away (sure it has not): at most half, so that a model can decide a paper that the rules
# leave in doubt, but never gives a tag with no evidence for it, or takes one with plenty.
LEARNED = 1.0
CHUNK = 1_000  # papers whose words are held at once (each paper's take tens of KB)
PARALLEL = 4_000  # from this many papers, two processes tag them (a fork costs little then)


@dataclass(frozen=True)
class Score:
    """How sure the archive is of one tag of one paper."""

    rule: int  # the rule's position in the taxonomy
    evidence: float  # what the rules found
    probability: float | None  # what the tag's model says, if it has one
    threshold: float
    say: float = 1.0  # how much the model's examples let it say (`learned.FULL_SAY`)

    @property
    def total(self) -> float:
        """The evidence, with the model's say: up to LEARNED of the threshold either way."""
        if self.probability is None:
            return self.evidence
        return self.evidence + learned_part(self.probability, self.say, self.threshold)

    @property
    def given(self) -> bool:
        return self.total >= self.threshold


def learned_part(probability: float, say: float, threshold: float) -> float:
    """What a model adds to a tag's evidence (negative: takes away)."""
    return LEARNED * say * threshold * (2 * probability - 1)


class Tagger:
    """The rules of a taxonomy and, where there are examples, a model of each tag they teach."""

    def __init__(self, rules: Sequence[Rule], examples: Sequence[learned.Example] = ()) -> None:
        self.rules = tuple(rules)
        self.scorer = Scorer(self.rules)
        self.model = learned.Model([r.tag.slug for r in self.rules], examples) if examples else None
        self.index = {rule.tag.slug: i for i, rule in enumerate(self.rules)}
        self.say = {self.index[k]: v for k, v in (self.model.say if self.model else {}).items()}

    def scores(self, papers: Sequence[Paper]) -> list[list[Score]]:
        """For each paper, a score for every tag with evidence or a model, in taxonomy order."""
        return [
            [
                Score(
                    i,
                    evidence.get(i, 0.0),
                    learned_here.get(i),
                    self.rules[i].threshold,
                    self.say.get(i, 1.0),
                )
                for i in sorted(set(evidence) | set(learned_here))
            ]
            for evidence, learned_here in self._evidence(papers)
        ]

    def _evidence(
        self, papers: Sequence[Paper]
    ) -> Iterator[tuple[dict[int, float], dict[int, float]]]:
        """For each paper, its rules' evidence and its models' probabilities, by rule; a
        chunk of papers at a time, so that the words of only so many are held at once."""
        for start in range(0, len(papers), CHUNK):
            yield from self._chunk(papers[start : start + CHUNK])

    def _chunk(self, papers: Sequence[Paper]) -> list[tuple[dict[int, float], dict[int, float]]]:
        # One pass over each paper's words, for the rules and the model.
        words = [field_words(p) for p in papers]
        if self.model is not None:
            fields = [
                learned.paper_fields(w["title"][2], w["abstract"][2], w["keywords"][2])
                for w in words
            ]
            by_slug = self.model.probabilities(fields)
            # A model learned from titles and abstracts has no say on a paper without an
            # abstract: its title alone is too unlike what it learned from.
            probabilities = [
                {self.index[k]: v for k, v in p.items()} if paper.abstract.strip() else {}
                for paper, p in zip(papers, by_slug, strict=True)
            ]
        else:
            probabilities = [{} for _ in papers]
        return [
            (self.scorer.evidence(paper, words_here), learned_here)
            for paper, words_here, learned_here in zip(papers, words, probabilities, strict=True)
        ]

    def tags(self, papers: Sequence[Paper]) -> list[tuple[Tag, ...]]:
        """Each paper's tags, in taxonomy order (what `scores` says is given, but faster)."""
        return [
            tuple(self.rules[i].tag for i in decide(self.rules, self.say, *found))
            for found in self._evidence(papers)
        ]


def decide(
    rules: Sequence[Rule],
    say: dict[int, float],
    evidence: dict[int, float],
    probabilities: dict[int, float],
) -> tuple[int, ...]:
    """The positions of the tags given (taxonomy order), from each rule's evidence and each
    model's probability (by rule position) and say."""
    given = []
    for i in sorted(set(evidence) | set(probabilities)):
        threshold = rules[i].threshold
        total = evidence.get(i, 0.0)
        if i in probabilities:
            total += learned_part(probabilities[i], say[i], threshold)
        if total >= threshold:
            given.append(i)
    return tuple(given)


class Tagging:
    """The build's tagging, in two steps. Made before the listings are read, it starts the
    learner (`learned.predict_task`) in a forked process where the platform has one, so that
    scikit-learn loads on the other core meanwhile, and only there; `finish` then tags the
    papers: the learner predicts every paper while this process (and, from `PARALLEL`
    papers on, a second forked one) weighs the rules' evidence. The same tags as `Tagger`."""

    def __init__(
        self, rules: Sequence[Rule], examples: Sequence[learned.Example], fork: bool = True
    ) -> None:
        self.rules, self.fork = tuple(rules), fork
        self.slugs = [rule.tag.slug for rule in self.rules]
        self.learner = self._learner(examples) if examples else None

    def _learner(self, examples: Sequence[learned.Example]) -> background.Job:
        return background.Job(
            learned.predict_task, self.slugs, list(examples), fork=self.fork, inbox=True
        )

    def finish(self, papers: list[Paper], more: Sequence[learned.Example] = ()) -> list[Problem]:
        """Tag every paper (in place), in taxonomy order, the examples being those given
        when made and `more` (the curator's); returns a problem for each curator pattern
        that ran out of time (`safe_regex`: it counts for no paper from then on, in each of
        the processes)."""
        learner, extra = self.learner, list(more)
        if learner is None and more:
            learner, extra = self._learner(more), []
        self.learner = learner
        if learner is not None:
            texts = [(p.title, p.abstract, "\n".join(p.keywords)) for p in papers]
            learner.post((extra, texts))
        scorer = Scorer(self.rules)
        if len(papers) < PARALLEL:
            evidence = [scorer.evidence(p) for p in papers]
            problems = list(scorer.timeouts)
        else:
            half = len(papers) // 2
            job = background.Job(_evidence_of, self.rules, papers[half:], fork=self.fork)
            evidence = [scorer.evidence(p) for p in papers[:half]]
            found, timeouts = job.receive()
            job.wait()
            evidence += found
            problems = scorer.timeouts + timeouts
        prediction: learned.Prediction | None = None
        if learner is not None:
            prediction = learner.receive()
            learner.wait()
        index = {slug: i for i, slug in enumerate(self.slugs)}
        say = {index[k]: v for k, v in (prediction.say if prediction else {}).items()}
        for position, (paper, found_here) in enumerate(zip(papers, evidence, strict=True)):
            probabilities: dict[int, float] = {}
            # A model learned from titles and abstracts has no say on a paper without an
            # abstract: its title alone is too unlike what it learned from.
            if prediction is not None and paper.abstract.strip():
                probabilities = {index[k]: v for k, v in prediction.of(position).items()}
            given = decide(self.rules, say, found_here, probabilities)
            paper.tags = tuple(self.rules[i].tag for i in given)
        return problems

    def cancel(self) -> None:
        """Stop the learner if it still runs (the archive could not be read)."""
        if self.learner is not None:
            self.learner.cancel()


def assign_tags(
    papers: list[Paper], rules: Sequence[Rule], examples: Sequence[learned.Example] = ()
) -> list[Problem]:
    """Tag every paper (in place), in taxonomy order: `Tagging` in one step."""
    return Tagging(rules, examples).finish(papers)


def _evidence_of(rules: tuple[Rule, ...], papers: list[Paper], send: background.Send) -> None:
    """Each paper's rules' evidence (by rule position), and the patterns that ran out of time."""
    scorer = Scorer(rules)
    send(([scorer.evidence(p) for p in papers], scorer.timeouts))
