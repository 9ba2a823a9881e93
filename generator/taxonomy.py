"""The tag taxonomy: loading and validating its YAML file into rules (what counts as evidence)."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import yaml
from slugify import slugify

from generator import safe_regex
from generator.model import Problem, SourceRef, Tag
from generator.sources import safe_yaml

# Where a paper's evidence is looked for: its title, its abstract, and the keywords a source
# gives (Hugging Face's `ai_keywords`).
FIELDS = ("title", "abstract", "keywords")
THRESHOLD = 1.0  # the evidence a tag needs unless the file or the tag says otherwise
TAG_FIELDS = frozenset(
    {
        "name",
        "slug",
        "description",
        "keywords",
        "hints",
        "not",
        "patterns",
        "fields",
        "categories",
        "threshold",
    }
)


class TaxonomyError(Exception):
    """The taxonomy file cannot be used; the message names the file, line and field."""


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: the tagger files them
class Keyword:
    """A word or phrase as the tagger looks for it: the words it needs (a cheap test that rules
    out almost every keyword), and for a phrase the pattern that checks their order."""

    text: str
    words: frozenset[str]
    pattern: re.Pattern[str]  # `keyword_pattern`: whole words, any case, '-' for a space
    single: bool  # one word: its count among the text's words is its count
    parts: tuple[str, ...] = ()  # its words in order, lower case
    # The pattern without its leading look-behind, for lower-case text: the regular
    # expression engine then skips to the phrase's first letters (thirty times faster).
    fast: re.Pattern[str] | None = None
    first: frozenset[str] = frozenset()  # the words before the last

    def count(self, lower: str, words: dict[str, int]) -> int:
        """How often it (or its plural) occurs in a lower-case text whose words are counted in
        `words` (`word_counts`); the same as counting `pattern`'s matches."""
        if self.single:
            word = self.parts[0]
            return words.get(word, 0) + words.get(word + "s", 0) + words.get(word + "es", 0)
        if not self.parts or self.fast is None:
            return count_matches(self.pattern, lower)
        # Every word but the last must be there as it is; the last may be in its plural.
        last = self.parts[-1]
        if not (self.first <= words.keys()) or not (
            last in words or last + "s" in words or last + "es" in words
        ):
            return 0
        found, start = 0, 0
        while (match := self.fast.search(lower, start)) is not None:
            begin = match.start()
            if begin and _is_word(lower[begin - 1]):
                start = begin + 1  # inside a longer word: look again from the next letter
            else:
                found += 1
                start = max(match.end(), begin + 1)
        return found


def _is_word(character: str) -> bool:
    return character.isalnum() or character == "_"


@dataclass(frozen=True)
class Rule:
    """A tag and the evidence that assigns it (see the header of content/taxonomy.yml).

    `keywords` are strong evidence, `hints` weak evidence, `nots` phrases that do not count
    (their words are no evidence, and each occurrence argues against the tag); `patterns` are
    regular expressions that count as keywords; `categories` (arXiv categories or archives)
    assign the tag outright; `threshold` is the evidence the tag needs."""

    tag: Tag
    keywords: tuple[Keyword, ...]
    patterns: tuple[safe_regex.SafePattern, ...]  # curator-written: bounded in time
    fields: tuple[str, ...]
    categories: frozenset[str] = frozenset()  # arXiv categories or archives ("hep-th", "math")
    hints: tuple[Keyword, ...] = ()
    nots: tuple[Keyword, ...] = ()
    threshold: float = THRESHOLD
    line: int = 1  # where the tag is defined in the taxonomy file


@dataclass(frozen=True)
class Taxonomy:
    """The rules of a taxonomy file, in its order."""

    rules: tuple[Rule, ...]
    path: str = "taxonomy.yml"

    @property
    def tags(self) -> list[Tag]:
        return [rule.tag for rule in self.rules]


WORD = re.compile(r"\w+")


def words_of(text: str) -> frozenset[str]:
    """The distinct words of a text, lower case."""
    return frozenset(WORD.findall(text.lower()))


def word_counts(text: str) -> dict[str, int]:
    """Each word of a text (lower case) with how often it occurs."""
    return Counter(WORD.findall(text.lower()))


def keyword_pattern(keyword: str) -> str:
    """A keyword or phrase as a whole-word, case-insensitive pattern: spaces match hyphens,
    and the last word may take a plural "s" or "es"."""
    words = [re.escape(w) for w in re.split(r"[\s-]+", keyword.strip()) if w]
    return LOOK_BEHIND + r"[\s-]+".join(words) + r"(?:e?s)?(?![\w])"


LOOK_BEHIND = r"(?<![\w])"


def compile_pattern(source: str, where: str = "") -> safe_regex.SafePattern:
    """A curator's regular expression, case-insensitive and bounded in time (`safe_regex`);
    raises `safe_regex.error` if it is invalid. `where` names it in messages."""
    return safe_regex.SafePattern(source, where)


