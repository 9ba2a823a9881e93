"""A paper's tags: its rules' evidence, plus what a model learned from examples says, against
each tag's threshold."""

from __future__ import annotations

from array import array
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
    """The build's tagging, in two steps. Made before the listings are read, it starts a
    worker (`work`) in a forked process where the platform has one, which loads scikit-learn
    meanwhile when there are examples to learn from (on the other core, and never in this
    process: 100 MB it does not hold). `finish` then tags the papers: the worker learns from
    the examples and predicts every paper, while this process weighs the rules' evidence
    from the first papers on; when the worker is done predicting, it weighs the evidence of
    the last papers, until the two meet (`background.Claims`). The same tags as `Tagger`."""

    def __init__(
        self, rules: Sequence[Rule], examples: Sequence[learned.Example], fork: bool = True
    ) -> None:
        self.rules = tuple(rules)
        self.claims = background.Claims()
        self.worker: background.Job | None = background.Job(
            work, self.rules, list(examples), self.claims, fork=fork, inbox=True
        )

    def finish(self, papers: list[Paper], more: Sequence[learned.Example] = ()) -> list[Problem]:
        """Tag every paper (in place), in taxonomy order, the examples being those given
        when made and `more` (the curator's); returns a problem for each curator pattern
        that ran out of time (`safe_regex`: it counts for no paper from then on, in each of
        the processes)."""
        worker = self.worker
        assert worker is not None, "finish() is called once"
        self.claims.reset(len(papers))
        worker.post((list(more), len(papers)))
        # The papers' texts a chunk at a time, from the last: the worker lets each go once
        # this process has weighed its papers' evidence.
        for end in range(len(papers), 0, -CHUNK):
            chunk = papers[max(0, end - CHUNK) : end]
            worker.post([(p.title, p.abstract, p.keywords, p.categories) for p in chunk])
        worker.post(None)
        scorer = Scorer(self.rules)
        evidence: list[dict[int, float] | None] = [None] * len(papers)
        while (taken := self.claims.front(CHUNK)) is not None:
            for position in taken:
                evidence[position] = scorer.evidence(papers[position])
        done: Done = worker.receive()
        worker.wait()
        self.worker = None  # until here, `cancel` stops it if anything above fails
        for position, found in zip(done.positions, done.evidence, strict=True):
            evidence[position] = found
        prediction = done.prediction
        index = {rule.tag.slug: i for i, rule in enumerate(self.rules)}
        say = {index[k]: v for k, v in (prediction.say if prediction else {}).items()}
        for position, paper in enumerate(papers):
            probabilities: dict[int, float] = {}
            # A model learned from titles and abstracts has no say on a paper without an
            # abstract: its title alone is too unlike what it learned from.
            if prediction is not None and paper.abstract.strip():
                probabilities = {index[k]: v for k, v in prediction.of(position).items()}
            found_here = evidence[position]
            assert found_here is not None
            given = decide(self.rules, say, found_here, probabilities)
            paper.tags = tuple(self.rules[i].tag for i in given)
        # A pattern that ran out of time in both processes: said once (the first found).
        said: dict[tuple[object, str], Problem] = {}
        for problem in scorer.timeouts + done.timeouts:
            said.setdefault((problem.source, problem.reason.split(" (paper ")[0]), problem)
        return list(said.values())

    def cancel(self) -> None:
        """Stop the worker if it still runs (the archive could not be read)."""
        if self.worker is not None:
            self.worker.cancel()
            self.worker = None


@dataclass(frozen=True)
class Done:
    """What the worker sends back: the model's prediction (None without examples), the
    evidence of the papers it weighed (at `positions`), and its patterns that timed out."""

    prediction: learned.Prediction | None
    positions: array[int]
    evidence: list[dict[int, float]]
    timeouts: list[Problem]


Text = tuple[str, str, tuple[str, ...], tuple[str, ...]]  # title, abstract, keywords, categories


def work(
    rules: tuple[Rule, ...],
    examples: list[learned.Example],
    claims: background.Claims,
    send: background.Send,
    receive: background.Receive,
) -> None:
    """`Tagging`'s worker: loads scikit-learn if there are examples, waits for the curator's
    examples and the number of papers, learns, then takes the papers' texts a chunk at a
    time from the last and predicts each; then weighs the rules' evidence of the last papers
    the build's process has not taken yet (`Claims.back`), until the two meet."""
    if examples:
        learned.preload()
    more, total = receive()
    scorer = Scorer(rules)
    model = None
    if examples or more:
        model = learned.Model([r.tag.slug for r in rules], [*examples, *more])
    width = len(model.slugs) if model is not None else 0
    flat = array("d", bytes(8 * width * total))
    positions, evidence = array("i"), []
    kept: dict[int, tuple[int, list[Text]]] = {}  # chunks by end: their start and texts
    end = total
    while (chunk := receive()) is not None:
        start = end - len(chunk)
        if model is not None and width:
            # Word counts only (not `field_words`, whose word pairs the rules alone need).
            rows = model.probabilities(
                [
                    learned.text_fields(title, abstract, keywords)
                    for title, abstract, keywords, _ in chunk
                ]
            )
            flat[start * width : end * width] = array(
                "d", (row[slug] for row in rows for slug in model.slugs)
            )
        # Kept for the evidence this may weigh once every paper is predicted (predicting is
        # its own work, weighing is shared): only while the other process has not passed it.
        kept[end] = (start, chunk)
        for passed in [e for e in kept if e <= claims.front_position()]:
            del kept[passed]
        end = start
    # The chunks came from the back, as this takes its claims: each claim is one chunk's
    # papers not yet taken from the front (all of them, until the two meet).
    while (taken := claims.back(CHUNK)) is not None:
        first, texts = kept[taken.stop]
        for position in taken:
            positions.append(position)
            evidence.append(scorer.evidence(_paper(texts[position - first])))
    prediction = None
    if model is not None:
        prediction = learned.Prediction(tuple(model.slugs), dict(model.say), flat)
    send(Done(prediction, positions, evidence, scorer.timeouts))


def _paper(text: Text) -> Paper:
    """What the rules and models read of a paper, from its text."""
    title, abstract, keywords, categories = text
    return Paper(
        key="",
        title=title,
        abstract=abstract,
        sightings=(),
        keywords=keywords,
        categories=categories,
    )


def assign_tags(
    papers: list[Paper],
    rules: Sequence[Rule],
    examples: Sequence[learned.Example] = (),
    fork: bool = True,
) -> list[Problem]:
    """Tag every paper (in place), in taxonomy order: `Tagging` in one step."""
    tagging = Tagging(rules, examples, fork)
    try:
        return tagging.finish(papers)
    finally:
        tagging.cancel()
