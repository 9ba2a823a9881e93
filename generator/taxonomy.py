"""The tag taxonomy: loading and validating its YAML file, and tagging papers by keywords."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from slugify import slugify

from generator import safe_regex
from generator.model import Paper, Problem, SourceRef, Tag
from generator.sources import safe_yaml

FIELDS = ("title", "abstract")


class TaxonomyError(Exception):
    """The taxonomy file cannot be used; the message names the file, line and field."""


Keyword = tuple[frozenset[str], re.Pattern[str] | None]  # the words it needs; a phrase's pattern


@dataclass(frozen=True)
class Rule:
    """A tag and the patterns that assign it; `matches` defines a match (`Tagger` answers for
    all the rules at once, the same way, faster)."""

    tag: Tag
    # Each keyword with the words it needs, and for a phrase the pattern that checks their order
    # (a one-word keyword matches exactly when its word is one of the text's words).
    keywords: tuple[Keyword, ...]
    patterns: tuple[safe_regex.SafePattern, ...]  # curator-written: bounded in time
    fields: tuple[str, ...]
    categories: frozenset[str] = frozenset()  # arXiv categories or archives ("hep-th", "math")

    def matches(
        self, texts: dict[str, tuple[str, frozenset[str]]], categories: tuple[str, ...] = ()
    ) -> bool:
        """Whether the rule matches; `texts` maps each field to its text and its set of words."""
        # "math" names the archive of math.CO, math.AG, …; "math.CO" names just that category.
        if any(c in self.categories or c.split(".")[0] in self.categories for c in categories):
            return True
        for name in self.fields:
            text, words = texts[name]
            # A keyword matches only where all its words are words of the text, so the set
            # tests (cheap) rule out almost every keyword before its regex (costly) runs.
            if any(
                needed <= words and (p is None or p.search(text) is not None)
                for needed, p in self.keywords
            ):
                return True
            if any(p.search(text) for p in self.patterns):
                return True
        return False


WORD = re.compile(r"\w+")


def words_of(text: str) -> frozenset[str]:
    return frozenset(WORD.findall(text.lower()))


def keyword_pattern(keyword: str) -> str:
    """A keyword or phrase as a whole-word, case-insensitive pattern (spaces match hyphens)."""
    words = [re.escape(w) for w in re.split(r"[\s-]+", keyword.strip()) if w]
    return r"(?<![\w])" + r"[\s-]+".join(words) + r"(?![\w])"


def _line_of(node: yaml.Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 1


def load(text: str, path: str) -> list[Rule]:
    """Parse and validate a taxonomy; raises TaxonomyError naming file, line and field."""

    def fail(line: int, message: str) -> TaxonomyError:
        return TaxonomyError(str(Problem(SourceRef(path, line), message)))

    try:
        root, data = safe_yaml.load(text, as_text=True)  # bounded; `yes` stays text
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else getattr(error, "line", 1)
        raise fail(line, f"not valid YAML: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("tags"), list):
        raise fail(1, "expected a mapping with a 'tags' list")
    tag_nodes: list[Any] = []
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            if key_node.value == "tags" and isinstance(value_node, yaml.SequenceNode):
                tag_nodes = value_node.value
    rules: list[Rule] = []
    slugs: dict[str, int] = {}
    for index, item in enumerate(data["tags"]):
        line = _line_of(tag_nodes[index] if index < len(tag_nodes) else None)
        if not isinstance(item, dict):
            raise fail(line, f"tags[{index}]: expected a mapping with name, description, keywords")
        unknown = set(item) - {
            "name",
            "slug",
            "description",
            "keywords",
            "patterns",
            "fields",
            "categories",
        }
        if unknown:
            raise fail(line, f"tags[{index}]: unknown field(s) {', '.join(sorted(unknown))}")
        name = item.get("name")
        if not isinstance(name, str) or not name.strip():
            raise fail(line, f"tags[{index}].name: expected a non-empty string")
        description = item.get("description", "")
        if not isinstance(description, str):
            raise fail(line, f"tag {name!r}: description must be a string")
        slug = item.get("slug") or slugify(name)
        if not isinstance(slug, str) or slugify(slug) != slug or not slug:
            raise fail(line, f"tag {name!r}: slug {slug!r} must be lowercase words joined by '-'")
        if slug in slugs:
            raise fail(line, f"tag {name!r}: slug {slug!r} is already used on line {slugs[slug]}")
        slugs[slug] = line
        fields = item.get("fields", list(FIELDS))
        if not isinstance(fields, list) or not fields or not set(fields) <= set(FIELDS):
            raise fail(line, f"tag {name!r}: fields must be a list drawn from {list(FIELDS)}")
        lists: dict[str, list[str]] = {}
        for field_name in ("keywords", "patterns", "categories"):
            values = item.get(field_name, [])
            if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
                raise fail(line, f"tag {name!r}: {field_name} must be a list of strings")
            lists[field_name] = values
        if not lists["keywords"] and not lists["patterns"] and not lists["categories"]:
            raise fail(line, f"tag {name!r}: give at least one keyword, pattern or category")
        patterns = []
        for source in lists["patterns"]:
            try:
                patterns.append(safe_regex.SafePattern(source, f"{path}:{line}"))
            except safe_regex.error as error:
                raise fail(line, f"tag {name!r}: pattern {source!r} is invalid: {error}") from None
        keywords = tuple(
            (
                words_of(k),
                None if WORD.fullmatch(k.strip()) else re.compile(keyword_pattern(k), re.I),
            )
            for k in lists["keywords"]
        )
        tag = Tag(name=name.strip(), slug=slug, description=description.strip())
        categories = frozenset(lists["categories"])
        rules.append(Rule(tag, keywords, tuple(patterns), tuple(fields), categories))
    return rules


class Tagger:
    """Every rule of a taxonomy at once: the same answers as asking each `Rule.matches`, but a
    paper's words look up the few keywords that could match instead of every rule being
    tried (26 rules for each of 20,000 papers took seconds)."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules
        # Per field: keywords filed under one of their words, keywords with no word at all
        # (always tried), and the regular expression patterns; each with its rule's position.
        self.by_word: dict[str, dict[str, list[tuple[int, Keyword]]]] = {f: {} for f in FIELDS}
        self.always: dict[str, list[tuple[int, Keyword]]] = {f: [] for f in FIELDS}
        self.patterns: dict[str, list[tuple[int, safe_regex.SafePattern]]] = {f: [] for f in FIELDS}
        self.categories: dict[str, list[int]] = {}
        for index, rule in enumerate(rules):
            for name in rule.fields:
                for keyword in rule.keywords:
                    if keyword[0]:
                        filed = self.by_word[name].setdefault(min(keyword[0]), [])
                        filed.append((index, keyword))
                    else:
                        self.always[name].append((index, keyword))
                self.patterns[name] += [(index, p) for p in rule.patterns]
            for category in rule.categories:
                self.categories.setdefault(category, []).append(index)
        self.words = {name: frozenset(filed) for name, filed in self.by_word.items()}

    def tags(self, paper: Paper) -> tuple[Tag, ...]:
        """The paper's tags, in taxonomy order."""
        matched: set[int] = set()
        for category in paper.categories:
            # "math" names the archive of math.CO, math.AG, …; "math.CO" just that category.
            matched.update(self.categories.get(category, ()))
            matched.update(self.categories.get(category.split(".")[0], ()))
        for name, text in (("title", paper.title), ("abstract", paper.abstract)):
            words = words_of(text)
            filed = self.by_word[name]
            candidates = [k for word in self.words[name] & words for k in filed[word]]
            for index, (needed, pattern) in candidates + self.always[name]:
                if (
                    index not in matched
                    and needed <= words
                    and (pattern is None or pattern.search(text) is not None)
                ):
                    matched.add(index)
            for index, safe in self.patterns[name]:
                if index not in matched and safe.search(text):
                    matched.add(index)
        return tuple(self.rules[index].tag for index in sorted(matched))


def assign_tags(papers: list[Paper], rules: list[Rule]) -> list[Problem]:
    """Tag every paper with each rule that matches it, in taxonomy order. Returns a problem for
    each pattern that ran out of time (see `safe_regex`), naming it and the paper."""
    tagger = Tagger(rules)
    problems = []
    for paper in papers:
        while True:
            try:
                paper.tags = tagger.tags(paper)
                break
            except safe_regex.PatternTimeout as error:  # now disabled: the paper is tagged again
                file, _, line = error.pattern.where.rpartition(":")
                ref = SourceRef(file or "taxonomy", int(line) if line.isdigit() else 1)
                problems.append(Problem(ref, f"{error} (paper {paper.title[:80]!r})"))
    return problems
