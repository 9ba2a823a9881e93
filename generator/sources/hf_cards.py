"""Parser for Hugging Face *Daily Papers* pages copied from a browser with each paper's card.

Two layouts: the opening one (2025): `Submitted by` and a user name, `Upvote` and a count, a
title (maybe over two lines), `· N authors`, `Published on Oct 4, 2025`, then an AI summary
and/or a hard-wrapped abstract; and the closing one (2026): `Submitted by` and a user, the
title, the abstract, then `Org · Published on Oct 4, 2026` (or `4 authors` and
`· Published on …`), `Upvote` and the count, and link lines (`GitHub 131`, `arXiv Page`).

A card starts at its `Submitted by` / `Upvote` lines. Where a card's start cannot be found, the
lines are reported, never guessed: one paper's abstract is never joined to the next one's title.
"""

from __future__ import annotations

import datetime as dt
import re
import reprlib

from generator.model import Entry, Problem, SourceRef
from generator.sources import common

LISTING = "Hugging Face Daily Papers"
AUTHORS = re.compile(r"^·\s*(\d+)\s+authors?$")
PUBLISHED = re.compile(r"^Published on ([A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})$")
SUMMARY = re.compile(r"^(?:AI-generated summary|AI summary)\s*:?\s*(.*)$", re.IGNORECASE)
MARKERS = ("Submitted by", "Upvote")
# The layout of late 2026: the meta lines close the card, after the abstract, then the votes
# and the card's links: `Org · Published on Oct 4, 2026`, or `4 authors` then
# `· Published on Oct 3, 2026`; `Upvote`, the count; `GitHub 131`, `arXiv Page`.
META_PUBLISHED = re.compile(
    r"^(?:(?P<org>.*\S)\s+)?·\s*Published on (?P<date>[A-Z][a-z]{2,8}\.? \d{1,2}, \d{4})$"
)
META_AUTHORS = re.compile(r"^(\d+)\s+authors?$")
LINK_LINE = re.compile(
    r"^(?:GitHub|arXiv Page|Project Page|Code|Models?|Datasets?|Spaces?|Collections?|Demo)"
    r"(?: [\d.,]+[kKmM]?)?$"
)
SENTENCE = re.compile(r"[.!?]\s+[A-Z0-9]")
TITLE_LINE_MAX = 80  # a title wraps at about 40 characters on the page, an abstract at 120
GITHUB_STARS = re.compile(r"^GitHub ([\d,]+)$")
SHOWN = reprlib.Repr()  # lines in messages, shortened: a message never grows with the input
SHOWN.maxstring = 80
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# Words a title in title case leaves in lower case.
SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "is",
        "nor",
        "of",
        "on",
        "onto",
        "or",
        "over",
        "per",
        "than",
        "the",
        "to",
        "via",
        "vs",
        "with",
    ]
)


def is_card_page(lines: list[tuple[int, str]]) -> bool:
    """Whether a copied page has paper cards (rather than bare title and abstract pairs)."""
    # The plain `in` tests first: every line of every page copy is asked, abstracts included,
    # and a pattern's backtracking over a long line costs far more than a substring search.
    return any(
        text in MARKERS
        or ("author" in text and AUTHORS.match(text))
        or ("Published on" in text and (PUBLISHED.match(text) or META_PUBLISHED.match(text)))
        for _, text in lines
    )


def is_closing_layout(lines: list[tuple[int, str]]) -> bool:
    """Whether the cards close with their meta lines (`… · Published on …`, the 2026 layout)
    rather than open with them (`· N authors`, `Published on …`)."""
    return any("Published on" in text and META_PUBLISHED.match(text) for _, text in lines)


