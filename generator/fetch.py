"""Downloading new listings into the content folder: polite, retrying, and never twice."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
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
    """What one fetch did: `fetched` false means nothing was downloaded (the file was there);
    `saved` false means the answer was not written (`note` says why)."""

    path: Path
    fetched: bool  # false: it was there already, nothing downloaded
    entries: int
    saved: bool = True
    provisional: bool = False  # saved, but fetched again until the day is over
    note: str = ""
    suspicious: bool = False  # empty where the service should have had results


def _check(data: bytes, name: str, check: Callable[[bytes, str], ParseResult]) -> ParseResult:
    """The parsed answer; raises FetchError unless it is clean and in the API's own format (a
    wrapper or Python-repr entries are read from a curator's files, never saved by fetch)."""
    result = check(data, name)
    trouble = result.problems[:1] or result.notes[:1]
    if trouble:
        raise FetchError(f"{name}: the server's answer is not usable: {trouble[0]}")
    return result


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".part")
    partial.write_bytes(data)
    partial.replace(path)  # atomic: a crash never leaves half a file


def _save(path: Path, data: bytes, check: Callable[[bytes, str], ParseResult]) -> int:
    """Write a download only if it parses cleanly: a broken answer never enters the archive."""
    result = _check(data, path.name, check)
    _write(path, data)
    return len(result.entries)


# Days whose saved answer came before the day was over: fetched again until it is. A dot
# file, so that the listings reader skips it.
PROVISIONAL = ".provisional"


def provisional_days(folder: Path) -> set[str]:
    """The days (ISO) saved in `folder` before they were over."""
    try:
        text = (folder / PROVISIONAL).read_text("utf-8")
    except OSError:
        return set()
    days = set()
    for line in text.splitlines():
        try:
            days.add(dt.date.fromisoformat(line.strip()).isoformat())
        except ValueError:
            continue  # not a day: a hand edit; ignored
    return days


def _mark(folder: Path, day: dt.date, provisional: bool) -> None:
    days = provisional_days(folder)
    new = days | {day.isoformat()} if provisional else days - {day.isoformat()}
    if new == days:
        return
    if new:
        folder.mkdir(parents=True, exist_ok=True)
        _write(folder / PROVISIONAL, "".join(f"{d}\n" for d in sorted(new)).encode())
    else:
        (folder / PROVISIONAL).unlink(missing_ok=True)


def utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def hf_daily(
    client: Client,
    day: dt.date,
    folder: Path,
    base: str = HF,
    *,
    refetch: bool = False,
    today: dt.date | None = None,
) -> Saved:
    """The Hugging Face daily papers of one day, as `folder/YYYY-MM-DD.json`.

    A day already saved is kept, unless `refetch`, or it was saved before it was over (it is
    listed in `folder/.provisional`): then it is fetched again and replaced only by an answer
    with at least as many papers. A day's list fills during the day (UTC), so a day of `today`
    or later is saved provisional. An empty list (`[]`) is never saved: for today or later it
    only means "not yet"; for a past weekday (when Hugging Face lists papers every day) it is
    asked again with the client's retries and then reported as suspicious; for a past
    weekend day it is plausible, and reported. Raises FetchError if the server fails for good
    or answers something that does not parse."""
    today = today or utc_today()
    path = folder / f"{day.isoformat()}.json"
    pending = day.isoformat() in provisional_days(folder)
    if path.exists() and not refetch and not pending:
        return Saved(path, False, 0)
    url = f"{base}/api/daily_papers?date={day.isoformat()}"
    over = day < today
    weekday = day.weekday() < 5
    attempts = client.retries + 1 if over and weekday else 1
    wait = client.backoff
    for attempt in range(attempts):
        data = client.get(url)
        count = len(_check(data, path.name, hf_api.parse_daily).entries)
        if count:
            break
        if attempt + 1 < attempts:
            client.sleep(wait)  # an empty weekday: the API answers [] under load, now and then
            wait *= 2
    if not count:
        if not over:
            note = "no papers listed yet (the day is not over); nothing saved, fetch it later"
        elif weekday:
            note = (
                f"an empty list for a past weekday, {attempts} times; Hugging Face lists papers "
                "every weekday, so nothing was saved: fetch it again later"
            )
        else:
            note = "an empty list (a weekend day); nothing saved"
        return Saved(path, True, 0, saved=False, note=note, suspicious=over and weekday)
    if path.exists():
        before = len(hf_api.parse_daily(path.read_bytes(), path.name).entries)
        if count < before:
            return Saved(
                path,
                True,
                count,
                saved=False,
                provisional=pending,
                note=f"the new answer has {count} papers, the saved one {before}: kept it",
            )
    _write(path, data)
    _mark(folder, day, provisional=not over)
    note = "provisional: the day is not over, a later fetch replaces it" if not over else ""
    return Saved(path, True, count, provisional=not over, note=note)


TOTAL = re.compile(rb"<opensearch:totalResults[^>]*>\s*(\d+)\s*<")
START = re.compile(rb"<opensearch:startIndex[^>]*>\s*(\d+)\s*<")


def _atom_promised(data: bytes) -> int:
    """How many results an arXiv Atom answer says there are beyond its start (0 if it says
    none, or nothing)."""
    total, start = TOTAL.search(data), START.search(data)
    if total is None:
        return 0
    return max(0, int(total[1]) - (int(start[1]) if start else 0))


def arxiv_query(
    client: Client,
    query: str,
    folder: Path,
    max_results: int = 100,
    base: str = ARXIV,
    *,
    refetch: bool = False,
) -> Saved:
    """One arXiv API search, newest first, as `folder/<query>-<max>.xml`. An answer with no
    entries while its `opensearch:totalResults` says there are some (the API does that under
    load) is asked again with the client's retries, then refused: never saved. `refetch`
    replaces a saved answer by one that parses and has as many entries or more."""
    path = folder / f"{slugify(query, max_length=80) or 'query'}-{max_results}.xml"
    if path.exists() and not refetch:
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
    url = f"{base}/api/query?{params}"
    wait = client.backoff
    for attempt in range(client.retries + 1):
        data = client.get(url)
        result = _check(data, path.name, arxiv_atom.parse)
        promised = _atom_promised(data)
        if result.entries or not promised:
            count = len(result.entries)
            before = (
                len(arxiv_atom.parse(path.read_bytes(), path.name).entries) if path.exists() else 0
            )
            if count < before:  # as for HF days: a saved answer is never replaced by fewer
                note = f"the new answer has {count} entries, the saved one {before}: kept it"
                return Saved(path, True, count, saved=False, note=note)
            _write(path, data)
            return Saved(path, True, count)
        if attempt < client.retries:
            client.sleep(wait)
            wait *= 2
    raise FetchError(
        f"{url}: arXiv says {promised} results exist but sent no entries, "
        f"{client.retries + 1} times; nothing saved: try again later"
    )
