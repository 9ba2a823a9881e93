"""Whole-site build time and memory: this project against a plain Material site, same papers.

.venv/bin/python -m benchmarks.build [--runs N] [SIZES…]   (default: 1 run; 1000 5000 20000 100000)

For each size it generates a synthetic archive (benchmarks.synthetic), builds the plain
Material baseline (benchmarks.baseline) and this project's site from it, one after the other
in the same run, each into an empty folder, and reports wall time, peak memory (the summed
proportional set size of the build's whole process tree, sampled every 100 ms, so a helper
process counts) and output size (bytes and files, in all and per paper, with a breakdown by
top-level folder), with the ratios to the baseline, and up to how many papers each site fits
the 1 GB that GitHub Pages publishes (and GitLab's 200,000 files). It also times a
`mkdocs serve` rebuild after one hand-written page changes. Results go to
benchmarks/results/build.md and build.json.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks import baseline, synthetic

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}


GB = 10**9  # GitHub Pages: "published sites may be no larger than 1 GB"
FILE_LIMIT = 200_000  # GitLab Pages: at most 200,000 files


@dataclass
class Build:
    seconds: float
    peak_mb: float
    site_mb: float
    files: int
    site_bytes: int = 0
    folders: dict[str, tuple[int, int]] = field(default_factory=dict)  # name: (bytes, files)


def folder_sizes(site: Path) -> dict[str, tuple[int, int]]:
    """Bytes and files under each top-level folder of a site (top-level files by name), the
    bytes of the files themselves (what a host stores and counts), not of directories."""
    sizes: dict[str, list[int]] = {}
    for path in site.rglob("*"):
        if path.is_file():
            top = path.relative_to(site).parts[0]
            entry = sizes.setdefault(top, [0, 0])
            entry[0] += path.stat().st_size
            entry[1] += 1
    return {name: (size, count) for name, (size, count) in sorted(sizes.items())}


def tree_pss_kb(root: int) -> int:
    """The summed proportional set size of a process and all its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += children.get(pid, [])
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        match = re.search(r"^Pss:\s+(\d+) kB", rollup, re.M)
        total += int(match.group(1)) if match else 0
    return total


def measured(command: list[str], cwd: Path) -> tuple[float, float]:
    """Run a command; its wall time in seconds and the peak memory of its tree in MB."""
    peak = 0
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL)
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_pss_kb(process.pid))
            done.wait(0.1)  # not more often: walking /proc takes CPU from the build it measures

    sampler = threading.Thread(target=sample)
    sampler.start()
    code = process.wait()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if code != 0:
        raise SystemExit(f"{' '.join(command)} failed in {cwd} (exit {code})")
    return seconds, peak / 1024


def build(folder: Path, runs: int = 1) -> Build:
    """The median of `runs` builds' times and peaks (build times here vary by a few seconds).

    Each build writes a new folder, and no output is deleted until the whole run ends: for
    minutes after many files are deleted, ext4 creates files several times slower (it avoids
    reusing recently freed inodes, `recently_deleted()`), which would charge one build for
    the clean-up of another, and most to the build that writes the most files.
    """
    times, peaks = [], []
    for run in range(runs):
        site = folder / f"site-{run}"
        os.sync()  # the previous build's writes are not this one's to wait for
        command = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)]
        seconds, peak = measured(command, folder)
        times.append(seconds)
        peaks.append(peak)
    seconds, peak = statistics.median(times), statistics.median(peaks)
    folders = folder_sizes(site)
    size = sum(b for b, _ in folders.values())
    count = sum(n for _, n in folders.values())
    return Build(seconds, peak, size / 1e6, count, size, folders)


