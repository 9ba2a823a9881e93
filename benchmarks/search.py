"""Search at scale: this project's sharded search against Material's built-in search.

For each archive size it generates a synthetic archive, builds it twice (with this project's
search, and with Material's search plugin instead), and measures, in one run:
build time and peak memory, index bytes (raw and gzipped), and in headless Chromium, for a few
queries typed on a cold page: milliseconds from the first keystroke to the first result, from a
further keystroke to the updated results, bytes of search files transferred (gzipped, as GitHub
Pages serves them), and the browser's resident memory.

    .venv/bin/python -m benchmarks.search            # 1,000, 5,000 and 20,000 papers
    .venv/bin/python -m benchmarks.search 1000 5000  # chosen sizes
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from benchmarks import baseline, synthetic
from generator import archive
from generator.search import files as search_files
from tests.browser import chromium, loopback

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
SIZES = (1_000, 5_000, 20_000)
QUERIES = ("reward model", "diffusion", "jailbreak safety")
FURTHER = "s"  # typed after the first results: "reward models", "diffusions", "safetys"
# What a cold query transfers, by kind: search (index files, the worker and its scripts), theme
# (Material's and this project's styles and scripts, icons, fonts), the page itself (its HTML),
# and anything else (say, a sitemap Material reads).
SEARCH_PATH = re.compile(
    r"^/(search/(?!index\.html)|assets/javascripts/workers/|assets/javascripts/lunr/"
    r"|assets/paper-archive/(search-|lunr))"
)
THEME_PATH = re.compile(r"^/assets/")
KINDS = ("page", "theme", "search", "other")
VARIANTS = ("paper-archive", "material")


@dataclass
class Build:
    seconds: float
    peak_mb: float
    index_bytes: int
    index_gzip_bytes: int


@dataclass
class Probe:
    first_ms: float
    next_ms: float
    search_bytes: int
    browser_mb: float
    page_bytes: int = 0
    theme_bytes: int = 0
    other_bytes: int = 0
    other_paths: tuple[str, ...] = ()


def project(work: Path, count: int, variant: str) -> Path:
    """A project folder for one size and variant; the content is generated once per size.

    `material` is the plain Material site of benchmarks.baseline (a Markdown page per paper and
    Material's search): this project's own pages are not Markdown pages Material could index.
    """
    content = work / f"content-{count}"
    if not content.exists():
        synthetic.generate(count, content)
    folder = work / f"{variant}-{count}"
    if variant == "material":
        return baseline.project(content, folder)
    folder.mkdir(exist_ok=True)
    (folder / "content").unlink(missing_ok=True)
    (folder / "content").symlink_to(content)
    shutil.copytree(ROOT / "overrides", folder / "overrides", dirs_exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


def build(folder: Path) -> Build:
    """A real `mkdocs build`; peak memory is the build process's maximum resident set."""
    wrapper = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", wrapper, sys.executable, "-m", "mkdocs", "build", "-q"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - start
    index_files = [
        p
        for p in (folder / "site" / "search").rglob("*.json*")
        if "/doc/" not in p.as_posix() and p.suffix in (".json", ".gz")
    ]
    return Build(
        seconds=seconds,
        peak_mb=int(done.stdout.split()[-1]) / 1024,
        index_bytes=sum(len(json_bytes(p)) for p in index_files),
        index_gzip_bytes=sum(len(sent_bytes(p.read_bytes(), p.name)) for p in index_files),
    )


def json_bytes(path: Path) -> bytes:
    """A search file's JSON: this project's shards are stored gzipped (`.json.gz`)."""
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def sent_bytes(data: bytes, name: str) -> bytes:
    """What GitHub Pages sends of a file to a browser that accepts gzip: a `.gz` file as it is
    (`application/gzip`, which it does not compress again), any other file gzipped."""
    return data if name.endswith(".gz") else gzip.compress(data, 6)


def kind(path: str) -> str:
    """What a request is for: one of KINDS."""
    if SEARCH_PATH.match(path):
        return "search"
    if THEME_PATH.match(path):
        return "theme"
    if path.endswith("/") or path.endswith(".html"):
        return "page"
    return "other"


class Counter:
    """Bytes transferred (gzipped when asked so), by kind; and the paths of the `other` kind."""

    def __init__(self) -> None:
        self.bytes = dict.fromkeys(KINDS, 0)
        self.others: list[str] = []
        self.lock = threading.Lock()

    def add(self, path: str, size: int) -> None:
        with self.lock:
            self.bytes[kind(path)] += size
            if kind(path) == "other":
                self.others.append(path)


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files gzipped, as GitHub Pages does (a `.gz` file as it is), and counts the bytes
    of each kind of request."""

    counter: Counter

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            self.send_error(404)
            return
        body = Path(path).read_bytes()
        zipped = "gzip" in self.headers.get("Accept-Encoding", "") and not path.endswith(".gz")
        if zipped:
            body = sent_bytes(body, path)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Length", str(len(body)))
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        self.wfile.write(body)
        self.counter.add(self.path.split("?")[0], len(body))


@contextmanager
def serve(root: Path) -> Iterator[tuple[str, Counter]]:
    counter = Counter()
    handler = type("Handler", (GzipHandler,), {"counter": counter})
    with loopback(functools.partial(handler, directory=str(root))) as base:
        yield base + "/", counter


def browser_pss_mb(profile_marker: str) -> float:
    """Memory of every process of one Chromium instance (found by its profile path), as PSS:
    each process's resident memory with shared pages divided among the processes sharing them."""
    total = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            if profile_marker.encode() not in cmdline:
                continue
            status = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        match = re.search(r"^Pss:\s+(\d+) kB", status, re.MULTILINE)
        total += int(match.group(1)) if match else 0
    return total / 1024


OBSERVE = """
window.__t = {};
const list = document.querySelector('.md-search-result__list');
const box = document.querySelector('input.md-search__input');
box.addEventListener('keydown', (e) => {
  if (window.__t.k0 === undefined) window.__t.k0 = e.timeStamp;
  if (window.__t.armed) { window.__t.k1 = e.timeStamp; window.__t.armed = false; }
}, true);
new MutationObserver(() => {
  const now = performance.now();
  // The list was updated for the further keystroke (even to no results).
  if (window.__t.k1 !== undefined && window.__t.next === undefined) window.__t.next = now;
  if (!list.children.length) return;
  if (window.__t.k0 !== undefined && window.__t.first === undefined) window.__t.first = now;
}).observe(list, {childList: true});
"""


def probe(site: Path, text: str) -> Probe:
    """Type a query on a freshly loaded page in a fresh browser, and measure."""
    with serve(site) as (base, counter), chromium() as driver:
        marker = next(a for a in driver.capabilities["chrome"]["userDataDir"].split() if a)
        driver.get(base)  # the home page: both sites have one
        WebDriverWait(driver, 30).until(
            lambda d: d.execute_script("return document.readyState") == "complete"
        )
        driver.execute_script(OBSERVE)
        box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
        box.click()
        box.send_keys(text)
        WebDriverWait(driver, 300, poll_frequency=0.05).until(
            lambda d: d.execute_script("return window.__t.first !== undefined")
        )
        time.sleep(1.0)  # let the results for the whole query settle
        cold = dict(counter.bytes)  # the cold query's bytes, before the further keystroke
        driver.execute_script("window.__t.armed = true")
        box.send_keys(FURTHER)
        WebDriverWait(driver, 300, poll_frequency=0.05).until(
            lambda d: d.execute_script("return window.__t.next !== undefined")
        )
        time.sleep(0.5)
        t = driver.execute_script("return window.__t")
        return Probe(
            first_ms=t["first"] - t["k0"],
            next_ms=t["next"] - t["k1"],
            search_bytes=cold["search"],
            browser_mb=browser_pss_mb(marker),
            page_bytes=cold["page"],
            theme_bytes=cold["theme"],
            other_bytes=cold["other"],
            other_paths=tuple(sorted(set(counter.others))),
        )


def index_seconds(content: Path) -> float:
    """The time to build this project's search files alone, in process."""
    papers = archive.load(content)
    start = time.perf_counter()
    search_files.build(papers)
    return time.perf_counter() - start


def kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB" if n < 10 * 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def table(rows: list[dict[str, object]]) -> str:
    head = (
        "| papers | search | build | index build | peak memory | index (raw / gzip) "
        "| cold query: page + theme + search + other | first result | next keystroke "
        "| browser memory |\n"
        "| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
    )
    lines = []
    for r in rows:
        b, probes = r["build"], r["probes"]
        assert isinstance(b, dict) and isinstance(probes, list)
        first = [p["first_ms"] for p in probes]
        nxt = [p["next_ms"] for p in probes]
        mean = {k: statistics.mean(p[f"{k}_bytes"] for p in probes) for k in KINDS}
        cold = " + ".join(kb(mean[k]) for k in KINDS).replace(" KB", "")
        lines.append(
            f"| {r['papers']:,} | {r['variant']} | {b['seconds']:.1f} s | "
            f"{r['index_seconds']} | {b['peak_mb']:,.0f} MB | "
            f"{kb(b['index_bytes'])} / {kb(b['index_gzip_bytes'])} | "
            f"**{kb(sum(mean.values()))}** = {cold} KB | "
            f"{statistics.median(first):,.0f} ms (max {max(first):,.0f}) | "
            f"{statistics.median(nxt):,.0f} ms (max {max(nxt):,.0f}) | "
            f"{max(p['browser_mb'] for p in probes):,.0f} MB |"
        )
    return head + "\n".join(lines) + "\n"


def main(sizes: tuple[int, ...]) -> None:
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory(prefix="paper-archive-bench-") as tmp:
        work = Path(tmp)
        for count in sizes:
            for variant in VARIANTS:
                folder = project(work, count, variant)
                print(f"{count:,} papers, {variant}: building…", flush=True)
                built = build(folder)
                seconds = index_seconds(folder / "content") if variant == "paper-archive" else None
                probes = []
                for text in QUERIES:
                    probes.append(asdict(probe(folder / "site", text)))
                    print(f"  {text!r}: {probes[-1]}", flush=True)
                rows.append(
                    {
                        "papers": count,
                        "variant": variant,
                        "build": asdict(built),
                        "index_seconds": f"{seconds:.1f} s" if seconds is not None else "—",
                        "probes": probes,
                    }
                )
                shutil.rmtree(folder / "site")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "search.json").write_text(json.dumps(rows, indent=1) + "\n", "utf-8")
    (RESULTS / "search.md").write_text(table(rows), "utf-8")
    print(table(rows))


if __name__ == "__main__":
    main(tuple(int(a) for a in sys.argv[1:]) or SIZES)
