"""Dates known to a year, a month or a day: their periods and their reduced-precision forms."""

from __future__ import annotations

import calendar
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


def end(day: dt.date, precision: str) -> dt.date:
    """The last day of the period a date names."""
    if precision == YEAR:
        return dt.date(day.year, 12, 31)
    if precision == MONTH:
        return dt.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


def contains(outer: tuple[dt.date, str], inner: tuple[dt.date, str]) -> bool:
    """Whether the period `inner` lies within `outer`."""
    return start(*outer) <= start(*inner) and end(*inner) <= end(*outer)


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
    """The date a paper is filed under among the dates its sources give: a coarse date that a
    finer one lies within adds nothing (`2019` and `2019-05-03` are one date, 3 May 2019); of
    the rest, the earliest (a tie goes to the finer). Deterministic for any order."""
    known = set(dates)
    kept = [
        d
        for d in known
        if not any(o != d and FINENESS[o[1]] > FINENESS[d[1]] and contains(d, o) for o in known)
    ]
    return min(kept, key=lambda d: (start(*d), -FINENESS[d[1]]), default=None)
