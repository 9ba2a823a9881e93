"""Paper identity: which entries are the same paper, and merging them into one record.

Entries are the same paper when they share an arXiv id (versions aside), else a DOI (any of
the DOIs an entry gives), else a normalised title, but never when that would join two
different arXiv ids or two sets of DOIs with none in common. On the title alone only when
nothing disagrees, entry by entry: both name authors and share a family name (accents and
transliterations folded: Müller, Mueller), or one side names none and their years are at
most a year apart (two editorials called "Editorial" stay apart, and an entry without names
never bridges two that disagree). A merged field comes from the highest-ranked source that
has it (RANK), the newest of equals.
"""

from __future__ import annotations

import datetime as dt
import re
import reprlib
import unicodedata
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

from text_unidecode import unidecode

from generator import links
from generator.model import ET_AL, Entry, Link, Paper, Problem

NON_WORD = re.compile(r"[\W_]+")
# Curated records beat the APIs, which beat citation files, which beat copied pages.
RANK = {"curator": 4, "hf-api": 3, "arxiv": 3, "bibtex": 2, "hf-dump": 1}
T = TypeVar("T")
DOI_RESOLVER = "https://doi.org/"
# The DOI handbook (section 3.5.2.4, "Encoding rules for URLs"): a DOI in a URL keeps
# letters, digits and these; `%`, `"`, `#`, space, `?` must be encoded, and `<>{}^[]`|\+` and
# anything outside ASCII should be.
DOI_SAFE = "/:;=@&$,!'()*-._~"
# Words of names that say nothing about who wrote a paper.
NOT_NAMES = frozenset({"jr", "sr", "ii", "iii", "iv", "et", "al", "others", "van", "von", "de"})
# German and Nordic transliterations (ü as ue, ö as oe, ä as ae), folded after unidecode.
DIGRAPH = re.compile(r"[aou]e")
# Years a title-only match may span when one side names no authors (preprint, then journal).
YEAR_SLACK = 1
# Bounds on title-only matching: distinct (names, year) profiles a group compares, and groups
# one title may name; past them entries stay apart rather than make the work quadratic.
MAX_PROFILES = 16
MAX_TITLE_GROUPS = 32


def doi_url(doi: str) -> str:
    """The doi.org link of a DOI, percent-encoded as the DOI handbook asks."""
    return DOI_RESOLVER + urllib.parse.quote(doi, safe=DOI_SAFE)


