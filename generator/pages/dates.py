"""The date index: a page per year, month and day, with counts, newest first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from generator import mdtext
from generator.i18n import ENGLISH, Labels
from generator.model import Archive, Paper
from generator.pages import doc
from generator.pages.common import (
    day_page,
    long_date,
    month_name,
    month_page,
    paper_list_pages,
    year_page,
)

INDEX = "dates/index.md"


# Beside each month's page: the month's BibTeX, gzip-compressed (a fifth of the bytes; at
# 100,000 papers 7 MB in place of 33 MB). Its page's link gives the plain `.bib` (bibtex.js
# unpacks it in the browser); without scripts it downloads the `.gz`, which any system opens.
BIB_NAME = "papers.bib.gz"


@dataclass(frozen=True)
class Tree:
    """The archive's dates, all newest first: papers by day; papers known only by their month
    or year, filed under that month or year (never under a made-up day); days by month, months
    by year."""

    by_day: dict[dt.date, list[Paper]]
    by_month: dict[tuple[int, int], list[dt.date]]
    per_month: dict[tuple[int, int], int]  # papers in each month, by day or by month only
    months_of: dict[int, list[tuple[int, int]]]
    month_only: dict[tuple[int, int], list[Paper]] = field(default_factory=dict)
    year_only: dict[int, list[Paper]] = field(default_factory=dict)

    def per_year(self, year: int) -> int:
        return sum(self.per_month[month] for month in self.months_of[year]) + len(
            self.year_only.get(year, [])
        )


def date_tree(archive: Archive) -> Tree:
    """The date tree, in one pass over the archive."""
    by_day: dict[dt.date, list[Paper]] = {}
    month_only: dict[tuple[int, int], list[Paper]] = {}
    year_only: dict[int, list[Paper]] = {}
    for paper in archive.papers:  # already newest first, so each list is too
        day, precision = paper.date, paper.date_precision
        if precision == "year":
            year_only.setdefault(day.year, []).append(paper)
        elif precision == "month":
            month_only.setdefault((day.year, day.month), []).append(paper)
        else:
            by_day.setdefault(day, []).append(paper)
    by_month: dict[tuple[int, int], list[dt.date]] = {key: [] for key in month_only}
    for day in sorted(by_day, reverse=True):
        by_month.setdefault((day.year, day.month), []).append(day)
    by_month = dict(sorted(by_month.items(), reverse=True))
    months_of: dict[int, list[tuple[int, int]]] = {year: [] for year in year_only}
    for key in by_month:
        months_of.setdefault(key[0], []).append(key)
    months_of = dict(sorted(months_of.items(), reverse=True))
    per_month = {
        k: sum(len(by_day[d]) for d in days) + len(month_only.get(k, []))
        for k, days in by_month.items()
    }
    return Tree(by_day, by_month, per_month, months_of, month_only, year_only)


def render_index(
    archive: Archive, resolve: doc.Resolver = doc.relative, labels: Labels = ENGLISH
) -> str:
    """The date index (in the navigation, so Markdown for MkDocs): years and their months."""
    tree = date_tree(archive)
    papers = labels.count("paper", len(archive.papers))
    intro = mdtext.text(labels.format("newest_first", papers=papers))
    index = [f"# {mdtext.text(labels['papers_by_date'])}", "", intro, ""]
    for year, months in tree.months_of.items():
        link = resolve(INDEX, year_page(year))
        index += [f"## [{year}]({link})", ""]
        index.append(mdtext.text(f"{labels.count('paper', tree.per_year(year))}."))
        index.append("")
        for y, m in months:
            count = mdtext.text(labels.count("paper", tree.per_month[(y, m)]))
            name = mdtext.text(month_name(y, m, labels))
            index.append(f"- [{name}]({resolve(INDEX, month_page(y, m))}): {count}")
        if year in tree.year_only:
            count = mdtext.text(labels.count("paper", len(tree.year_only[year])))
            only = mdtext.text(labels.format("dated_only", period=year))
            index.append(f"- [{only}]({link}): {count}")
        index.append("")
    return "\n".join(index)


def _coarse_pages(
    first: str,
    title: str,
    head: list[doc.Block],
    period: str,
    papers: list[Paper],
    per_page: int,
    labels: Labels = ENGLISH,
) -> Iterator[doc.Page]:
    """A year's or month's page: `head` (its trail and list of months or days), then, when
    some papers are known only by that year or month, their list, paginated."""
    if not papers:
        yield doc.Page(first, title, (doc.Heading(1, doc.text(title)), *head))
        return
    about = doc.Heading(2, doc.text(labels.format("dated_only", period=period)))
    count = labels.count("paper", len(papers))
    key = "dated_only_year" if period.isdigit() else "dated_only_month"
    note = doc.Para(doc.text(labels.format(key, papers=count)))

    def intro(page: str) -> list[doc.Block]:
        return [*head, about, note] if page == first else [head[0], about]

    yield from paper_list_pages(
        first,
        first.removesuffix("index.md") + "page/{}.md",
        title,
        intro,
        papers,
        per_page,
        labels,
    )


def pages(archive: Archive, per_page: int, labels: Labels = ENGLISH) -> Iterator[doc.Page]:
    """A page per year, month and day, one at a time."""
    tree = date_tree(archive)
    by_day, by_month, per_month = tree.by_day, tree.by_month, tree.per_month
    for year, months in tree.months_of.items():
        count = tree.per_year(year)
        items = tuple(
            doc.text(
                doc.Link(month_name(y, m, labels), month_page(y, m)),
                f": {labels.count('paper', per_month[(y, m)])}",
            )
            for y, m in months
        )
        trail = doc.text(
            doc.Link(labels["all_dates"], INDEX), f" · {labels.count('paper', count)}."
        )
        if year in tree.year_only:  # their BibTeX is the year's; the others' their month's
            bib = doc.Link(labels["bibtex_month"], bib_path(dt.date(year, 1, 1), "year"))
            trail += doc.text(" ", bib)
        head: list[doc.Block] = [doc.Para(trail)]
        if items:
            head.append(doc.Bullets(items))
        yield from _coarse_pages(
            year_page(year),
            str(year),
            head,
            str(year),
            tree.year_only.get(year, []),
            per_page,
            labels,
        )
    for (year, month), days in by_month.items():
        items = tuple(
            doc.text(
                doc.Link(long_date(day, labels), day_page(day)),
                f": {labels.count('paper', len(by_day[day]))}",
            )
            for day in days
        )
        head = [
            doc.Para(
                doc.text(
                    doc.Link(labels["all_dates"], INDEX),
                    " › ",
                    doc.Link(str(year), year_page(year)),
                    f" · {labels.count('paper', per_month[(year, month)])}. ",
                    doc.Link(labels["bibtex_month"], bib_path(dt.date(year, month, 1), "month")),
                )
            )
        ]
        if items:
            head.append(doc.Bullets(items))
        name = month_name(year, month, labels)
        papers = tree.month_only.get((year, month), [])
        yield from _coarse_pages(
            month_page(year, month), name, head, name, papers, per_page, labels
        )
    for day, papers in by_day.items():

        def intro(page: str, day: dt.date = day, count: int = len(papers)) -> list[doc.Block]:
            return [
                doc.Para(
                    doc.text(
                        doc.Link(labels["all_dates"], INDEX),
                        " › ",
                        doc.Link(str(day.year), year_page(day.year)),
                        " › ",
                        doc.Link(
                            month_name(day.year, day.month, labels),
                            month_page(day.year, day.month),
                        ),
                        " · " + labels.format("day_intro", papers=labels.count("paper", count)),
                    )
                )
            ]

        first = day_page(day)
        yield from paper_list_pages(
            first,
            first[: -len(".md")] + "/{}.md",
            long_date(day, labels),
            intro,
            papers,
            per_page,
            labels,
            dated=False,  # the page is the day
        )


def bib_path(day: dt.date, precision: str) -> str:
    """The `.bib.gz` file a paper is in: its month's, or its year's when only that is known (so
    every paper's entry is in exactly one such file)."""
    page = year_page(day.year) if precision == "year" else month_page(day.year, day.month)
    return page.removesuffix("index.md") + BIB_NAME


def links_bibtex(page: doc.Page) -> bool:
    """Whether a date page links its month's or year's BibTeX (so loads bibtex.js)."""
    return any(
        isinstance(part, doc.Link) and part.target.endswith(BIB_NAME)
        for block in page.blocks
        if isinstance(block, doc.Para)
        for part in block.parts
    )


def render(archive: Archive, per_page: int) -> dict[str, str]:
    out = {INDEX: render_index(archive)}
    out.update({p.path: doc.markdown(p) for p in pages(archive, per_page)})
    return out
