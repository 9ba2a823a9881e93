"""Paper identity: which entries are the same paper, and merging them into one record.

Entries are the same paper when they share an arXiv id (versions aside), else a DOI, else a
normalised title, but never when that would join two different arXiv ids or DOIs. A merged
field comes from the highest-ranked source that has it (RANK), the newest of equals.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

from generator import links
from generator.model import Entry, Link, Paper

NON_WORD = re.compile(r"[\W_]+")
# Curated records beat the APIs, which beat citation files, which beat copied pages.
RANK = {"curator": 4, "hf-api": 3, "arxiv": 3, "bibtex": 2, "hf-dump": 1}
T = TypeVar("T")


def normalise_title(title: str) -> str:
    """Fold case, Unicode forms, punctuation and spacing so that copies of a title compare equal."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    return NON_WORD.sub(" ", folded).strip()


def keys(entry: Entry) -> list[str]:
    """The identities an entry claims, strongest first."""
    found = [f"arxiv:{entry.arxiv_id}"] if entry.arxiv_id else []
    found += [f"doi:{entry.doi}"] if entry.doi else []
    return [*found, "title:" + normalise_title(entry.match_title or entry.title)]


def identity_key(entry: Entry) -> str:
    """The strongest identity of an entry (its arXiv id, DOI, or normalised title)."""
    return keys(entry)[0]


def entry_order(entry: Entry) -> tuple[object, ...]:
    """Oldest sighting first; file and line break ties so that input order never matters."""
    day = entry.listed_on or entry.published or dt.date.max
    return (day, entry.source.path, entry.source.line, entry.title, entry.abstract)


class Group:
    """Entries found to be one paper so far, with the ids they carry."""

    def __init__(self, entry: Entry) -> None:
        self.entries = [entry]
        self.arxiv = {entry.arxiv_id} - {""}
        self.doi = {entry.doi} - {""}

    def compatible(self, other: Group) -> bool:
        return not (self.arxiv and other.arxiv and self.arxiv != other.arxiv) and not (
            self.doi and other.doi and self.doi != other.doi
        )

    def absorb(self, other: Group) -> None:
        self.entries += other.entries
        self.arxiv |= other.arxiv
        self.doi |= other.doi


def group(entries: Iterable[Entry]) -> list[list[Entry]]:
    """Entries grouped into papers, each group oldest first, in a stable order. Union-find over
    the groups (linear at any size); entries are taken oldest first, so input order never
    decides which of two conflicting groups a title-only entry joins."""
    groups: list[Group] = []
    parent: list[int] = []
    owner: dict[str, int] = {}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for entry in sorted(entries, key=entry_order):
        current = len(groups)
        groups.append(Group(entry))
        parent.append(current)
        for key in keys(entry):
            if key in owner:
                other = find(owner[key])
                if other != current and groups[current].compatible(groups[other]):
                    groups[other].absorb(groups[current])
                    parent[current] = other
                    current = other
        for key in keys(entry):
            owner.setdefault(key, current)
    roots = sorted({find(i) for i in range(len(groups))})
    found = [sorted(groups[r].entries, key=entry_order) for r in roots]
    return sorted(found, key=lambda g: identity_key(g[0]))


def ranked(sightings: list[Entry]) -> list[Entry]:
    """Sightings (oldest first) in the order fields are taken from: best source, then newest."""
    order = sorted(enumerate(sightings), key=lambda item: (-RANK.get(item[1].kind, 0), -item[0]))
    return [entry for _, entry in order]


# The fields a paper takes from one source each, and how to read them off an entry.
FIELDS: dict[str, Callable[[Entry], object]] = {
    "title": lambda e: e.title,
    "abstract": lambda e: e.abstract,
    "authors": lambda e: e.authors,
    "arxiv_id": lambda e: e.arxiv_id,
    "doi": lambda e: e.doi,
    "published": lambda e: e.published,
    "categories": lambda e: e.categories,
    "pdf_url": lambda e: e.pdf_url,
    "venue": lambda e: e.venue,
    "keywords": lambda e: e.keywords,
    "summary": lambda e: e.summary,
    "note": lambda e: e.note,
}


def record(sightings: list[Entry]) -> Paper:
    order = ranked(sightings)
    # Each field from the first ranked sighting that has it; and where it came from.
    chosen = {name: next((e for e in order if read(e)), None) for name, read in FIELDS.items()}

    def pick(name: str, empty: T) -> T:
        entry = chosen[name]
        return FIELDS[name](entry) if entry is not None else empty  # type: ignore[return-value]

    title = pick("title", "")
    abstract = pick("abstract", "")
    extracted = list(links.extract(abstract))
    given = [
        Link(kind, links.normalise(url))
        for e in sightings
        for kind, url in (("code", e.code_url), ("project", e.project_url))
        if url.startswith(("https://", "http://"))
    ]
    all_links = tuple(dict.fromkeys(given + extracted))
    return Paper(
        key=_strongest(sightings),
        title=title,
        abstract=abstract,
        sightings=tuple(sightings),
        links=all_links,
        authors=pick("authors", ()),
        arxiv_id=pick("arxiv_id", ""),
        doi=pick("doi", ""),
        # From the best source, not the earliest: BibTeX knows a year, arXiv the day.
        published=pick("published", None),
        published_precision=getattr(chosen["published"], "published_precision", "day"),
        categories=pick("categories", ()),
        pdf_url=pick("pdf_url", ""),
        venue=pick("venue", ""),
        upvotes=max((e.upvotes for e in sightings if e.upvotes is not None), default=None),
        github_stars=max(
            (e.github_stars for e in sightings if e.github_stars is not None), default=None
        ),
        keywords=pick("keywords", ()),
        note=pick("note", ""),
        summary=pick("summary", ""),
        sources={name: entry.source for name, entry in chosen.items() if entry is not None},
        hidden=any(e.hidden for e in sightings),
    )


def _strongest(sightings: list[Entry]) -> str:
    return min(
        (identity_key(e) for e in sightings),
        key=lambda k: (not k.startswith("arxiv:"), not k.startswith("doi:"), k),
    )


def merge(entries: Iterable[Entry]) -> tuple[list[Paper], list[str]]:
    """Group entries into papers; returns the papers and a line per entry merged into another."""
    papers: list[Paper] = []
    merges: list[str] = []
    for sightings in group(entries):
        paper = record(sightings)
        keeper = max(sightings, key=lambda e: (RANK.get(e.kind, 0), entry_order(e)))
        for other in sightings:
            if other is keeper:
                continue
            kept = paper.sources.get("abstract")
            differs = (
                f" (its abstract differs; the one from {kept} is kept)"
                if kept is not None and other.abstract and other.abstract != paper.abstract
                else ""
            )
            merges.append(f"{other.source}: same paper as {keeper.source}{differs}")
        papers.append(paper)
    return papers, sorted(merges)
