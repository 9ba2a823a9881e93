"""Real builds of hostile inputs: every build command the README, the setup script and the
workflows run refuses to publish a site with entries missing, and hostile titles make valid,
isolated HTML."""

from __future__ import annotations

import gzip
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import EPOCH, FIXTURES, ROOT, build_site, copy_project
from tests.test_paper_pages import vnu

pytestmark = pytest.mark.build


def runs_mkdocs(line: str) -> bool:
    return line.split(" ")[0].split("/")[-1] == "mkdocs"


def strict_build_commands() -> dict[str, str]:
    """Each `mkdocs build --strict` command as written where it is run, by where."""
    found: dict[str, str] = {}
    readme = (ROOT / "README.md").read_text("utf-8")
    for command in re.findall(r"`([^`\n]*mkdocs build[^`\n]*)`", readme):
        if "--strict" in command:
            found[f"README: {command}"] = command
    setup = (ROOT / "scripts" / "setup.sh").read_text("utf-8")
    setup_commands = [
        command
        for line in setup.splitlines()
        if runs_mkdocs(command := line.strip().removeprefix("time ").strip())
    ]
    for command in setup_commands:
        found[f"scripts/setup.sh: {command}"] = command
    for workflow in sorted((ROOT / ".github" / "workflows").glob("*.yml")):
        data = yaml.safe_load(workflow.read_text("utf-8"))
        for job in data["jobs"].values():
            for step in job.get("steps", []):
                for line in step.get("run", "").splitlines():
                    if runs_mkdocs(line.strip()):
                        found[f"{workflow.name}: {line.strip()}"] = line.strip()
                    elif line.strip() == "bash scripts/setup.sh":
                        # The workflow builds with the setup script's command.
                        for command in setup_commands:
                            found[f"{workflow.name} (via setup.sh): {command}"] = command
    return found


COMMANDS = strict_build_commands()


def test_the_build_commands_are_found_where_they_are_run() -> None:
    assert any(k.startswith("README") for k in COMMANDS)
    assert any(k.startswith("scripts/setup.sh") and "--quiet" in v for k, v in COMMANDS.items())
    assert any(k.startswith("site.yml") for k in COMMANDS)


def run_as_written(command: str, project: Path) -> subprocess.CompletedProcess[str]:
    words = shlex.split(command)
    assert words[0].endswith("mkdocs"), command
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *words[1:]],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("where", sorted(COMMANDS))
def test_every_strict_build_command_refuses_rejected_entries(tmp_path: Path, where: str) -> None:
    project = copy_project(tmp_path, FIXTURES / "small")
    listings = project / "content" / "listings"
    (listings / "curator.yml").write_text("- title: A Day That Is Not\n  date: 2025-02-30\n")
    result = run_as_written(COMMANDS[where], project)
    log = result.stdout + result.stderr
    assert result.returncode != 0, log
    assert "listings/curator.yml:2: date: '2025-02-30' is no day of the calendar" in log
    assert "rejected (listed above): --strict publishes no site" in log
    assert "Traceback" not in log
    assert not (project / "site" / "papers").exists()
    # An empty listings folder is no archive either.
    for file in listings.iterdir():
        file.unlink()
    result = run_as_written(COMMANDS[where], project)
    assert result.returncode != 0
    assert "no listing file in" in result.stdout + result.stderr


def test_strict_and_quiet_still_counts_warnings(tmp_path: Path) -> None:
    project = copy_project(tmp_path, FIXTURES / "small")
    config = (project / "mkdocs.yml").read_text("utf-8")
    (project / "mkdocs.yml").write_text(re.sub(r"(?m)^site_url:.*$", "", config), "utf-8")
    result = run_as_written("mkdocs build --strict --quiet", project)
    assert result.returncode != 0  # MkDocs' --quiet alone hid the warning --strict counts
    assert "Aborted with 1 warnings in strict mode!" in result.stdout + result.stderr
    assert "set site_url" not in result.stdout + result.stderr  # quiet: warnings not shown


HOSTILE_TITLES = """\
- title: "Safe \\u202Eevil\\u202C title with an override closed"
  date: 2025-03-11
- title: "An override \\u202Eleft open by its source"
  date: 2025-03-11
  abstract: "The override \\u202E is closed at the end of the field."
- title: "نموذج لغوي كبير للمحاذاة 2025"
  date: 2025-03-11
- title: "Bell\\a and escape\\e and\\x85 next-line \\x9b controls"
  date: 2025-03-11
  abstract: "Controls\\x01 HTML forbids\\x7f never reach a page."
- title: "Zero\\u200Bwidth\\u2028separator isolate \\u2067open"
  date: 2025-03-11
"""


def test_hostile_titles_make_valid_isolated_pages(tmp_path: Path) -> None:
    project = copy_project(tmp_path, FIXTURES / "small")
    (project / "content" / "listings" / "hostile.yml").write_text(HOSTILE_TITLES, "utf-8")
    site = project / "site"
    build_site(project, site)
    day = (site / "dates" / "2025" / "03" / "11" / "index.html").read_text("utf-8")
    forbidden = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
    for page in site.rglob("*.html"):
        assert not forbidden.search(page.read_text("utf-8")), page
    archive_json = gzip.decompress((site / "archive.json.gz").read_bytes()).decode("utf-8")
    assert not forbidden.search(json.loads(json.dumps(archive_json)))
    # Each title with right-to-left text or bidirectional controls is isolated, and its controls
    # are closed inside it: the date and the next line keep their order.
    bdi = re.findall(r"<bdi>(.*?)</bdi>", day)
    assert len([b for b in bdi if "\u202e" in b or "\u2067" in b or "نموذج" in b]) >= 4
    for text in bdi:
        assert text.count("\u202e") == text.count("\u202c")
        assert text.count("\u2067") == text.count("\u2069")
    pages = [
        site / "index.html",
        site / "dates" / "2025" / "03" / "11" / "index.html",
        *[p for p in site.glob("papers/*/index.html") if "override" in p.parent.name],
    ]
    result = subprocess.run(
        [*vnu(), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert json.loads(result.stderr or result.stdout)["messages"] == []


def test_a_linked_page_from_outside_is_never_published(tmp_path: Path) -> None:
    (tmp_path / "project").mkdir()
    project = copy_project(tmp_path / "project", FIXTURES / "small")
    secret = tmp_path / "secret.md"
    secret.write_text("PRIVATE-NOTE", "utf-8")
    (project / "content" / "notes.md").symlink_to(secret)
    (project / "content" / "passwd.css").symlink_to(secret)
    result = run_as_written("mkdocs build --strict", project)
    assert result.returncode != 0
    # Every link is named in one run, not the first only.
    assert "passwd.css:1: a symbolic link to a file outside the content folder" in (
        result.stdout + result.stderr
    )
    assert "notes.md:1: a symbolic link to a file outside the content folder: refused" in (
        result.stdout + result.stderr
    )
    assert not any("PRIVATE-NOTE" in p.read_text("utf-8") for p in project.rglob("*.html"))