def ours(content: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    # A copy, not a link: `mkdocs serve` watches real folders, and edits stay in the copy.
    shutil.copytree(content, folder / "content", dirs_exist_ok=True)
    shutil.copytree(ROOT / "overrides", folder / "overrides", dirs_exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


def serve_rebuild_seconds(folder: Path) -> float:
    """Seconds from editing a hand-written page to `mkdocs serve` having rebuilt the site."""
    page = folder / "content" / "about.md"
    original = page.read_text("utf-8")
    with socket.socket() as probe:  # a free port: other builds may be serving on this machine
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=folder,
        env=ENV,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    try:
        for line in process.stderr:
            if "Serving on" in line:
                break
        time.sleep(1)
        start = time.perf_counter()
        page.write_text(original + "\nEdited.\n", "utf-8")
        for line in process.stderr:
            if "Documentation built in" in line:
                return time.perf_counter() - start
        raise SystemExit("mkdocs serve stopped before rebuilding")
    finally:
        page.write_text(original, "utf-8")
        process.terminate()
        process.wait()


def table(rows: list[dict[str, object]]) -> str:
    lines = [
        "| papers | site | build | peak memory | output | files | bytes per paper "
        "| files per paper | time vs baseline | memory vs baseline | size vs baseline |",
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        papers = int(str(row["papers"]))
        lines.append(
            f"| {papers:,} | {row['site']} | {row['seconds']:.1f} s "
            f"| {row['peak_mb']:,.0f} MB | {row['site_mb']:,.0f} MB | {row['files']:,} "
            f"| {int(str(row['site_bytes'])) / papers:,.0f} "
            f"| {int(str(row['files'])) / papers:.2f} "
            f"| {row['time_ratio']} | {row['memory_ratio']} | {row['size_ratio']} |"
        )
    return "\n".join(lines) + "\n"


def breakdown(papers: int, plain: Build, mine: Build) -> str:
    """Bytes per paper in each top-level folder (or file) of both sites, largest first."""
    names = sorted(
        set(plain.folders) | set(mine.folders),
        key=lambda n: (-max(mine.folders.get(n, (0, 0))[0], plain.folders.get(n, (0, 0))[0]), n),
    )
    lines = [
        f"\n{papers:,} papers, by folder: bytes per paper (files)\n",
        "| folder | plain Material | paper-archive |",
        "| --- | ---: | ---: |",
    ]
    for name in names:
        cells = []
        for result in (plain, mine):
            size, count = result.folders.get(name, (0, 0))
            cells.append(f"{size / papers:,.0f} ({count:,})" if count else "—")
        lines.append(f"| {name} | {cells[0]} | {cells[1]} |")
    return "\n".join(lines) + "\n"


def capacity(rows: list[dict[str, object]], site: str) -> tuple[int, int] | None:
    """Up to how many papers a site fits `GB` bytes and `FILE_LIMIT` files, from its two
    largest measured sizes (size and files grow linearly with papers: a fixed part, the
    theme's assets and indexes, and a part per paper); None with fewer than two sizes."""
    points = sorted(
        (int(str(r["papers"])), int(str(r["site_bytes"])), int(str(r["files"])))
        for r in rows
        if r["site"] == site
    )
    if len(points) < 2 or points[-1][0] == points[-2][0]:
        return None
    (n1, b1, f1), (n2, b2, f2) = points[-2], points[-1]
    per_byte, per_file = (b2 - b1) / (n2 - n1), (f2 - f1) / (n2 - n1)
    fits_bytes = int(n2 + (GB - b2) / per_byte) if per_byte > 0 else 0
    fits_files = int(n2 + (FILE_LIMIT - f2) / per_file) if per_file > 0 else 0
    return fits_bytes, fits_files


def main(sizes: list[int], runs: int = 1) -> None:
    rows: list[dict[str, object]] = []
    breakdowns: list[str] = []
    serve: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="paper-archive-build-") as work_dir:
        work = Path(work_dir)
        for count in sizes:
            content = work / f"content-{count}"
            synthetic.generate(count, content)
            plain = build(baseline.project(content, work / f"baseline-{count}"), runs)
            mine = build(ours(content, work / f"ours-{count}"), runs)
            for name, result in (("plain Material", plain), ("paper-archive", mine)):
                row: dict[str, object] = {"papers": count, "site": name, **asdict(result)}
                mine_row = name == "paper-archive"
                row["time_ratio"] = f"{result.seconds / plain.seconds:.2f}×" if mine_row else "1"
                row["memory_ratio"] = f"{result.peak_mb / plain.peak_mb:.2f}×" if mine_row else "1"
                ratio = result.site_bytes / plain.site_bytes
                row["size_ratio"] = f"{ratio:.2f}×" if mine_row else "1"
                rows.append(row)
                print(table([row]).splitlines()[-1], flush=True)
            breakdowns.append(breakdown(count, plain, mine))
            print(breakdowns[-1], flush=True)
            if count == 20_000:
                serve[count] = serve_rebuild_seconds(work / f"ours-{count}")
                print(f"mkdocs serve rebuild after one edit at {count:,}: {serve[count]:.1f} s")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "build.json").write_text(
        json.dumps({"rows": rows, "serve_rebuild_seconds": serve}, indent=1) + "\n", "utf-8"
    )
    text = table(rows)
    for site in ("plain Material", "paper-archive"):
        fits = capacity(rows, site)
        if fits is not None:
            text += (
                f"\n{site}: 1 GB holds up to {fits[0]:,} papers; "
                f"{FILE_LIMIT:,} files up to {fits[1]:,} papers.\n"
            )
    text += "".join(breakdowns)
    for count, seconds in serve.items():
        text += (
            f"\n`mkdocs serve`, one hand-written page edited at {count:,} papers: "
            f"rebuilt in {seconds:.1f} s.\n"
        )
    (RESULTS / "build.md").write_text(text, "utf-8")
    print(text)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    repeat = 1
    if arguments[:1] == ["--runs"]:
        repeat, arguments = int(arguments[1]), arguments[2:]
    main([int(a) for a in arguments] or [1_000, 5_000, 20_000, 100_000], repeat)
