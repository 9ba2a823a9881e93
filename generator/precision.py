"""Dates known to a year, a month or a day: their periods and their reduced-precision forms."""

from __future__ import annotations

import datetime as dt

YEAR, MONTH, DAY = "year", "month", "day"
PRECISIONS = (YEAR, MONTH, DAY)  # coarsest first
FINENESS = {name: rank for rank, name in enumerate(PRECISIONS)}


def start(day: dt.date, precision: str) -> dt.date:
    """The first day of the period: 1 January for a year, the 1st for a month."""
    if precision == YEAR:
        return dt.date(day.year, 1, 1)
    if precision == MONTH:
        return dt.date(day.year, day.month, 1)
    return day


def iso(day: dt.date, precision: str) -> str:
    """ISO 8601 with reduced precision: `2019`, `2019-05` or `2019-05-03`."""
    if precision == YEAR:
        return f"{day.year:04d}"
    if precision == MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def slashed(day: dt.date, precision: str) -> str:
    """Highwire Press' `citation_*_date` form: `2019`, `2019/05` or `2019/05/03`."""
    return iso(day, precision).replace("-", "/")


def best(dates: list[tuple[dt.date, str]]) -> tuple[dt.date, str] | None:
    """The date a paper is filed under among the dates its sources give (each the first day
    of its period): a coarse date that a finer one lies within adds nothing (`2019` and
    `2019-05-03` are one date, 3 May 2019); of the rest, the earliest (a tie goes to the
    finer). Deterministic for any order; linear in the number of dates."""
    years_refined = {d.year for d, p in dates if p != YEAR}
    months_refined = {(d.year, d.month) for d, p in dates if p == DAY}
    kept = [
        (d, p)
        for d, p in dates
        if not (p == YEAR and d.year in years_refined)
        and not (p == MONTH and (d.year, d.month) in months_refined)
    ]
    return min(kept, key=lambda d: (start(*d), -FINENESS[d[1]]), default=None)
