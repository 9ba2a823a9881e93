"""The date index: a page per year, month and day, with counts, newest first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from generator.model import Archive, Paper
from generator.pages import doc
from generator.pages.common import (
    day_page,
    long_date,
    month_name,
    month_page,
    paper_list_pages,
    plural,
    year_page,
)

INDEX = "dates/index.md"


BIB_NAME = "papers.bib"  # beside each month's page


def bib_path(year: int, month: int) -> str:
    """The month's BibTeX file, which holds each of its papers' entry (and so every paper's
    entry is in exactly one such file)."""
    return month_page(year, month).removesuffix("index.md") + BIB_NAME


@dataclass(frozen=True)
class Tree:
    """The archive's dates: papers by day, days by month, months by year, all newest first."""

    by_day: dict[dt.date, list[Paper]]
    by_month: dict[tuple[int, int], list[dt.date]]
    per_month: dict[tuple[int, int], int]  # papers in each month
    months_of: dict[int, list[tuple[int, int]]]

    def per_year(self, year: int) -> int:
        return sum(self.per_month[month] for month in self.months_of[year])


def _tree(archive: Archive) -> Tree:
    """The date tree, in one pass over the archive."""
    by_day: dict[dt.date, list[Paper]] = {}
    for paper in archive.papers:  # already newest first, so each day's list is too
        by_day.setdefault(paper.date, []).append(paper)
    by_month: dict[tuple[int, int], list[dt.date]] = {}
    for day in sorted(by_day, reverse=True):
        by_month.setdefault((day.year, day.month), []).append(day)
    months_of: dict[int, list[tuple[int, int]]] = {}
    for key in by_month:
        months_of.setdefault(key[0], []).append(key)
    per_month = {k: sum(len(by_day[d]) for d in days) for k, days in by_month.items()}
    return Tree(by_day, by_month, per_month, months_of)


def render_index(archive: Archive, resolve: doc.Resolver = doc.relative) -> str:
    """The date index (in the navigation, so Markdown for MkDocs): years and their months."""
    tree = _tree(archive)
    index = ["# Papers by date", "", f"{plural(len(archive.papers), 'paper')}, newest first.", ""]
    for year, months in tree.months_of.items():
        index += [f"## [{year}]({resolve(INDEX, year_page(year))})", ""]
        index.append(f"{plural(tree.per_year(year), 'paper')}.")
        index.append("")
        for y, m in months:
            link = resolve(INDEX, month_page(y, m))
            count = plural(tree.per_month[(y, m)], "paper")
            index.append(f"- [{month_name(y, m)}]({link}): {count}")
        index.append("")
    return "\n".join(index)


def pages(archive: Archive, per_page: int) -> Iterator[doc.Page]:
    """A page per year, month and day, one at a time."""
    tree = _tree(archive)
    by_day, by_month, per_month = tree.by_day, tree.by_month, tree.per_month
    for year, months in tree.months_of.items():
        count = tree.per_year(year)
        items = tuple(
            doc.text(
                doc.Link(month_name(y, m), month_page(y, m)),
                f": {plural(per_month[(y, m)], 'paper')}",
            )
            for y, m in months
        )
        blocks = (
            doc.Heading(1, doc.text(str(year))),
            doc.Para(doc.text(doc.Link("All dates", INDEX), f" · {plural(count, 'paper')}.")),
            doc.Bullets(items),
        )
        yield doc.Page(year_page(year), str(year), blocks)
    for (year, month), days in by_month.items():
        items = tuple(
            doc.text(
                doc.Link(long_date(day), day_page(day)), f": {plural(len(by_day[day]), 'paper')}"
            )
            for day in days
        )
        blocks = (
            doc.Heading(1, doc.text(month_name(year, month))),
            doc.Para(
                doc.text(
                    doc.Link("All dates", INDEX),
                    " › ",
                    doc.Link(str(year), year_page(year)),
                    f" · {plural(per_month[(year, month)], 'paper')}. ",
                    doc.Link("BibTeX", bib_path(year, month)),
                )
            ),
            doc.Bullets(items),
        )
        yield doc.Page(month_page(year, month), month_name(year, month), blocks)
    for day, papers in by_day.items():

        def intro(page: str, day: dt.date = day, count: int = len(papers)) -> list[doc.Block]:
            return [
                doc.Para(
                    doc.text(
                        doc.Link("All dates", INDEX),
                        " › ",
                        doc.Link(str(day.year), year_page(day.year)),
                        " › ",
                        doc.Link(month_name(day.year, day.month), month_page(day.year, day.month)),
                        f" · {plural(count, 'paper')} first listed this day.",
                    )
                )
            ]

        first = day_page(day)
        yield from paper_list_pages(
            first, first[: -len(".md")] + "/{}.md", long_date(day), intro, papers, per_page
        )


def render(archive: Archive, per_page: int) -> dict[str, str]:
    out = {INDEX: render_index(archive)}
    out.update({p.path: doc.markdown(p) for p in pages(archive, per_page)})
    return out
