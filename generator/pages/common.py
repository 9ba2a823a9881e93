"""Pieces every page uses: relative links, dates in words, paper lists and pagination."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence

from generator.i18n import ENGLISH, Labels
from generator.model import Paper
from generator.pages import doc

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(day: dt.date, labels: Labels = ENGLISH) -> str:
    """`11 March 2025` in English; each language's own way in its `labels`."""
    return labels.long_date(day)


def month_name(year: int, month: int, labels: Labels = ENGLISH) -> str:
    """`March 2025` in English; each language's own way in its `labels`."""
    return labels.month_year(year, month)


def day_page(day: dt.date) -> str:
    return f"dates/{day.year}/{day.month:02d}/{day.day:02d}.md"


def month_page(year: int, month: int) -> str:
    return f"dates/{year}/{month:02d}/index.md"


def year_page(year: int) -> str:
    return f"dates/{year}/index.md"


def tag_page(slug: str, number: int = 1) -> str:
    return f"tags/{slug}.md" if number == 1 else f"tags/{slug}/{number}.md"


def plural(count: int, noun: str, nouns: str = "") -> str:
    """`1 paper`, `2 papers`; give the plural when it is not the noun plus `s`."""
    return f"{count} {noun}" if count == 1 else f"{count} {nouns or noun + 's'}"


def paper_item(
    paper: Paper, labels: Labels = ENGLISH, dated: bool = True
) -> tuple[doc.Inline, ...]:
    """A list line for a paper: its title linked, then its date (unless not `dated`: on its
    day's page) and tags."""
    tags = ", ".join(tag.name for tag in paper.tags)
    when = f" · {date_text(paper.date, paper.date_precision, labels)}" if dated else ""
    rest = when + (f" · {tags}" if tags else "")
    link = doc.Link(paper.title, paper.path, rich=True)
    return doc.text(link, rest) if rest else (link,)


def paginate(papers: Sequence[Paper], per_page: int) -> list[Sequence[Paper]]:
    """Split a list into pages of at most `per_page`; an empty list is one empty page."""
    return [papers[i : i + per_page] for i in range(0, len(papers), per_page)] or [[]]


def pager(pages: Sequence[str], number: int, labels: Labels = ENGLISH) -> tuple[doc.Inline, ...]:
    """`Page 2 of 5` with links to the neighbouring pages; empty when there is one page."""
    if len(pages) == 1:
        return ()
    parts: list[doc.Inline | str] = []
    if number > 1:
        parts += [doc.Link(labels["newer_page"], pages[number - 2]), " · "]
    parts.append(labels.format("page_of", number=number, total=len(pages)))
    if number < len(pages):
        parts += [" · ", doc.Link(labels["older_page"], pages[number])]
    return doc.text(*parts)


def paper_list_pages(
    first_page: str,
    page_path: str,
    title: str,
    intro: Callable[[str], list[doc.Block]],
    papers: Sequence[Paper],
    per_page: int,
    labels: Labels = ENGLISH,
    dated: bool = True,
) -> Iterator[doc.Page]:
    """A heading, an introduction and a paginated list of papers: tag and day pages alike.

    `page_path` is a format string taking the page number, for the pages after the first;
    `intro` makes the blocks under the heading for a given page path; without `dated`, the
    lines do not repeat the date every paper of the page has (a day's page).
    """
    chunks = paginate(papers, per_page)
    paths = [first_page] + [page_path.format(n) for n in range(2, len(chunks) + 1)]
    for number, (path, chunk) in enumerate(zip(paths, chunks, strict=True), 1):
        heading = title if number == 1 else labels.format("title_page", title=title, number=number)
        blocks: list[doc.Block] = [doc.Heading(1, doc.text(heading)), *intro(path)]
        if chunk:
            items = tuple(paper_item(paper, labels, dated) for paper in chunk)
            blocks.append(doc.Bullets(items))
        else:
            blocks.append(doc.Para(doc.text(labels["no_papers"])))
        nav = pager(paths, number, labels)
        if nav:
            blocks.append(doc.Para(nav))
        yield doc.Page(path, heading, tuple(blocks))


def date_text(day: dt.date, precision: str = "day", labels: Labels = ENGLISH) -> str:
    """A date as much as it is known: `2019`, `May 2019` or `3 May 2019` (in English)."""
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return month_name(day.year, day.month, labels)
    return long_date(day, labels)


def date_page(day: dt.date, precision: str = "day") -> str:
    """The date page a date is filed under: its year's, month's or day's."""
    if precision == "year":
        return year_page(day.year)
    if precision == "month":
        return month_page(day.year, day.month)
    return day_page(day)
