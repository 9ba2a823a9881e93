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
    queued: dict[str, list[bytes]]  # answers given before the recorded one, in order

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
        waiting = self.queued.get(self.path)
        if waiting:
            self._send(waiting.pop(0))
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
        self._send(body_file.read_bytes())

    def _send(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server() -> Iterator[tuple[str, type[Recorded]]]:
    handler = type("Handler", (Recorded,), {"log": [], "failures": {}, "queued": {}})
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
    base, handler = server
    handler.queued[day_path("2024-12-12")] = [
        (FIXTURES / "malformed" / "2024-12-12.json").read_bytes()
    ]
    with pytest.raises(fetch.FetchError, match=r"not usable.*not valid JSON"):
        fetch.hf_daily(client(), dt.date(2024, 12, 12), tmp_path, base)
    # A curator's Python-repr day is read, but it is not what the API answers: not saved.
    with pytest.raises(fetch.FetchError, match=r"not usable.*Python-repr"):
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


def day_path(day: str) -> str:
    return f"/api/daily_papers?date={day}"


FRIDAY, SATURDAY = dt.date(2025, 10, 3), dt.date(2025, 10, 4)
RECORDED_FRIDAY = SAMPLES / "hf-daily-papers-api" / "2025-10-03.json"


def test_an_empty_past_weekday_is_asked_again_then_reported_never_saved(
    server: tuple[str, type[Recorded]], tmp_path: Path
) -> None:
    base, handler = server
    handler.queued[day_path("2025-10-03")] = [b"[]"] * 3
    saved = fetch.hf_daily(client(), FRIDAY, tmp_path, base, today=dt.date(2025, 10, 10))
    assert (saved.saved, saved.suspicious, len(handler.log)) == (False, True, 3)
    assert "empty list for a past weekday, 3 times" in saved.note
    assert not list(tmp_path.iterdir())
    handler.queued[day_path("2025-10-03")] = [b"[]"]  # empty once, then the real answer
    saved = fetch.hf_daily(client(), FRIDAY, tmp_path, base, today=dt.date(2025, 10, 10))
    assert (saved.saved, saved.entries, saved.provisional) == (True, 39, False)
    assert saved.path.read_bytes() == RECORDED_FRIDAY.read_bytes()


def test_an_empty_weekend_day_or_today_is_not_saved_and_not_suspicious(
    server: tuple[str, type[Recorded]], tmp_path: Path
) -> None:
    base, handler = server
    handler.queued[day_path("2025-10-04")] = [b"[]"]
    weekend = fetch.hf_daily(client(), SATURDAY, tmp_path, base, today=dt.date(2025, 10, 10))
    assert (weekend.saved, weekend.suspicious, len(handler.log)) == (False, False, 1)
    handler.queued[day_path("2025-10-03")] = [b"[]"]
    today = fetch.hf_daily(client(), FRIDAY, tmp_path, base, today=FRIDAY)
    assert (today.saved, today.suspicious, len(handler.log)) == (False, False, 2)
    assert "not over" in today.note and not list(tmp_path.iterdir())


def test_a_day_saved_before_it_is_over_is_fetched_again_once_it_is(
    server: tuple[str, type[Recorded]], tmp_path: Path
) -> None:
    base, handler = server
    early = (SAMPLES / "hf-daily-papers-api" / "2025-03-17.json").read_bytes()  # 12 papers
    handler.queued[day_path("2025-10-03")] = [early]
    first = fetch.hf_daily(client(), FRIDAY, tmp_path, base, today=FRIDAY)
    assert (first.entries, first.provisional) == (12, True)
    assert fetch.provisional_days(tmp_path) == {"2025-10-03"}
    later = fetch.hf_daily(client(), FRIDAY, tmp_path, base, today=SATURDAY)
    assert (later.fetched, later.entries, later.provisional) == (True, 39, False)
    assert later.path.read_bytes() == RECORDED_FRIDAY.read_bytes()
    assert fetch.provisional_days(tmp_path) == set()
    assert not (tmp_path / fetch.PROVISIONAL).exists()
    kept = fetch.hf_daily(client(), FRIDAY, tmp_path, base, today=SATURDAY)
    assert kept.fetched is False and len(handler.log) == 2


def test_refetch_replaces_a_saved_day_but_never_by_fewer_papers(
    server: tuple[str, type[Recorded]], tmp_path: Path
) -> None:
    base, handler = server
    monday = dt.date(2025, 10, 6)
    fetch.hf_daily(client(), FRIDAY, tmp_path, base, today=monday)
    handler.queued[day_path("2025-10-03")] = [
        (SAMPLES / "hf-daily-papers-api" / "2025-03-17.json").read_bytes()
    ]
    worse = fetch.hf_daily(client(), FRIDAY, tmp_path, base, refetch=True, today=monday)
    assert (worse.fetched, worse.saved) == (True, False) and "kept it" in worse.note
    assert worse.path.read_bytes() == RECORDED_FRIDAY.read_bytes()
    (tmp_path / "2025-10-03.json").write_bytes(b"[]")  # a day saved empty by an old version
    better = fetch.hf_daily(client(), FRIDAY, tmp_path, base, refetch=True, today=monday)
    assert (better.saved, better.entries) == (True, 39)


ATOM_PROMISE = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title type="html">ArXiv Query: search_query=all:science</title>
  <id>http://arxiv.org/api/x</id>
  <updated>2019-08-10T00:00:00-04:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">10</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">10</opensearch:itemsPerPage>
</feed>
"""


def arxiv_path(handler: type[Recorded], base: str, tmp_path: Path) -> str:
    """The path of the arXiv request `arxiv_query(…, "all:science", …, 10)` makes."""
    fetch.arxiv_query(client(), "all:science", tmp_path / "probe", 10, base)
    return handler.log.pop()[1]


def test_an_arxiv_answer_with_results_promised_and_none_sent_is_never_saved(
    server: tuple[str, type[Recorded]], tmp_path: Path
) -> None:
    base, handler = server
    path = arxiv_path(handler, base, tmp_path)
    handler.queued[path] = [ATOM_PROMISE] * 3
    with pytest.raises(fetch.FetchError, match="arXiv says 10 results exist but sent no entries"):
        fetch.arxiv_query(client(), "all:science", tmp_path / "arxiv", 10, base)
    assert not (tmp_path / "arxiv").exists() and len(handler.log) == 3
    handler.queued[path] = [ATOM_PROMISE]
    saved = fetch.arxiv_query(client(), "all:science", tmp_path / "arxiv", 10, base)
    assert (saved.saved, saved.entries) == (True, 10)
    none = ATOM_PROMISE.replace(b">10</opensearch:totalResults", b">0</opensearch:totalResults")
    handler.queued[path] = [none]
    honest = fetch.arxiv_query(client(), "all:science", tmp_path / "fresh", 10, base)
    assert (honest.saved, honest.entries) == (True, 0)  # the service says there are none


def test_arxiv_refetch_never_replaces_an_answer_by_fewer_entries(
    server: tuple[str, type[Recorded]], tmp_path: Path
) -> None:
    base, handler = server
    path = arxiv_path(handler, base, tmp_path)
    handler.queued[path] = [ATOM_PROMISE]
    saved = fetch.arxiv_query(client(), "all:science", tmp_path / "arxiv", 10, base)
    assert (saved.saved, saved.entries) == (True, 10)
    before = saved.path.read_bytes()
    none = ATOM_PROMISE.replace(b">10</opensearch:totalResults", b">0</opensearch:totalResults")
    handler.queued[path] = [none]
    kept = fetch.arxiv_query(client(), "all:science", tmp_path / "arxiv", 10, base, refetch=True)
    assert (kept.saved, kept.entries) == (False, 0) and "saved one 10: kept it" in kept.note
    assert saved.path.read_bytes() == before
    handler.queued[path] = [ATOM_PROMISE]
    same = fetch.arxiv_query(client(), "all:science", tmp_path / "arxiv", 10, base, refetch=True)
    assert (same.saved, same.entries) == (True, 10)


def test_an_arxiv_error_answer_is_not_saved(
    server: tuple[str, type[Recorded]], tmp_path: Path
) -> None:
    base, handler = server
    path = arxiv_path(handler, base, tmp_path)
    error = (
        FIXTURES
        / "field-cases"
        / "real-inputs"
        / "arxiv-error-entry"
        / "arxiv"
        / "id_list-2503.04321.xml"
    )
    handler.queued[path] = [error.read_bytes()]
    with pytest.raises(fetch.FetchError, match="arXiv API error, not a paper"):
        fetch.arxiv_query(client(), "all:science", tmp_path / "arxiv", 10, base)
    assert not (tmp_path / "arxiv").exists()


def test_cli_refetches_provisional_days_and_reports_empty_weekdays(
    server: tuple[str, type[Recorded]], tmp_path: Path
) -> None:
    base, handler = server
    folder = tmp_path / "listings" / "hf-daily-papers-api"
    folder.mkdir(parents=True)
    early = (SAMPLES / "hf-daily-papers-api" / "2025-03-17.json").read_bytes()
    (folder / "2025-10-03.json").write_bytes(early)
    (folder / fetch.PROVISIONAL).write_text("2025-10-03\n", "utf-8")
    handler.queued[day_path("2024-05-28")] = [b"[]"] * 2  # a Tuesday
    result = fetch_hf_cli(
        tmp_path, base, "--date", "2024-05-27", "--to", "2024-05-28", "--retries", "1"
    )
    assert result.returncode == 1
    assert "empty answers for past weekdays 2024-05-28" in result.stderr
    assert "not saved" in result.stderr and "Traceback" not in result.stderr
    assert (folder / "2025-10-03.json").read_bytes() == RECORDED_FRIDAY.read_bytes()
    assert not (folder / fetch.PROVISIONAL).exists() and not (folder / "2024-05-28.json").exists()
    again = fetch_hf_cli(tmp_path, base, "--date", "2024-05-27")
    assert again.returncode == 0 and "kept" in again.stdout and "--refetch" in again.stdout
    handler.queued[day_path("2024-05-27")] = [early]  # fewer papers than saved: kept
    forced = fetch_hf_cli(tmp_path, base, "--date", "2024-05-27", "--refetch")
    assert forced.returncode == 0, forced.stderr
    assert "the new answer has 12 papers, the saved one 13: kept it" in forced.stdout
