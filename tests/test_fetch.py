"""`paper-archive fetch` against a local server on 127.0.0.1 serving real recorded responses."""

from __future__ import annotations

import datetime as dt
import http.server
import itertools
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from generator import fetch
from tests.browser import loopback
from tests.conftest import FIXTURES, ROOT

SAMPLES = FIXTURES / "samples"


class Recorded(http.server.BaseHTTPRequestHandler):
    """Real responses by request; some days fail first, to test retries."""

    log: list[tuple[float, str]]
    failures: dict[str, list[int]]

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.log.append((time.monotonic(), self.path))
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        pending = self.failures.get(self.path)
        if pending:
            status = pending.pop(0)
            self.send_response(status)
            self.send_header("Retry-After", "0")
            self.end_headers()
            return
        if url.path == "/api/daily_papers":
            body_file = SAMPLES / "hf-daily-papers-api" / f"{query['date'][0]}.json"
        elif url.path == "/api/query":
            body_file = SAMPLES / "arxiv-atom" / "arxiv_api_query_all-science_2019-08-10.xml"
        else:
            body_file = Path("/nonexistent")
        if not body_file.is_file():
            self.send_response(404)
            self.end_headers()
            return
        body = body_file.read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[tuple[str, type[Recorded]]]:
    handler = type("Handler", (Recorded,), {"log": [], "failures": {}})
    with loopback(handler) as base:
        yield base, handler


def client() -> fetch.Client:
    return fetch.Client(delay=0.05, retries=2, backoff=0.01, timeout=5)


def test_daily_papers_are_saved_once(server: tuple[str, type[Recorded]], tmp_path: Path) -> None:
    base, handler = server
    saved = fetch.hf_daily(client(), dt.date(2025, 10, 3), tmp_path, base)
    assert (saved.fetched, saved.entries) == (True, 39)
    assert (
        saved.path.read_bytes()
        == (SAMPLES / "hf-daily-papers-api" / "2025-10-03.json").read_bytes()
    )
    again = fetch.hf_daily(client(), dt.date(2025, 10, 3), tmp_path, base)
    assert again.fetched is False and len(handler.log) == 1


def test_retries_after_server_errors_then_succeeds(
    server: tuple[str, type[Recorded]], tmp_path: Path
) -> None:
    base, handler = server
    handler.failures["/api/daily_papers?date=2024-06-13"] = [503, 429]
    saved = fetch.hf_daily(client(), dt.date(2024, 6, 13), tmp_path, base)
    assert saved.entries == 21 and len(handler.log) == 3


def test_gives_up_with_a_clear_message(server: tuple[str, type[Recorded]], tmp_path: Path) -> None:
    base, handler = server
    handler.failures["/api/daily_papers?date=2024-06-13"] = [503, 503, 503]
    with pytest.raises(fetch.FetchError, match="HTTP 503"):
        fetch.hf_daily(client(), dt.date(2024, 6, 13), tmp_path, base)
    assert not list(tmp_path.iterdir())


def test_a_broken_answer_is_not_saved(server: tuple[str, type[Recorded]], tmp_path: Path) -> None:
    base, _ = server
    with pytest.raises(fetch.FetchError, match=r"not usable.*list of str"):
        fetch.hf_daily(client(), dt.date(2024, 12, 11), tmp_path, base)
    assert not list(tmp_path.iterdir())


def test_requests_are_spaced_by_the_delay(
    server: tuple[str, type[Recorded]], tmp_path: Path
) -> None:
    base, handler = server
    polite = fetch.Client(delay=0.3, retries=0, timeout=5)
    for day in (dt.date(2024, 5, 27), dt.date(2024, 6, 13), dt.date(2025, 3, 17)):
        fetch.hf_daily(polite, day, tmp_path, base)
    times = [t for t, _ in handler.log]
    assert all(b - a >= 0.29 for a, b in itertools.pairwise(times))


def test_arxiv_query(server: tuple[str, type[Recorded]], tmp_path: Path) -> None:
    base, handler = server
    saved = fetch.arxiv_query(client(), "all:science", tmp_path, 10, base)
    assert saved.path.name == "all-science-10.xml" and saved.entries == 10
    query = parse_qs(urlsplit(handler.log[0][1]).query)
    assert query["search_query"] == ["all:science"] and query["max_results"] == ["10"]


def fetch_hf_cli(
    content: Path, base: str, *days_and_options: str
) -> subprocess.CompletedProcess[str]:
    """`paper-archive fetch hf` as a user runs it, with no delay between requests."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "fetch",
            "hf",
            "--content",
            str(content),
            "--delay",
            "0",
            "--base-url",
            base,
            *days_and_options,
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=120,
    )


def test_unreachable_network_is_one_line_for_the_user(tmp_path: Path) -> None:
    result = fetch_hf_cli(tmp_path, "http://127.0.0.1:9", "--date", "2025-10-03", "--retries", "1")
    assert result.returncode == 1
    assert "cannot reach the server" in result.stderr and "Traceback" not in result.stderr


def test_cli_fetches_a_range_into_the_listings(
    server: tuple[str, type[Recorded]], tmp_path: Path
) -> None:
    base, _ = server
    result = fetch_hf_cli(tmp_path, base, "--date", "2024-05-27", "--to", "2024-05-27")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "listings" / "hf-daily-papers-api" / "2024-05-27.json").is_file()
    assert "saved" in result.stdout and "13 entries" in result.stdout
    # The closing summary (stderr): days saved and kept, entries, the time of the step.
    assert "days saved: 1  already there: 0  entries: 13" in result.stderr
    assert "\n  days " in result.stderr and "\n  total " in result.stderr
    again = fetch_hf_cli(tmp_path, base, "--date", "2024-05-27", "--to", "2024-05-27")
    assert "days saved: 0  already there: 1  entries: 0" in again.stderr
