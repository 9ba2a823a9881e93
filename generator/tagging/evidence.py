"""How much evidence a paper's title, abstract and source keywords give each tag's rule."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from generator import safe_regex
from generator.model import Paper, Problem, SourceRef
from generator.taxonomy import FIELDS, WORD, Keyword, Rule, count_matches, word_counts

# What one occurrence of a keyword is worth, by where it is: a title names what a paper is
# about, so a keyword there is enough for a tag at the default threshold of 1; an abstract also
# mentions what a paper builds on or compares with, so a mention there is half of that, and
# only the first MAX_MENTIONS mentions of a keyword count. A source's keywords (Hugging
# Face's `ai_keywords`) are many per paper and of mixed relevance: half as well.
# A paper with no abstract (many BibTeX entries) is known by its title alone, which then has
# to say it all: a keyword there is worth half as much again ("title alone").
WEIGHT = {"title": 1.0, "title alone": 1.5, "abstract": 0.5, "keywords": 0.5, "categories": 1.0}
MAX_MENTIONS = {"title": 1, "title alone": 1, "abstract": 2, "keywords": 2, "categories": 1}
HINT = 0.5  # a hint is worth half a keyword
CERTAIN = 100.0  # a matching arXiv category: the tag is given whatever else is said


def field_texts(paper: Paper) -> dict[str, str]:
    """The text of each field evidence is looked for in; the source keywords one a line, so
    that no phrase runs from one keyword into the next."""
    return {"title": paper.title, "abstract": paper.abstract, "keywords": "\n".join(paper.keywords)}


# Per field: its text, in lower case, its words counted, and each two words that follow
# each other.
Words = dict[str, tuple[str, str, dict[str, int], set[tuple[str, str]]]]


def field_words(paper: Paper) -> Words:
    """Each field's text, in lower case, its words counted and its word pairs (the tagger's one
    pass over a paper's words, which the rules and the learned model share)."""
    out: Words = {}
    for name, text in field_texts(paper).items():
        lower = text.lower()
        words = WORD.findall(lower)
        out[name] = (text, lower, Counter(words), set(pairwise(words)))
    return out


@dataclass(frozen=True)
class Found:
    """One piece of evidence: a keyword (or hint, pattern, `not`, category) found in a field."""

    rule: int  # the rule's position in the taxonomy
    kind: str  # "keyword", "hint", "pattern", "not" or "category"
    text: str  # the keyword, pattern or category
    field: str  # "title", "abstract", "keywords" or "categories"
    mentions: int

    @property
    def value(self) -> float:
        """What it adds to the rule's evidence (a `not` takes away)."""
        return value(self.kind, self.field, self.mentions)


def value(kind: str, field: str, mentions: int) -> float:
    """What `mentions` occurrences of a keyword, hint, pattern or `not` in a field are worth."""
    if kind == "category":
        return CERTAIN
    worth = WEIGHT[field] * min(mentions, MAX_MENTIONS[field])
    if kind == "hint":
        return worth * HINT
    return -worth if kind == "not" else worth


Filed = tuple[int, int, str, Keyword]
# Found, as the scorer works with it: rule, kind, text, field, mentions, the keyword's words.
Evidence = tuple[
    int, str, str, str, int, frozenset[str] | None
]  # a keyword's position (for a fixed order), rule, kind


