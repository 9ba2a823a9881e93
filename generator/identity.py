"""Paper identity: which entries are the same paper, and merging them into one record."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from generator import links
from generator.model import Entry, Paper

NON_WORD = re.compile(r"[\W_]+")


def normalise_title(title: str) -> str:
    """Fold case, Unicode forms, punctuation and spacing so that copies of a title compare equal."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    return NON_WORD.sub(" ", folded).strip()


def identity_key(entry: Entry) -> str:
    """The key two entries share exactly when they are the same paper."""
    return "title:" + normalise_title(entry.title)


def entry_order(entry: Entry) -> tuple[object, ...]:
    """Oldest sighting first; file and line break ties so that input order never matters."""
    return (entry.listed_on, entry.source.path, entry.source.line, entry.title, entry.abstract)


def merge(entries: Iterable[Entry]) -> tuple[list[Paper], list[str]]:
    """Group entries into papers; returns the papers and a line per entry merged into another."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(identity_key(entry), []).append(entry)
    papers: list[Paper] = []
    merges: list[str] = []
    for key in sorted(groups):
        sightings = sorted(groups[key], key=entry_order)
        # The newest listing wins for the text: it carries the latest corrections.
        newest = sightings[-1]
        for other in sightings[:-1]:
            differs = (
                " (its abstract differs; the newer one is kept)"
                if (other.abstract != newest.abstract)
                else ""
            )
            merges.append(f"{other.source}: same paper as {newest.source}{differs}")
        papers.append(
            Paper(
                key=key,
                title=newest.title,
                abstract=newest.abstract,
                sightings=tuple(sightings),
                links=links.extract(newest.abstract),
            )
        )
    return papers, merges
