"""`paper-archive generate --out` as another builder gets it: a docs folder that publishes as
it is. The README's worked example (its `mkdocs.yml` and head-tags hook) is built here with
plain MkDocs and Material, no paper-archive plugin and no theme overrides, and read in Chromium."""

from __future__ import annotations

import os
import posixpath
import re
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from generator.cli import main
from tests.browser import browse
from tests.conftest import EPOCH, FIXTURES, MKDOCS, ROOT

pytestmark = pytest.mark.build

README = (ROOT / "README.md").read_text("utf-8")
HOSTILE = "papers/title-script-alert-t-script-config-site-name-not-code-x-y/"
HOSTILE_TITLE = "</title><script>alert('t')</script> {{ config.site_name }} *Not* `Code` [x](y)"
# A link or script in HTML, a Markdown link, or a worker's importScripts("a.js", "b.js").
REFERENCE = re.compile(
    r"""(?:src|href)=["']([^"']+)["']|\]\(([^)\s]+)\)|importScripts\(([^)]*)\)"""
)


def readme_block(language: str, starting: str) -> str:
    """The README's code block in `language` whose text starts with `starting`."""
    for block in re.findall(rf"```{language}\n(.*?)```", README, re.S):
        if block.startswith(starting):
            return str(block)
    raise AssertionError(f"no {language} block starting {starting!r} in the README")


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The compat archive, generated for another builder, in `<project>/build/docs`."""
    project = tmp_path_factory.mktemp("other-builder")
    out = project / "build/docs"
    result = CliRunner().invoke(
        main,
        [
            *("generate", "--content", str(FIXTURES / "compat"), "--out", str(out)),
            *("--site-url", "https://example.org/"),
        ],
    )
    assert result.exit_code == 0, result.output
    return out


def url_of(path: str) -> str:
    """The directory URL a docs path gets (`papers/x.md` -> `papers/x/`)."""
    if path.endswith("index.md"):
        return path.removesuffix("index.md")
    return path.removesuffix(".md") + "/" if path.endswith(".md") else path


def test_every_script_and_asset_the_pages_name_is_in_the_tree(tree: Path) -> None:
    checked = 0
    for file in sorted(tree.rglob("*")):
        path = file.relative_to(tree).as_posix()
        if file.suffix not in {".md", ".html", ".js"} or path.startswith("assets/katex/"):
            continue
        # HTML resolves from the page's URL, a script (a worker) from its own address, and a
        # Markdown link from the docs file, as MkDocs does.
        url = path if file.suffix == ".js" else url_of(path)
        for match in REFERENCE.finditer(file.read_text("utf-8")):
            scripts = re.findall(r'"([^"]+)"', match[3] or "")
            for reference, base in [
                (match[1], url),
                (match[2], path),
                *((s, url) for s in scripts),
            ]:
                target = urlsplit(reference or "").path
                if not target or urlsplit(reference).scheme or target.startswith(("/", "#")):
                    continue
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(base), target))
                candidates = [resolved, resolved + "/index.md", resolved + ".md"]
                assert any((tree / c).is_file() for c in candidates), (path, reference)
                checked += 1
    assert checked > 100
    for script in ("search-page.js", "search-worker.js", "search-core.js", "maths.js"):
        assert (tree / "assets/paper-archive" / script).is_file(), script
    assert (tree / "assets/katex/katex.min.js").is_file()


def test_the_readme_example_builds_and_works_in_chromium(tree: Path) -> None:
    project = tree.parent.parent
    (project / "mkdocs.yml").write_text(
        readme_block("yaml", "site_name: Paper Archive\nsite_url: https://example.org/"),
        "utf-8",
    )
    (project / "hooks").mkdir(exist_ok=True)
    hook = readme_block("python", "# hooks/paper_archive_heads.py")
    (project / "hooks/paper_archive_heads.py").write_text(hook, "utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [*MKDOCS, "build", "--strict", "-d", str(project / "site")],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    site = project / "site"
    paper = (site / "papers/2510.02283/index.html").read_text("utf-8")
    assert '<meta name="citation_arxiv_id" content="2510.02283">' in paper
    assert paper.count('rel="canonical"') == 1
    with browse(site) as (driver, base):
        driver.get(base + "papers/2510.02283/")
        WebDriverWait(driver, 20).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "article h1 .pa-math--rendered .katex")
        )
        driver.get(base + "search/?query=self-forcing")
        results = WebDriverWait(driver, 20).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#pa-search-results a.pa-search-result")
        )
        assert results[0].get_attribute("href") == base + "papers/2510.02283/"
        # A hostile title stays text in the <title> too (the hook escapes what Material's
        # `striptags` unescapes): no alert opens, and the browser shows the title as written.
        driver.get(base + HOSTILE)
        assert driver.title == f"{HOSTILE_TITLE} - Paper Archive"
        assert driver.find_element(By.CSS_SELECTOR, "article h1").text == HOSTILE_TITLE
    hostile = (site / HOSTILE / "index.html").read_text("utf-8")
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(" in hostile