def _published(text: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(text.replace(".", ""), "%b %d, %Y").date()
    except ValueError:
        try:
            return dt.datetime.strptime(text, "%B %d, %Y").date()
        except ValueError:
            return None


def _title_case(line: str) -> bool:
    """Whether a line is in title case: every word but the small ones (`of`, `in`, `and`…) has
    a capital (`Electric Sheep?`, `Long-Context LLMs`)."""
    words = [w for w in WORD.findall(line) if w.casefold() not in SMALL_WORDS]
    return bool(words) and all(any(c.isupper() for c in w) for w in words)


def _split_title(body: list[tuple[int, str]]) -> int | None:
    """How many of a closing-layout card's first lines are its title: one, or two when the
    title wraps; None when the lines cannot tell. The card has no line between title and
    abstract, so the second line decides, by what each can be: an abstract is hard-wrapped at
    about 120 characters and starts a sentence (a capital); a title wraps at about 40 and its
    rest is in title case or carries on in lower case. Punctuation alone never decides: a
    title may end in `?` (`… Dream of` / `Electric Sheep?`)."""
    if len(body) < 3:
        return 1  # a title and a one-line abstract
    second, third = body[1][1], body[2][1]
    if len(second) > TITLE_LINE_MAX or SENTENCE.search(second):
        return 1  # a full abstract line, or two sentences: prose
    if third[:1].islower() and not second.endswith((".", "!", "?", ":", ";")):
        return 1  # the second line's sentence carries on: it starts the abstract
    if second[:1].islower() or _title_case(second):
        return 2  # an abstract starts with a capital; this line is the title's rest
    if second.endswith("."):
        return 1  # a short first sentence of the abstract (titles do not end in a full stop)
    return None


def parse_closing_cards(
    lines: list[tuple[int, str]], listed_on: dt.date, path: str
) -> tuple[list[Entry], list[Problem]]:
    """Entries of a page in the closing layout: each card is `Submitted by` and a user (not
    always), the title (one or two lines), the abstract, the meta lines, `Upvote` and its
    count, then link lines. A card ends at its count; lines that fit no card are reported."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    card: list[tuple[int, str]] = []
    i = 0

    def close(votes: int | None, stars: int | None) -> None:
        meta_at = next(
            (k for k, (_, t) in enumerate(card) if "Published on" in t and META_PUBLISHED.match(t)),
            None,
        )
        first = card[0][0] if card else 0
        if meta_at is None or meta_at != len(card) - 1:
            problems.append(
                Problem(
                    SourceRef(path, first),
                    "a card with no '· Published on …' line just before its 'Upvote': not read",
                )
            )
            return
        found = META_PUBLISHED.match(card[meta_at][1])
        assert found is not None
        body = card[:meta_at]
        if body and META_AUTHORS.match(body[-1][1]):
            body = body[:-1]
        if len(body) < 2:
            problems.append(
                Problem(
                    SourceRef(path, first),
                    "a card with a title but no abstract before its '· Published on' line: "
                    "not read",
                )
            )
            return
        split = _split_title(body)
        if split is None:
            problems.append(
                Problem(
                    SourceRef(path, body[1][0]),
                    f"cannot tell whether {SHOWN.repr(body[1][1])} ends the title"
                    f" {SHOWN.repr(body[0][1])} or starts the abstract: not read; join the"
                    " title's lines into one",
                )
            )
            return
        text = [t for _, t in body[split:]]
        summary = ""
        if text and (said := SUMMARY.match(text[0])):
            summary, text = said.group(1), text[1:]
        entries.append(
            Entry(
                title=common.unwrap(" ".join(t for _, t in body[:split])),
                abstract=common.unwrap(" ".join(text)),
                listed_on=listed_on,
                listing=LISTING,
                source=SourceRef(path, body[0][0]),
                published=_published(found["date"]),
                upvotes=votes,
                github_stars=stars,
                summary=common.unwrap(summary),
            )
        )

    while i < len(lines):
        number, text = lines[i]
        if text == "Submitted by":
            if card:
                problems.append(
                    Problem(
                        SourceRef(path, card[0][0]),
                        "lines with no paper card (no 'Upvote' after them): not read",
                    )
                )
            card = []
            i += 2  # the marker and the user name
            continue
        if text == "Upvote":
            votes = (
                int(lines[i + 1][1]) if i + 1 < len(lines) and lines[i + 1][1].isdigit() else None
            )
            i += 2 if votes is not None else 1
            stars = None
            while i < len(lines) and LINK_LINE.match(lines[i][1]):
                if found := GITHUB_STARS.match(lines[i][1]):
                    stars = int(found[1].replace(",", ""))
                i += 1
            if card:
                close(votes, stars)
            card = []
            continue
        card.append((number, text))
        i += 1
    if card:
        problems.append(
            Problem(
                SourceRef(path, card[0][0]),
                "lines with no paper card (no 'Upvote' after them): not read",
            )
        )
    return entries, problems


def parse_cards(
    lines: list[tuple[int, str]], listed_on: dt.date, path: str
) -> tuple[list[Entry], list[Problem]]:
    """Entries of the card lines after the page header and date line, in either layout."""
    if is_closing_layout(lines):
        return parse_closing_cards(lines, listed_on, path)
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
