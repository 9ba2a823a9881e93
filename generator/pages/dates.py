"""The date index: a page per year, month and day, with counts, newest first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

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


BIB_NAME = "papers.bib"  # beside each month's page


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


def render_index(
    archive: Archive, resolve: doc.Resolver = doc.relative, labels: Labels = ENGLISH
) -> str:
    """The date index (in the navigation, so Markdown for MkDocs): years and their months."""
    tree = _tree(archive)
    papers = labels.count("paper", len(archive.papers))
    intro = mdtext.text(labels.format("newest_first", papers=papers))
    index = [f"# {mdtext.text(labels['papers_by_date'])}", "", intro, ""]
    for year, months in tree.months_of.items():
        index += [f"## [{year}]({resolve(INDEX, year_page(year))})", ""]
        index.append(mdtext.text(f"{labels.count('paper', tree.per_year(year))}."))
        index.append("")
        for y, m in months:
            link = resolve(INDEX, month_page(y, m))
            count = mdtext.text(labels.count("paper", tree.per_month[(y, m)]))
            index.append(f"- [{mdtext.text(month_name(y, m, labels))}]({link}): {count}")
        index.append("")
    return "\n".join(index)


def pages(archive: Archive, per_page: int, labels: Labels = ENGLISH) -> Iterator[doc.Page]:
    """A page per year, month and day, one at a time."""
    tree = _tree(archive)
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
        blocks = (
            doc.Heading(1, doc.text(str(year))),
            doc.Para(
                doc.text(
                    doc.Link(labels["all_dates"], INDEX), f" · {labels.count('paper', count)}."
                )
            ),
            doc.Bullets(items),
        )
        yield doc.Page(year_page(year), str(year), blocks)
    for (year, month), days in by_month.items():
        items = tuple(
            doc.text(
                doc.Link(long_date(day, labels), day_page(day)),
                f": {labels.count('paper', len(by_day[day]))}",
            )
            for day in days
        )
        blocks = (
            doc.Heading(1, doc.text(month_name(year, month, labels))),
            doc.Para(
                doc.text(
                    doc.Link(labels["all_dates"], INDEX),
                    " › ",
                    doc.Link(str(year), year_page(year)),
                    f" · {labels.count('paper', per_month[(year, month)])}. ",
                    doc.Link(
                        labels["bibtex_month"],
                        month_page(year, month).removesuffix("index.md") + BIB_NAME,
                    ),
                )
            ),
            doc.Bullets(items),
        )
        yield doc.Page(month_page(year, month), month_name(year, month, labels), blocks)
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
        )


def render(archive: Archive, per_page: int) -> dict[str, str]:
    out = {INDEX: render_index(archive)}
    out.update({p.path: doc.markdown(p) for p in pages(archive, per_page)})
    return out