def normalise_title(title: str) -> str:
    """Fold case, Unicode forms, punctuation and spacing so that copies of a title compare equal."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    return NON_WORD.sub(" ", folded).strip()


def keys(entry: Entry) -> list[str]:
    """The identities an entry claims, strongest first."""
    found = [f"arxiv:{entry.arxiv_id}"] if entry.arxiv_id else []
    found += [f"doi:{doi.lower()}" for doi in (entry.doi, *entry.other_dois) if doi]
    return [*found, "title:" + normalise_title(entry.match_title or entry.title)]


def fold_name(word: str) -> str:
    """A name word folded so that its spellings compare equal: case, accents and the German
    and Nordic transliterations (Müller, Mueller and Muller; Jörg and Joerg; Strauß and
    Strauss; Ørsted and Oersted) all give one form. Transliteration by text-unidecode (a
    dependency of python-slugify); then the digraphs `ae`, `oe`, `ue` fold to their vowel."""
    ascii_word = unidecode(unicodedata.normalize("NFKC", word)).casefold()
    return DIGRAPH.sub(lambda m: m.group()[0], ascii_word)


def names(entry: Entry) -> set[str]:
    """The words of an entry's author names, folded by `fold_name` (initials, `Jr`, `von`
    aside)."""
    return set().union(*(_name_words(a) for a in entry.authors if a != ET_AL))


def family_names(entry: Entry) -> set[str]:
    """The family name of each author of an entry, folded by `fold_name`: the last word of the
    name as written `First Last` (suffixes such as `Jr` aside)."""
    found = set()
    for author in entry.authors:
        words = [w for w in _name_words(author, keep_short=True) if w not in NOT_NAMES]
        if author != ET_AL and words:
            found.add(words[-1])
    return found - {""}


def _name_words(author: str, keep_short: bool = False) -> list[str]:
    words = (fold_name(w) for w in NON_WORD.split(unicodedata.normalize("NFKC", author)) if w)
    return [w for w in words if (keep_short or len(w) > 1) and w not in NOT_NAMES]


def year(entry: Entry) -> int | None:
    day = entry.published or entry.listed_on
    return day.year if day else None


def identity_key(entry: Entry) -> str:
    """The strongest identity of an entry (its arXiv id, DOI, or normalised title)."""
    return keys(entry)[0]


def entry_order(entry: Entry) -> tuple[object, ...]:
    """Oldest sighting first; file and line break ties so that input order never matters."""
    day = entry.listed_on or entry.published or dt.date.max
    return (day, entry.source.path, entry.source.line, entry.title, entry.abstract)


@dataclass(frozen=True)
class Profile:
    """What a title-only match is checked against: an entry's folded family names, all its
    folded name words, and its year (each may be empty)."""

    family: frozenset[str]
    words: frozenset[str]
    year: int | None

    @classmethod
    def of(cls, entry: Entry) -> Profile:
        return cls(frozenset(family_names(entry)), frozenset(names(entry)), year(entry))

    def agrees(self, other: Profile) -> bool:
        """Whether two entries with one title may be one paper: when both name authors, a
        family name of one is among the other's names (the order of a name's words varies
        between sources); else, when both are dated, their years are at most YEAR_SLACK
        apart (a preprint and its journal version)."""
        if self.family and other.family:
            return bool(self.family & other.words or other.family & self.words)
        if self.year is not None and other.year is not None:
            return abs(self.year - other.year) <= YEAR_SLACK
        return True


class Group:
    """Entries found to be one paper so far, with the ids they carry and the distinct profiles
    (names, year) of its entries, which a title-only newcomer must agree with, every one."""

    def __init__(self, entry: Entry) -> None:
        self.entries = [entry]
        self.arxiv = {entry.arxiv_id} - {""}
        self.doi = {d.lower() for d in (entry.doi, *entry.other_dois) if d}
        profile = Profile.of(entry)
        self.profiles = {profile} if profile.family or profile.year is not None else set()

    def compatible(self, other: Group, key: str) -> bool:
        """Whether the two groups may be one paper, found through `key`. Through a title,
        every profile of one must agree with every profile of the other (pairwise, so an entry
        without names never bridges two that disagree); a group with more than MAX_PROFILES
        distinct profiles takes no more title-only matches (bounded work)."""
        if self.arxiv and other.arxiv and self.arxiv != other.arxiv:
            return False
        if self.doi and other.doi and not self.doi & other.doi:
            return False
        if key.startswith("title:"):
            if len(self.profiles) > MAX_PROFILES or len(other.profiles) > MAX_PROFILES:
                return False
            return all(p.agrees(q) for p in self.profiles for q in other.profiles)
        return True

    def absorb(self, other: Group) -> None:
        self.entries += other.entries
        self.arxiv |= other.arxiv
        self.doi |= other.doi
        self.profiles |= other.profiles


def group(entries: Iterable[Entry]) -> list[list[Entry]]:
    """Entries grouped into papers, each group oldest first, in a stable order. Union-find over
    the groups; entries are taken oldest first, so input order never decides which group a
    title-only entry joins. Through an arXiv id or DOI an entry joins the group that has it
    (unless ids conflict); through its title only a group that agrees with it (`Group.
    compatible`), and only when exactly one of the title's groups does: an entry that would fit
    two papers kept apart is not given to either. A title names at most MAX_TITLE_GROUPS groups,
    so the work is linear even for a file of thousands of entries with one title."""
    groups: list[Group] = []
    parent: list[int] = []
    owner: dict[str, int] = {}
    titled: dict[str, list[int]] = {}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(current: int, other: int) -> int:
        groups[other].absorb(groups[current])
        parent[current] = other
        return other

    for entry in sorted(entries, key=entry_order):
        current = len(groups)
        groups.append(Group(entry))
        parent.append(current)
        entry_keys = keys(entry)
        for key in entry_keys:
            if key.startswith("title:"):
                named = dict.fromkeys(find(i) for i in titled.get(key, ()))
                fits = [
                    r for r in named if r != current and groups[current].compatible(groups[r], key)
                ]
                if len(fits) == 1:
                    current = join(current, fits[0])
            elif key in owner:
                other = find(owner[key])
                if other != current and groups[current].compatible(groups[other], key):
                    current = join(current, other)
        for key in entry_keys:
            if key.startswith("title:"):
                kept = list(dict.fromkeys(find(i) for i in titled.get(key, ())))
                if current not in kept and len(kept) < MAX_TITLE_GROUPS:
                    kept.append(current)
                titled[key] = kept
            else:
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
        Link(kind, normal)
        for e in sightings
        for kind, url in (("code", e.code_url), ("project", e.project_url))
        if (normal := links.normalise(url))  # "" for no URL or one that does not parse
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


def merge(
    entries: Iterable[Entry], problems: list[Problem] | None = None
) -> tuple[list[Paper], list[str]]:
    """Group entries into papers; returns the papers and a line per entry merged into another.
    With a `problems` list, a paper whose record cannot be built (an unexpected error, a bug) is
    left out and a problem naming each of its entries' files is added, instead of raising."""
    papers: list[Paper] = []
    merges: list[str] = []
    for sightings in group(entries):
        if problems is None:
            paper = record(sightings)
        else:
            try:
                paper = record(sightings)
            except Exception as error:  # the safety net: a problem, not a traceback
                reason = f"this entry could not be made a paper: {type(error).__name__}: "
                problems.extend(
                    Problem(e.source, reason + reprlib.repr(str(error))) for e in sightings
                )
                continue
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
    _distinct_keys(papers)
    return papers, sorted(merges)


def _distinct_keys(papers: list[Paper]) -> None:
    """Papers kept apart though their titles match share a title key; each then adds its first
    year and first author, and where even those are shared (entries without names kept apart),
    the file and line of its first sighting, so that every paper's key is its own."""
    count: dict[str, int] = {}
    for paper in papers:
        count[paper.key] = count.get(paper.key, 0) + 1
    for paper in papers:
        if count[paper.key] > 1:
            years = sorted(y for y in map(year, paper.sightings) if y is not None)
            first = next((a for a in paper.authors if a != ET_AL), "")
            paper.key = f"{paper.key} ({years[0] if years else ''}, {first})"
    again: dict[str, int] = {}
    for paper in papers:
        again[paper.key] = again.get(paper.key, 0) + 1
    for paper in papers:
        if again[paper.key] > 1:
            paper.key = f"{paper.key} [{paper.sightings[0].source}]"