class Scorer:
    """Every rule of a taxonomy at once: a paper's words look up the few keywords that could
    occur in it (trying 26 rules' keywords on each of 20,000 papers took seconds)."""

    def __init__(self, rules: list[Rule] | tuple[Rule, ...]) -> None:
        self.rules = tuple(rules)
        # Per field: keywords, hints and nots, a word under each of its forms (it also
        # matches its plural), a phrase under its first two words (the second in each form
        # if it is the last), which must follow each other in the text.
        self.by_word: dict[str, dict[str, list[Filed]]] = {f: {} for f in FIELDS}
        self.by_pair: dict[str, dict[tuple[str, str], list[Filed]]] = {f: {} for f in FIELDS}
        self.other: dict[str, list[Filed]] = {f: [] for f in FIELDS}  # with no words: tried
        self.patterns: dict[str, list[tuple[int, safe_regex.SafePattern]]] = {f: [] for f in FIELDS}
        self.timeouts: list[Problem] = []  # curator patterns that ran out of time (disabled)
        self.paper_title = ""  # of the paper being scored, for those messages
        self.categories: dict[str, list[int]] = {}
        position = 0
        for index, rule in enumerate(self.rules):
            for name in rule.fields:
                for kind, keywords in (
                    ("keyword", rule.keywords),
                    ("hint", rule.hints),
                    ("not", rule.nots),
                ):
                    for k in keywords:
                        entry = (position, index, kind, k)
                        position += 1
                        if len(k.parts) == 1:
                            word = k.parts[0]
                            for form in (word, word + "s", word + "es"):
                                self.by_word[name].setdefault(form, []).append(entry)
                        elif len(k.parts) == 2:
                            first, second = k.parts
                            for form in (second, second + "s", second + "es"):
                                self.by_pair[name].setdefault((first, form), []).append(entry)
                        elif k.parts:
                            pair = (k.parts[0], k.parts[1])
                            self.by_pair[name].setdefault(pair, []).append(entry)
                        else:
                            self.other[name].append(entry)
                self.patterns[name] += [(index, p) for p in rule.patterns]
            for category in rule.categories:
                self.categories.setdefault(category, []).append(index)

    def found(self, paper: Paper, words: Words | None = None) -> list[Found]:
        """Every piece of evidence in a paper (whose `field_words` may be given), by rule,
        field and kind."""
        return [Found(*f) for f in self._found(paper, words or field_words(paper))]

    def evidence(self, paper: Paper, words: Words | None = None) -> dict[int, float]:
        """Each rule's evidence in a paper (rules with none are left out): the sum of the
        values of what `found` finds, computed without listing it where no `not` phrase
        occurs (most fields). Every value is a multiple of 1/8, so sums are exact in any
        order."""
        words = words or field_words(paper)
        self.paper_title = paper.title
        totals: dict[int, float] = {}
        for rule, kind, _text, where, count in self._categories(paper):
            totals[rule] = totals.get(rule, 0.0) + value(kind, where, count)
        alone = not words["abstract"][0].strip()
        for name, (original, text, counts, pairs) in words.items():
            if not original:
                continue
            field = "title alone" if alone and name == "title" else name
            mentions = self._mentions(name, text, counts, pairs)
            if any(entry[2] == "not" for entry in mentions):
                for rule, kind, _text, _field, n in self._in_field(name, original, mentions):
                    totals[rule] = totals.get(rule, 0.0) + value(kind, field, n)
                continue
            weight, cap = WEIGHT[field], MAX_MENTIONS[field]
            for (_, rule, kind, _k), n in mentions.items():
                worth = weight * min(n, cap) * (HINT if kind == "hint" else 1.0)
                totals[rule] = totals.get(rule, 0.0) + worth
            for rule, pattern in self.patterns[name]:
                n = self._pattern_count(pattern, original)
                if n:
                    totals[rule] = totals.get(rule, 0.0) + weight * min(n, cap)
        return totals

    def _pattern_count(self, pattern: safe_regex.SafePattern, text: str) -> int:
        """A curator pattern's matches; one that runs out of time counts none, from then on
        (it is disabled), and is reported once, naming it and where it is written."""
        try:
            return count_matches(pattern, text)
        except safe_regex.PatternTimeout as error:
            file, _, line = error.pattern.where.rpartition(":")
            ref = SourceRef(file or "taxonomy", int(line) if line.isdigit() else 1)
            self.timeouts.append(Problem(ref, f"{error} (paper {self.paper_title[:80]!r})"))
            return 0

    def _categories(self, paper: Paper) -> Iterator[tuple[int, str, str, str, int]]:
        matched_categories: set[int] = set()
        for category in paper.categories:
            # "math" names the archive of math.CO, math.AG, …; "math.CO" just that category.
            for name in dict.fromkeys((category, category.split(".")[0])):
                for index in self.categories.get(name, ()):
                    if index not in matched_categories:
                        matched_categories.add(index)
                        yield index, "category", name, "categories", 1

    def _found(self, paper: Paper, words: Words) -> Iterator[tuple[int, str, str, str, int]]:
        self.paper_title = paper.title
        yield from self._categories(paper)
        alone = not words["abstract"][0].strip()
        for name, (original, text, counts, pairs) in words.items():
            if original:
                mentions = self._mentions(name, text, counts, pairs)
                for found in self._in_field(name, original, mentions):
                    if alone and name == "title":
                        found = (*found[:3], "title alone", found[4])
                    yield found

    def _mentions(
        self, name: str, text: str, counts: dict[str, int], pairs: set[tuple[str, str]]
    ) -> dict[Filed, int]:
        """How often each keyword, hint and `not` of a field occurs (those that do)."""
        filed = self.by_word[name]
        mentions: dict[Filed, int] = {}
        for word in filed.keys() & counts.keys():
            for entry in filed[word]:
                k = entry[3]
                if k.single:  # filed under each of its forms: add up their counts
                    mentions[entry] = mentions.get(entry, 0) + counts[word]
                elif entry not in mentions:
                    mentions[entry] = k.count(text, counts)
        by_pair = self.by_pair[name]
        for pair in by_pair.keys() & pairs:
            for entry in by_pair[pair]:
                if entry not in mentions:
                    mentions[entry] = entry[3].count(text, counts)
        for entry in self.other[name]:
            mentions[entry] = entry[3].count(text, counts)
        return {entry: n for entry, n in mentions.items() if n}

    def _in_field(
        self, name: str, original: str, mentions: dict[Filed, int]
    ) -> Iterator[tuple[int, str, str, str, int]]:
        negated: dict[int, list[Keyword]] = {}
        found: list[Evidence] = []
        for entry in sorted(mentions):  # by position: each entry's first item is unique
            if mentions[entry]:
                _, index, kind, k = entry
                if kind == "not":
                    negated.setdefault(index, []).append(k)
                found.append((index, kind, k.text, name, mentions[entry], k.words))
        for index, pattern in self.patterns[name]:
            count = self._pattern_count(pattern, original)
            if count:
                found.append((index, "pattern", pattern.source, name, count, None))
        if negated:
            found = self._without_nots(negated, name, original, found)
        for index, kind, keyword, _, count, _ in found:
            yield index, kind, keyword, name, count

    def _without_nots(
        self, negated: dict[int, list[Keyword]], name: str, text: str, found: list[Evidence]
    ) -> list[Evidence]:
        """`found`, with the keywords and patterns of the rules with a `not` in the text
        counted again without the `not` phrases: their words are no evidence. (Only the
        keywords that share a word with one can change.)"""
        for index, nots in sorted(negated.items()):
            masked = text
            for k in nots:
                masked = k.pattern.sub(" ", masked)
            lower = masked.lower()
            counts = word_counts(lower)
            gone = frozenset().union(*(k.words for k in nots))
            rule = self.rules[index]
            again: list[Evidence] = []
            for kind, keywords in (("keyword", rule.keywords), ("hint", rule.hints)):
                for k in keywords:
                    if k.words & gone:
                        mentions = k.count(lower, counts)
                        if mentions:
                            again.append((index, kind, k.text, name, mentions, k.words))
            for pattern in rule.patterns:
                mentions = self._pattern_count(pattern, masked)
                if mentions:
                    again.append((index, "pattern", pattern.source, name, mentions, None))
            kept = [
                f
                for f in found
                if f[0] != index or f[1] == "not" or (f[5] is not None and not f[5] & gone)
            ]
            found = kept + again
        return found
