"""`mkdocs serve` as a curator uses it: pages are served, and a new listing shows up live."""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, MKDOCS, copy_project

pytestmark = pytest.mark.build


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError):
        return 0


def text(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError):
        return ""


def wait_for(url: str, code: int, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if status(url) == code:
            return True
        time.sleep(0.3)
    return False


def test_serve_rebuilds_when_a_listing_is_added(tmp_path: Path) -> None:
    project = copy_project(tmp_path, FIXTURES / "small")
    port = free_port()
    base = f"http://127.0.0.1:{port}/paper-archive/"  # site_url's path is served
    server = subprocess.Popen(
        [
            *MKDOCS,
            "serve",
            "-a",
            f"127.0.0.1:{port}",
            "-f",
            str(project / "mkdocs.yml"),
        ],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        assert wait_for(base + "papers/a-survey-of-multimodal-alignment/", 200)
        new_page = base + "papers/a-brand-new-paper/"
        assert status(new_page) == 404
        listing = project / "content" / "listings" / "hf-daily-papers-alignment-2025-11-02.txt"
        abstract = "We add a paper while the server runs. " * 10
        listing.write_text(f"new\n\nNov 2\n\nA Brand New Paper\n\n{abstract.strip()}\n", "utf-8")
        assert wait_for(new_page, 200), "the new listing's paper was not served"
        # A hand-written page changes: the rebuild reuses the archive (no listing changed),
        # and every generated page is there again.
        about = project / "content" / "about.md"
        about.write_text(about.read_text("utf-8") + "\nEdited while serving.\n", "utf-8")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and "Edited while serving" not in text(base + "about/"):
            time.sleep(0.3)
        assert "Edited while serving" in text(base + "about/")
        for page in (new_page, base + "papers/a-survey-of-multimodal-alignment/", base + "tags/"):
            assert wait_for(page, 200), page
    finally:
        server.terminate()
        server.wait(timeout=20)