def count_matches(pattern: re.Pattern[str] | safe_regex.SafePattern, text: str) -> int:
    """How many non-overlapping matches a pattern has in a text. A curator's pattern raises
    `safe_regex.PatternTimeout` if it runs out of time (it is disabled from then on)."""
    if isinstance(pattern, safe_regex.SafePattern):
        return pattern.count(text)
    return len(pattern.findall(text))


def keyword(text: str) -> Keyword:
    """A keyword of the taxonomy as the tagger looks for it."""
    text = text.strip()
    parts = tuple(WORD.findall(text.lower()))
    single = WORD.fullmatch(text) is not None
    pattern = re.compile(keyword_pattern(text), re.IGNORECASE)
    fast = None
    if pattern.pattern.startswith(LOOK_BEHIND) and text.lower().startswith(parts[:1] or ("",)):
        fast = re.compile(keyword_pattern(text.lower()).removeprefix(LOOK_BEHIND))
    return Keyword(text, words_of(text), pattern, single, parts, fast, frozenset(parts[:-1]))


def _forms(text: str) -> list[tuple[str, ...]]:
    """A keyword's words, and the words with its last word as the plural matches it."""
    parts = tuple(WORD.findall(text.lower()))
    if not parts:
        return [(text.strip().lower(),)]
    last = parts[-1]
    base = [last[:-2]] if last.endswith("es") else []
    base += [last[:-1]] if last.endswith("s") else []
    return [parts] + [(*parts[:-1], b) for b in base if b]


def _line_of(node: yaml.Node | None) -> int:
    return node.start_mark.line + 1 if node is not None else 1


def _number(value: object) -> float | None:
    """A positive, finite number, as YAML text (`1.5`: the taxonomy is read as text) or a number."""
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not (value > 0 and math.isfinite(value)):
        return None
    return float(value)


def load_taxonomy(text: str, path: str) -> Taxonomy:
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
    top_lines: dict[str, int] = {}
    if isinstance(root, yaml.MappingNode):
        for key_node, value_node in root.value:
            top_lines[str(key_node.value)] = _line_of(key_node)
            if key_node.value == "tags" and isinstance(value_node, yaml.SequenceNode):
                tag_nodes = value_node.value
    unknown_top = sorted(set(map(str, data)) - {"tags", "threshold"})
    if unknown_top:
        raise fail(
            top_lines.get(unknown_top[0], 1),
            f"unknown field(s) {', '.join(unknown_top)} (known: tags, threshold)",
        )
    default_threshold = THRESHOLD
    if "threshold" in data:
        number = _number(data["threshold"])
        if number is None:
            raise fail(top_lines.get("threshold", 1), "threshold: expected a positive number")
        default_threshold = number
    rules: list[Rule] = []
    slugs: dict[str, int] = {}
    for index, item in enumerate(data["tags"]):
        line = _line_of(tag_nodes[index] if index < len(tag_nodes) else None)
        if not isinstance(item, dict):
            raise fail(line, f"tags[{index}]: expected a mapping with name, description, keywords")
        unknown = set(map(str, item)) - TAG_FIELDS
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
        for field_name in ("keywords", "hints", "not", "patterns", "categories"):
            values = item.get(field_name, [])
            if not isinstance(values, list) or not all(
                isinstance(v, str) and v.strip() for v in values
            ):
                raise fail(line, f"tag {name!r}: {field_name} must be a list of strings")
            lists[field_name] = values
        if not lists["keywords"] and not lists["patterns"] and not lists["categories"]:
            raise fail(line, f"tag {name!r}: give at least one keyword, pattern or category")
        threshold = default_threshold
        if "threshold" in item:
            number = _number(item["threshold"])
            if number is None:
                raise fail(line, f"tag {name!r}: threshold must be a positive number")
            threshold = number
        patterns = []
        for source in lists["patterns"]:
            try:
                patterns.append(compile_pattern(source, f"{path}:{line}"))
            except safe_regex.error as error:
                raise fail(line, f"tag {name!r}: pattern {source!r} is invalid: {error}") from None
        seen: dict[tuple[str, ...], str] = {}
        for field_name in ("keywords", "hints", "not"):
            for text in lists[field_name]:
                for form in _forms(text):
                    if form in seen:
                        raise fail(
                            line,
                            f"tag {name!r}: {field_name} {text!r} repeats {seen[form]!r} "
                            "(a word also matches its plural, and '-' a space)",
                        )
                seen.update((form, text) for form in _forms(text))
        tag = Tag(name=name.strip(), slug=slug, description=description.strip())
        rules.append(
            Rule(
                tag,
                keywords=tuple(keyword(k) for k in lists["keywords"]),
                patterns=tuple(patterns),
                fields=tuple(fields),
                categories=frozenset(lists["categories"]),
                hints=tuple(keyword(k) for k in lists["hints"]),
                nots=tuple(keyword(k) for k in lists["not"]),
                threshold=threshold,
                line=line,
            )
        )
    return Taxonomy(tuple(rules), path)


def load(text: str, path: str) -> list[Rule]:
    """The rules of a taxonomy (see `load_taxonomy`), in its order."""
    return list(load_taxonomy(text, path).rules)
