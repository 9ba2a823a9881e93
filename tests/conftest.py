"""Shared fixtures: paths, a builder of content folders, and the real strict build of the sample."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import Session, browse

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MKDOCS = [sys.executable, "-m", "mkdocs"]
# A fixed clock for builds: output must not depend on when it is made.
EPOCH = "1700000000"


def build_site(project: Path, site_dir: Path, *, env: dict[str, str] | None = None) -> str:
    """Run a real `mkdocs build --strict` of a project folder; returns its log, fails on error."""
    run_env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    result = subprocess.run(
        [*MKDOCS, "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)],
        capture_output=True,
        text=True,
        env=run_env,
        cwd=project,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def copy_project(target: Path, content: Path | None = None) -> Path:
    """A copy of this project's site configuration, with the sample content or another folder."""
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", target / "overrides")
    shutil.copytree(content or ROOT / "content", target / "content")
    return target


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample archive, built once for the session with `mkdocs build --strict`."""
    project = copy_project(tmp_path_factory.mktemp("sample"))
    site = project / "site"
    build_site(project, site)
    return site


@pytest.fixture(scope="module")
def sample_browser(sample_site: Path) -> Iterator[Session]:
    """A headless Chromium and a local server for the sample site: (driver, base URL)."""
    with browse(sample_site) as session:
        yield session
