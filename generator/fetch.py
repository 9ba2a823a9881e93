"""Downloading new listings into the content folder: polite, retrying, and never twice."""

from __future__ import annotations

import datetime as dt
import email.utils
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from slugify import slugify

from generator.model import ParseResult
from generator.sources import arxiv_atom, hf_api

HF = "https://huggingface.co"
ARXIV = "https://export.arxiv.org"
USER_AGENT = "paper-archive/0.1 (static archive of research papers)"
RETRY_STATUS = {429, 500, 502, 503, 504}


class FetchError(Exception):
    """A download failed for good; the message says which URL and why."""


@dataclass
class Client:
    """HTTP GET with a minimum delay between requests and retries with exponential backoff."""

    delay: float = 3.0  # seconds between requests: arXiv asks for 3
    retries: int = 4
    backoff: float = 2.0  # the first retry waits this long, each next one twice as long
    timeout: float = 60.0
    sleep: Callable[[float], None] = time.sleep
    _last: float = field(default=-1e9, repr=False)

    def _wait_turn(self) -> None:
        pause = self._last + self.delay - time.monotonic()
        if pause > 0:
            self.sleep(pause)
        self._last = time.monotonic()

    def get(self, url: str) -> bytes:
        wait = self.backoff
        for attempt in range(self.retries + 1):
            self._wait_turn()
            request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return bytes(response.read())
            except urllib.error.HTTPError as error:
                if error.code not in RETRY_STATUS or attempt == self.retries:
                    raise FetchError(f"{url}: HTTP {error.code} {error.reason}") from None
                retry_after = _retry_after(error.headers.get("Retry-After"))
                self.sleep(max(wait, retry_after))
            except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
                if attempt == self.retries:
                    reason = getattr(error, "reason", error)
                    raise FetchError(
                        f"{url}: cannot reach the server ({reason}); "
                        "check the network and try again"
                    ) from None
                self.sleep(wait)
            wait *= 2
        raise FetchError(f"{url}: no answer")  # not reached: the loop returns or raises


def _retry_after(value: str | None) -> float:
    """Seconds from a Retry-After header (seconds or an HTTP date); 0 if absent or odd."""
    if not value:
        return 0.0
    if value.strip().isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return 0.0
    return max(0.0, when - time.time())


@dataclass(frozen=True)
class Saved:
    path: Path
    fetched: bool  # false: it was there already, nothing downloaded
    entries: int


def _save(path: Path, data: bytes, check: Callable[[bytes, str], ParseResult]) -> int:
    """Write a download only if it parses cleanly: a broken answer never enters the archive."""
    result = check(data, path.name)
    if result.problems:
        raise FetchError(f"{path.name}: the server's answer is not usable: {result.problems[0]}")
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".part")
    partial.write_bytes(data)
    partial.replace(path)  # atomic: a crash never leaves half a file
    return len(result.entries)


def hf_daily(client: Client, day: dt.date, folder: Path, base: str = HF) -> Saved:
    """The Hugging Face daily papers of one day, as `folder/YYYY-MM-DD.json`."""
    path = folder / f"{day.isoformat()}.json"
    if path.exists():
        return Saved(path, False, 0)
    data = client.get(f"{base}/api/daily_papers?date={day.isoformat()}")
    return Saved(path, True, _save(path, data, hf_api.parse_daily))


def arxiv_query(
    client: Client, query: str, folder: Path, max_results: int = 100, base: str = ARXIV
) -> Saved:
    """One arXiv API search, newest first, as `folder/<query>-<max>.xml`."""
    path = folder / f"{slugify(query, max_length=80) or 'query'}-{max_results}.xml"
    if path.exists():
        return Saved(path, False, 0)
    params = urllib.parse.urlencode(
        {
            "search_query": query,
            "start": 0,
            "max_results": max_results,
            "sortBy": "submittedDate",
            "sortOrder": "descending",
        }
    )
    data = client.get(f"{base}/api/query?{params}")
    return Saved(path, True, _save(path, data, arxiv_atom.parse))
