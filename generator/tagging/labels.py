"""Labels files: papers a curator has tagged by hand, one JSON object a line (JSON Lines).

Each line is `{"id": "2605.27919", "title": "…", "abstract": "…", "tags": ["agents", …]}`;
`id` (an arXiv id or any name), `abstract`, `keywords` and `categories` (lists of strings) may
be left out, `date` and other fields are ignored. `tags` lists every tag the paper should have
(slugs of the taxonomy), so every other tag is one it should not have. Blank lines are skipped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from generator.model import Problem, SourceRef
from generator.tagging.learned import Example


@dataclass(frozen=True)
class Labels:
    """What a labels file holds: its examples, and the lines that could not be used."""

    examples: tuple[Example, ...]
    problems: tuple[Problem, ...]


def _strings(value: object) -> tuple[str, ...] | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return None
    return tuple(value)


def parse(data: bytes, path: str, slugs: frozenset[str] | None = None) -> Labels:
    """The examples of a labels file; a line that is not a labelled paper, or names a tag not
    in `slugs` (where given), is a problem with its file and line."""
    examples: list[Example] = []
    problems: list[Problem] = []
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return Labels((), (Problem(SourceRef(path, 1), f"not UTF-8: {error}"),))
    for number, line in enumerate(text.splitlines(), start=1):
        ref = SourceRef(path, number)
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(Problem(ref, f"not valid JSON: {error.msg}"))
            continue
        if not isinstance(item, dict):
            problems.append(Problem(ref, "expected an object with title and tags"))
            continue
        title, abstract = item.get("title"), item.get("abstract", "")
        if not isinstance(title, str) or not title.strip():
            problems.append(Problem(ref, "title: expected a non-empty string"))
            continue
        if not isinstance(abstract, str):
            problems.append(Problem(ref, "abstract: expected a string"))
            continue
        tags, keywords, categories = (
            _strings(item.get(name, [])) for name in ("tags", "keywords", "categories")
        )
        if tags is None or "tags" not in item:
            problems.append(Problem(ref, "tags: expected a list of tag slugs"))
            continue
        if keywords is None or categories is None:
            problems.append(Problem(ref, "keywords and categories: expected lists of strings"))
            continue
        unknown = sorted(set(tags) - slugs) if slugs is not None else []
        if unknown:
            problems.append(
                Problem(ref, f"tags: no tag {', '.join(map(repr, unknown))} in the taxonomy")
            )
            continue
        key = item.get("id")
        examples.append(
            Example(
                key=str(key) if isinstance(key, str | int) and str(key) else f"{path}:{number}",
                title=" ".join(title.split()),
                abstract=" ".join(abstract.split()),
                positive=frozenset(tags),
                negative=None,
                source=ref,
                keywords=keywords,
                categories=categories,
            )
        )
    return Labels(tuple(examples), tuple(problems))
