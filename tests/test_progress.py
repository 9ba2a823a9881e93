"""Progress on long work: log lines without a terminal, a rich bar on one, and the summary."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator import progress
from tests.conftest import FIXTURES, build_site, copy_project


def test_without_a_terminal_a_step_logs_lines_and_the_summary_its_time() -> None:
    lines: list[str] = []
    tracker = progress.Tracker(lines.append, live=False, interval=0)
    with tracker.step("pages", total=4) as step:
        for _ in range(4):
            step.advance()
    assert lines[:4] == [f"pages: {n} of 4 ({25 * n}%)" for n in range(1, 5)]
    assert lines[4].startswith("pages: 4 done in ")
    summary = tracker.summary({"papers": 20000, "merged": 3})
    assert summary[0] == "papers: 20,000  merged: 3"
    assert summary[1].split()[0] == "pages" and summary[-1].split()[0] == "total"


def test_short_steps_log_nothing_until_the_summary() -> None:
    lines: list[str] = []
    tracker = progress.Tracker(lines.append, live=False, interval=60)
    with tracker.step("pages", total=1000) as step:
        step.advance(1000)
    assert lines == []
    assert list(tracker.times) == ["pages"]


def test_on_a_terminal_a_rich_bar_shows_the_step(capsys: pytest.CaptureFixture[str]) -> None:
    lines: list[str] = []
    tracker = progress.Tracker(lines.append, live=True, interval=0)
    with tracker.step("paper pages", total=3) as step:
        step.advance(3)
    assert lines == []  # the bar, not log lines
    assert "paper pages" in tracker.times


def test_generate_reports_progress_and_a_summary(tmp_path: Path) -> None:
    env = {**os.environ, progress.INTERVAL_VARIABLE: "0"}
    result = subprocess.run(
        [
            *(sys.executable, "-m", "generator", "generate"),
            *("--content", str(FIXTURES / "compat"), "--out", str(tmp_path / "out")),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    err = result.stderr
    assert "pages: 15 of 15 (100%)" in err
    assert "papers: 5  merged: 1  rejected: 0  tags: 4  pages written: 18" in err
    for step in ("reading listings", "pages", "data files", "writing", "search index", "total"):
        assert f"\n  {step} " in err


def test_mkdocs_build_reports_progress_and_a_summary(tmp_path: Path) -> None:
    project = copy_project(tmp_path, FIXTURES / "compat")
    log = build_site(project, project / "site", env={progress.INTERVAL_VARIABLE: "0"})
    assert "paper-archive: paper pages: 5 of 5 (100%)" in log
    assert "paper-archive: papers: 5  entries: 6  merged: 1  rejected: 0  tags: 4" in log
    for step in ("reading the archive", "tag and date pages", "data files", "paper pages"):
        assert f"paper-archive:   {step} " in log


def test_a_bad_interval_in_the_environment_is_said_and_the_default_used() -> None:
    said: list[str] = []
    assert progress.interval_from("abc", said.append) == progress.INTERVAL
    assert progress.interval_from("-1", said.append) == progress.INTERVAL
    assert progress.interval_from("0", said.append) == 0.0  # a line at every advance
    assert progress.interval_from("2.5", said.append) == 2.5
    assert progress.interval_from(None, said.append) == progress.INTERVAL
    assert len(said) == 2 and "'abc' is not a number of seconds" in said[0]
