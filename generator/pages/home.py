"""The home page: a hand-written page whose markers are filled with the newest papers and totals."""

from __future__ import annotations

import re

from generator import mdtext
from generator.i18n import ENGLISH, Labels
from generator.model import Archive
from generator.pages import doc
from generator.pages.common import date_text, paper_item

MARKER = re.compile(r"<!--\s*paper-archive:(?P<name>[a-z-]+)\s*-->")
MARKERS = ("newest", "totals")


def totals(archive: Archive, labels: Labels = ENGLISH, tags_link: str = "tags/index.md") -> str:
    """The archive's totals as a line of Markdown: papers, listings, dates and tags (linked to
    `tags_link`)."""
    if not archive.papers:
        return mdtext.text(labels["empty_archive"])
    newest, oldest = archive.papers[0], archive.papers[-1]
    listings = len(archive.entries_per_file)
    # The papers' dates as far as they are known (a year-only date is that year, not 1
    # January), and not called "listed": many are dated by their publication.
    values = {
        "papers": f"**{mdtext.text(labels.count('paper', len(archive.papers)), inline=True)}**",
        "listings": mdtext.text(labels.count("listing", listings), inline=True),
        "oldest": mdtext.text(date_text(oldest.date, oldest.date_precision, labels), inline=True),
        "newest": mdtext.text(date_text(newest.date, newest.date_precision, labels), inline=True),
        "tags": mdtext.link(labels.count("tag", len(archive.tags)), tags_link),
    }
    key = "totals" if len(archive.papers) > 1 else "totals_one_date"
    parts = labels.parts(key, **values)
    out = "".join(
        str(part) if index % 2 else mdtext.text(str(part), inline=True)
        for index, part in enumerate(parts)
    )
    return mdtext.guard_line_start(out)


def newest(
    page: str,
    archive: Archive,
    count: int,
    resolve: doc.Resolver = doc.relative,
    labels: Labels = ENGLISH,
) -> str:
    items = tuple(paper_item(paper, labels) for paper in archive.papers[:count])
    if not items:
        return mdtext.text(labels["no_papers"])
    more = doc.Link(labels["all_papers_by_date"], "dates/index.md")
    listing = doc.Page(page, "", (doc.Bullets(items), doc.Para((more,))))
    return doc.markdown(listing, resolve).rstrip("\n")


def expand(
    page: str,
    markdown: str,
    archive: Archive,
    newest_count: int,
    resolve: doc.Resolver = doc.relative,
    labels: Labels = ENGLISH,
) -> str:
    """Replace `<!-- paper-archive:newest -->` and `<!-- paper-archive:totals -->` in a page.

    An unknown marker raises ValueError, so a typo does not leave a silently empty section.
    """

    def fill(match: re.Match[str]) -> str:
        name = match["name"]
        if name == "newest":
            return newest(page, archive, newest_count, resolve, labels)
        if name == "totals":
            return totals(archive, labels, doc.relative(page, "tags/index.md"))
        line = markdown.count("\n", 0, match.start()) + 1
        raise ValueError(f"{page}:{line}: unknown marker {match.group()!r} (known: {MARKERS})")

    return MARKER.sub(fill, markdown)
