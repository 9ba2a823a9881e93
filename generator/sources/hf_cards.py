"""Parser for Hugging Face *Daily Papers* pages copied from a browser with each paper's card:
`Submitted by` and a user name, `Upvote` and a count, a title (maybe over two lines),
`· N authors`, `Published on Oct 4, 2026`, then an AI summary and/or a hard-wrapped abstract.

A card starts at its `Submitted by` / `Upvote` lines. Where a card's start cannot be found, the
lines are reported, never guessed: one paper's abstract is never joined to the next one's title.
"""

from __future__ import annotations

import datetime as dt
import re

from generator.model import Entry, Problem, SourceRef
from generator.sources import common

LISTING = "Hugging Face Daily Papers"
AUTHORS = re.compile(r"^·\s*(\d+)\s+authors?$")
PUBLISHED = re.compile(r"^Published on ([A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})$")
SUMMARY = re.compile(r"^(?:AI-generated summary|AI summary)\s*:?\s*(.*)$", re.IGNORECASE)
MARKERS = ("Submitted by", "Upvote")


def is_card_page(lines: list[tuple[int, str]]) -> bool:
    """Whether a copied page has paper cards (rather than bare title and abstract pairs)."""
    return any(text in MARKERS or AUTHORS.match(text) or PUBLISHED.match(text) for _, text in lines)


def _published(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text.replace(".", ""), "%b %d, %Y").date()
    except ValueError:
        try:
            return dt.datetime.strptime(text, "%B %d, %Y").date()
        except ValueError:
            return None


def parse_cards(
    lines: list[tuple[int, str]], listed_on: dt.date, path: str
) -> tuple[list[Entry], list[Problem]]:
    """Entries of the card lines after the page header and date line."""
    cards: list[list[tuple[int, str]]] = [[]]
    upvotes: list[int | None] = [None]
    i = 0
    while i < len(lines):
        number, text = lines[i]
        if text in MARKERS:
            if cards[-1]:  # the card so far has content: this marker starts the next card
                cards.append([])
                upvotes.append(None)
            if text == "Upvote" and i + 1 < len(lines) and lines[i + 1][1].isdigit():
                upvotes[-1] = int(lines[i + 1][1])
            i += 2  # the marker and its value (a user name or a count)
            continue
        cards[-1].append((number, text))
        i += 1
    entries: list[Entry] = []
    problems: list[Problem] = []
    for card, votes in zip(cards, upvotes, strict=True):
        if not card:
            continue
        meta = [k for k, (_, t) in enumerate(card) if AUTHORS.match(t) or PUBLISHED.match(t)]
        first_line = card[0][0]
        if not meta:
            problems.append(
                Problem(
                    SourceRef(path, first_line),
                    "lines with no paper card (no '· N authors' or 'Published on' line): not read",
                )
            )
            continue
        if meta != list(range(meta[0], meta[-1] + 1)):
            # Two author/date blocks: two papers with no card start between them. Which lines
            # are whose is a guess, and a wrong guess joins one paper's abstract to another's
            # title, so the whole card is reported instead.
            problems.append(
                Problem(
                    SourceRef(path, first_line),
                    (
                        "two papers in one card (no 'Upvote' or 'Submitted by' line between them): "
                        "not read; copy the page again with each paper's card"
                    ),
                )
            )
            continue
        title_lines = card[: meta[0]]
        if not 1 <= len(title_lines) <= 2:
            problems.append(
                Problem(
                    SourceRef(path, first_line),
                    (
                        "cannot tell where this card's title starts: "
                        f"{len(title_lines)} lines before its author line (a title has one or two)"
                    ),
                )
            )
            continue
        published = None
        for k in meta:
            found = PUBLISHED.match(card[k][1])
            if found:
                published = _published(found.group(1))
        body = [t for _, t in card[meta[-1] + 1 :]]
        summary = ""
        if body and (found := SUMMARY.match(body[0])):
            summary, body = found.group(1), body[1:]
        entries.append(
            Entry(
                title=common.unwrap(" ".join(t for _, t in title_lines)),
                abstract=common.unwrap(" ".join(body)),
                listed_on=listed_on,
                listing=LISTING,
                source=SourceRef(path, title_lines[0][0]),
                published=published,
                upvotes=votes,
                summary=common.unwrap(summary),
            )
        )
    return entries, problems
