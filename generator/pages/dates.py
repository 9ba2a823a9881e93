"""The date index: a page per year, month and day, with counts, newest first."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from generator.model import Archive, Paper
from generator.pages.common import (
    day_page,
    long_date,
    month_name,
    month_page,
    paper_list_pages,
    plural,
    rel,
    year_page,
)

INDEX = "dates/index.md"


BIB_NAME = "papers.bib"  # beside each month's page


def render(archive: Archive, per_page: int) -> dict[str, str]:
    by_day: dict[dt.date, list[Paper]] = {}
    for paper in archive.papers:  # already newest first, so each day's list is too
        by_day.setdefault(paper.date, []).append(paper)
    days = sorted(by_day, reverse=True)
    per_month = Counter({(d.year, d.month): 0 for d in days})
    per_year: Counter[int] = Counter()
    for day in days:
        per_month[(day.year, day.month)] += len(by_day[day])
        per_year[day.year] += len(by_day[day])

    pages: dict[str, str] = {}
    index = ["# Papers by date", "", f"{plural(len(archive.papers), 'paper')}, newest first.", ""]
    for year in sorted(per_year, reverse=True):
        index += [f"## [{year}]({rel(INDEX, year_page(year))})", ""]
        index.append(f"{plural(per_year[year], 'paper')}.")
        index.append("")
        for y, m in sorted((k for k in per_month if k[0] == year), reverse=True):
            link = rel(INDEX, month_page(y, m))
            index.append(f"- [{month_name(y, m)}]({link}): {plural(per_month[(y, m)], 'paper')}")
        index.append("")
    pages[INDEX] = "\n".join(index)

    for year in per_year:
        page = year_page(year)
        lines = [
            f"# {year}",
            "",
            f"[All dates]({rel(page, INDEX)}) · {plural(per_year[year], 'paper')}.",
            "",
        ]
        for y, m in sorted((k for k in per_month if k[0] == year), reverse=True):
            link = rel(page, month_page(y, m))
            lines.append(f"- [{month_name(y, m)}]({link}): {plural(per_month[(y, m)], 'paper')}")
        pages[page] = "\n".join(lines) + "\n"

    for (year, month), count in per_month.items():
        page = month_page(year, month)
        lines = [
            f"# {month_name(year, month)}",
            "",
            f"[All dates]({rel(page, INDEX)}) › [{year}]({rel(page, year_page(year))}) · "
            f"{plural(count, 'paper')}. [BibTeX]({BIB_NAME})",
            "",
        ]
        for day in (d for d in days if (d.year, d.month) == (year, month)):
            link = rel(page, day_page(day))
            lines.append(f"- [{long_date(day)}]({link}): {plural(len(by_day[day]), 'paper')}")
        pages[page] = "\n".join(lines) + "\n"

    for day in days:

        def intro(page: str, day: dt.date = day) -> str:
            return (
                f"[All dates]({rel(page, INDEX)}) › [{day.year}]({rel(page, year_page(day.year))})"
                f" › [{month_name(day.year, day.month)}]"
                f"({rel(page, month_page(day.year, day.month))}) · "
                f"{plural(len(by_day[day]), 'paper')} first listed this day."
            )

        first = day_page(day)
        pages.update(
            paper_list_pages(
                first, first[: -len(".md")] + "/{}.md", long_date(day), intro, by_day[day], per_page
            )
        )
    return pages
