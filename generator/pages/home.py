"""The home page: a hand-written page whose markers are filled with the newest papers and totals."""

from __future__ import annotations

import re

from generator.model import Archive
from generator.pages import doc
from generator.pages.common import date_text, paper_item, plural

MARKER = re.compile(r"<!--\s*paper-archive:(?P<name>[a-z-]+)\s*-->")
MARKERS = ("newest", "totals")


def totals(archive: Archive) -> str:
    if not archive.papers:
        return "The archive holds no papers yet."
    newest, oldest = archive.papers[0], archive.papers[-1]
    listings = len(archive.entries_per_file)
    # The papers' dates as far as they are known (a year-only date is that year, not 1
    # January), and not called "listed": many are dated by their publication.
    span = date_text(newest.date, newest.date_precision)
    if len(archive.papers) > 1:
        span = f"from {date_text(oldest.date, oldest.date_precision)} to {span}"
    return (
        f"**{plural(len(archive.papers), 'paper')}** from {plural(listings, 'listing')}, "
        f"dated {span}, under [{plural(len(archive.tags), 'tag')}]({{tags}})."
    )


def newest(page: str, archive: Archive, count: int, resolve: doc.Resolver = doc.relative) -> str:
    items = tuple(paper_item(paper) for paper in archive.papers[:count])
    if not items:
        return "No papers yet."
    listing = doc.Page(
        page,
        "",
        (doc.Bullets(items), doc.Para((doc.Link("All papers by date →", "dates/index.md"),))),
    )
    return doc.markdown(listing, resolve).rstrip("\n")


def expand(
    page: str,
    markdown: str,
    archive: Archive,
    newest_count: int,
    resolve: doc.Resolver = doc.relative,
) -> str:
    """Replace `<!-- paper-archive:newest -->` and `<!-- paper-archive:totals -->` in a page.

    An unknown marker raises ValueError, so a typo does not leave a silently empty section.
    """

    def fill(match: re.Match[str]) -> str:
        name = match["name"]
        if name == "newest":
            return newest(page, archive, newest_count, resolve)
        if name == "totals":
            return totals(archive).replace("{tags}", doc.relative(page, "tags/index.md"))
        line = markdown.count("\n", 0, match.start()) + 1
        raise ValueError(f"{page}:{line}: unknown marker {match.group()!r} (known: {MARKERS})")

    return MARKER.sub(fill, markdown)
