"""The date index: a page per year, month and day, with counts, newest first."""

from __future__ import annotations

import datetime as dt
from collections import Counter

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


def _tree(
    archive: Archive,
) -> tuple[dict[dt.date, list[Paper]], dict[tuple[int, int], list[dt.date]]]:
    """Papers by day (newest first) and days by month, in one pass over the archive."""
    by_day: dict[dt.date, list[Paper]] = {}
    for paper in archive.papers:  # already newest first, so each day's list is too
        by_day.setdefault(paper.date, []).append(paper)
    by_month: dict[tuple[int, int], list[dt.date]] = {}
    for day in sorted(by_day, reverse=True):
        by_month.setdefault((day.year, day.month), []).append(day)
    return by_day, by_month


def render_index(archive: Archive, resolve: doc.Resolver = doc.relative) -> str:
    """The date index (in the navigation, so Markdown for MkDocs): years and their months."""
    by_day, by_month = _tree(archive)
    per_month = {k: sum(len(by_day[d]) for d in days) for k, days in by_month.items()}
    per_year: Counter[int] = Counter()
    for (year, _), count in per_month.items():
        per_year[year] += count
    index = ["# Papers by date", "", f"{plural(len(archive.papers), 'paper')}, newest first.", ""]
    for year in sorted(per_year, reverse=True):
        index += [f"## [{year}]({resolve(INDEX, year_page(year))})", ""]
        index.append(f"{plural(per_year[year], 'paper')}.")
        index.append("")
        for y, m in (k for k in per_month if k[0] == year):
            link = resolve(INDEX, month_page(y, m))
            index.append(f"- [{month_name(y, m)}]({link}): {plural(per_month[(y, m)], 'paper')}")
        index.append("")
    return "\n".join(index)


def pages(archive: Archive, per_page: int) -> list[doc.Page]:
    """A page per year, month and day."""
    by_day, by_month = _tree(archive)
    per_month = {k: sum(len(by_day[d]) for d in days) for k, days in by_month.items()}
    months_of: dict[int, list[tuple[int, int]]] = {}
    for key in by_month:  # newest first
        months_of.setdefault(key[0], []).append(key)
    out: list[doc.Page] = []
    for year, months in months_of.items():
        count = sum(per_month[k] for k in months)
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
        out.append(doc.Page(year_page(year), str(year), blocks))
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
                    doc.Link("BibTeX", month_page(year, month).removesuffix("index.md") + BIB_NAME),
                )
            ),
            doc.Bullets(items),
        )
        out.append(doc.Page(month_page(year, month), month_name(year, month), blocks))
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
        out += paper_list_pages(
            first, first[: -len(".md")] + "/{}.md", long_date(day), intro, papers, per_page
        )
    return out


def render(archive: Archive, per_page: int) -> dict[str, str]:
    out = {INDEX: render_index(archive)}
    out.update({p.path: doc.markdown(p) for p in pages(archive, per_page)})
    return out
