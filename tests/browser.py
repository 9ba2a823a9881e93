"""Real headless Chromium for the tests: a local server for a built site and a WebDriver session."""

from __future__ import annotations

import functools
import http.server
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

CHROMIUM = os.environ.get("PAPER_ARCHIVE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("PAPER_ARCHIVE_CHROMEDRIVER", "/usr/bin/chromedriver")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1000",
]


Session = tuple[webdriver.Chrome, str]  # a driver and the base URL of the site it browses


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def loopback(handler: Callable[..., http.server.BaseHTTPRequestHandler]) -> Iterator[str]:
    """Run a request handler on 127.0.0.1 on a free port; yields the base URL (no slash)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve(root: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 on a free port; yields the base URL."""
    with loopback(functools.partial(QuietHandler, directory=str(root))) as base:
        yield base + "/"


@contextmanager
def browse(root: Path) -> Iterator[tuple[webdriver.Chrome, str]]:
    """A fresh headless Chromium and a local server for a built site: (driver, base URL)."""
    with serve(root) as base, chromium() as driver:
        yield driver, base


@contextmanager
def chromium() -> Iterator[webdriver.Chrome]:
    """A headless Chromium with a fresh profile, driven by the system's ChromeDriver."""
    assert Path(CHROMIUM).is_file(), f"no browser at {CHROMIUM}: run scripts/setup.sh"
    assert Path(CHROMEDRIVER).is_file(), f"no driver at {CHROMEDRIVER}: run scripts/setup.sh"
    with tempfile.TemporaryDirectory(prefix="chromium-profile-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for flag in [*FLAGS, f"--user-data-dir={profile}"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
        try:
            yield driver
        finally:
            driver.quit()
