"""Progress of long work: a live bar (rich) on a terminal, a log line every few seconds
elsewhere (CI, files), and each step's time for the closing summary."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

INTERVAL = 5.0  # seconds between log lines without a terminal, unless the environment says
INTERVAL_VARIABLE = "PAPER_ARCHIVE_PROGRESS_SECONDS"


def is_terminal() -> bool:
    """Whether a person watches: stderr is a terminal and no CI runner says otherwise."""
    return sys.stderr.isatty() and not os.environ.get("CI")


@dataclass
class Step:
    """One step of the work: `advance()` as items are done."""

    name: str
    total: int | None
    _report: Callable[[Step], None]
    done: int = 0
    started: float = field(default_factory=time.perf_counter)
    _last: float = field(default_factory=time.perf_counter)

    def advance(self, count: int = 1) -> None:
        self.done += count
        self._report(self)


class Tracker:
    """The steps of one command or build. `step(name, total)` is a context manager giving a
    `Step`; on a terminal (`live`) a rich bar shows it, otherwise `log` gets a line every
    `interval` seconds and, if it took that long, one when it ends. `times` keeps each
    step's seconds, in order."""

    def __init__(
        self, log: Callable[[str], None], live: bool | None = None, interval: float | None = None
    ) -> None:
        self.log = log
        self.live = is_terminal() if live is None else live
        if interval is None:
            interval = interval_from(os.environ.get(INTERVAL_VARIABLE), log)
        self.interval = interval
        self.times: dict[str, float] = {}

    @contextmanager
    def step(self, name: str, total: int | None = None) -> Iterator[Step]:
        if self.live:
            with _bar() as bar:
                task = bar.add_task(name, total=total)
                step = Step(name, total, lambda s: bar.update(task, completed=s.done))
                yield step
                bar.update(task, completed=total or step.done)
        else:
            step = Step(name, total, self._periodic)
            yield step
        seconds = time.perf_counter() - step.started
        self.times[name] = self.times.get(name, 0.0) + seconds
        if not self.live and seconds >= self.interval:  # a short step needs no line of its own
            count = f"{_number(step.done)} " if step.done else ""
            self.log(f"{name}: {count}done in {seconds:.1f} s")

    def _periodic(self, step: Step) -> None:
        now = time.perf_counter()
        if now - step._last < self.interval:
            return
        step._last = now
        if step.total:
            share = f" ({100 * step.done // step.total}%)"
            self.log(f"{step.name}: {_number(step.done)} of {_number(step.total)}{share}")
        else:
            self.log(f"{step.name}: {_number(step.done)}")

    def summary(self, counts: dict[str, int]) -> list[str]:
        """A few lines: the counts (`papers`, `merged`, …) and the time of each step."""
        lines = ["  ".join(f"{name}: {_number(value)}" for name, value in counts.items())]
        total = sum(self.times.values())
        lines += [f"  {name:<28} {seconds:7.1f} s" for name, seconds in self.times.items()]
        lines.append(f"  {'total':<28} {total:7.1f} s")
        return lines


def _bar() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )


def _number(value: int) -> str:
    return f"{value:,}"


def interval_from(value: str | None, log: Callable[[str], None]) -> float:
    """Seconds between progress lines from the environment variable's value: a number of
    seconds, 0 or more (0: a line at every step's advance), else the default (said once,
    through `log`)."""
    if not value:
        return INTERVAL
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0 or seconds == float("inf"):
        log(f"{INTERVAL_VARIABLE}={value!r} is not a number of seconds; using {INTERVAL:g}")
        return INTERVAL
    return seconds
