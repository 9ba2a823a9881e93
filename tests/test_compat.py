"""The compatibility matrix: the archive in existing MkDocs sites, with the plugins, theme
features and languages curators use. Each row is a real `mkdocs build --strict` with the real
plugin (installed from the package registry through the `test` extra), and asserts what a
reader gets: the built HTML, or the page in Chromium."""

from __future__ import annotations

import html
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.browser import browse
from tests.conftest import EPOCH, FIXTURES, MKDOCS, copy_project
from tests.htmltext import Page

pytestmark = pytest.mark.build

CONTENT = FIXTURES / "compat"  # five papers; 2510.02283 has maths in its title
MATHS_PAPER = "papers/2510.02283/"


def project(tmp_path: Path, **changes: Any) -> Path:
    """This project's site configuration over the small compat archive, with `changes` to
    mkdocs.yml: `plugins` are added after paper-archive, `features` to the theme's, `theme`
    keys set, and any other key replaced."""
    root = copy_project(tmp_path, CONTENT)
    config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
    for key, value in changes.items():
        if key == "plugins":
            config["plugins"] += value
        elif key == "features":
            config["theme"]["features"] += value
        elif key == "theme":
            config["theme"].update(value)
        else:
            config[key] = value
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return root


def build(root: Path, strict: bool = True) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` of a project into `root/site`; the result, failed or not."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    env["DISABLE_MKDOCS_2_WARNING"] = "true"
    return subprocess.run(
        [*MKDOCS, "build", "--strict" if strict else "--no-strict", "-d", str(root / "site")],
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        check=False,
    )


def built(root: Path, **changes: Any) -> Path:
    """A project with `changes`, built with `--strict` (which must pass); its site folder."""
    root = project(root, **changes)
    result = build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "site"


class Built(Page):
    """A built page: its HTML, and what `Page` reads of it."""

    def __init__(self, html: str) -> None:
        self.html = html
        super().__init__(html)

    @property
    def h2(self) -> list[str]:
        """The text of each second-level heading (a section: Abstract, Cite, …)."""
        return [
            html.unescape(re.sub(r"<[^>]+>", "", h)).strip("¶ ")
            for h in re.findall(r"<h2[^>]*>(.*?)</h2>", self.html)
        ]


def page(site: Path, url: str) -> Built:
    return Built((site / url / "index.html").read_text("utf-8"))


def material_label(language: str, key: str) -> str:
    """A string of Material's own translation for a language, as its theme ships it."""
    import material

    path = Path(material.__file__).parent / "templates/partials/languages" / f"{language}.html"
    match = re.search(rf'"{re.escape(key)}": "([^"]*)"', path.read_text("utf-8"))
    assert match, (language, key)
    return match[1]


# Languages -----------------------------------------------------------------------------------

LANGUAGES = {
    # language: (Abstract, the maths paper's date, its month in breadcrumbs, "5 papers")
    "en": ("Abstract", "2 October 2025", "October", "5 papers"),
    "de": ("Zusammenfassung", "2. Oktober 2025", "Oktober", "5 Paper"),
    "fr": ("Résumé", "2 octobre 2025", "octobre", "5 articles"),
    "es": ("Resumen", "2 de octubre de 2025", "octubre", "5 artículos"),
    "zh": ("摘要", "2025年10月2日", "十月", "5 篇论文"),
    "ja": ("概要", "2025年10月2日", "10月", "5 件の論文"),
}


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_theme_language_writes_every_label_in_that_language(tmp_path: Path, language: str) -> None:
    abstract, date, month, count = LANGUAGES[language]
    site = built(tmp_path, theme={"language": language})
    paper = page(site, MATHS_PAPER)
    assert f'<html lang="{language}"' in paper.html
    assert abstract in paper.h2
    assert date in paper.text
    assert f"› {month} ›" in paper.text  # breadcrumbs: Home › Papers by date › 2025 › month
    # Material's own strings stay Material's, in the language: the search box.
    placeholder = material_label(language, "search.placeholder")
    assert f'placeholder="{placeholder}"' in paper.html
    # Tag, date and search pages, and the home page's totals.
    dates_index = page(site, "dates")
    assert count in dates_index.text
    tag_index = page(site, "tags")
    assert count in tag_index.text
    search = page(site, "search")
    assert search.title.startswith(
        {"en": "Search", "de": "Suche", "fr": "Recherche", "es": "Búsqueda", "zh": "搜索"}.get(
            language, "検索"
        )
    )
    home = page(site, "")
    assert count in home.text
    if language != "en":
        english = {"Abstract", "Related papers", "Cite", "Listings", "Authors:", "Papers by date"}
        assert not english & set(re.findall(r"[A-Z][a-z]+(?: [a-z]+)*:?", paper.text)), paper.text


def test_a_language_without_labels_falls_back_to_english_with_one_warning(
    tmp_path: Path,
) -> None:
    root = project(tmp_path, theme={"language": "pl"})
    strict = build(root)
    assert strict.returncode == 1
    warnings = [line for line in strict.stderr.splitlines() if "no labels for language" in line]
    assert len(warnings) == 1, strict.stderr
    assert build(root, strict=False).returncode == 0
    paper = page(root / "site", MATHS_PAPER)
    assert "Abstract" in paper.h2
    assert '<html lang="pl"' in paper.html  # Material's page stays Polish


def test_a_curator_overrides_labels_in_mkdocs_yml(tmp_path: Path) -> None:
    root = project(tmp_path, theme={"language": "de"})
    config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
    config["plugins"][0]["paper-archive"]["labels"] = {
        "abstract": "Kurzfassung",
        "paper": {"one": "{n} Artikel", "other": "{n} Artikel"},
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    assert build(root).returncode == 0
    paper = page(root / "site", MATHS_PAPER)
    assert "Kurzfassung" in paper.h2
    assert "Verwandte Paper" in paper.text  # the rest stays German
    assert "5 Artikel" in page(root / "site", "dates").text
    config["plugins"][0]["paper-archive"]["labels"] = {"abstrakt": "x"}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    failed = build(root)
    assert failed.returncode == 1
    assert "'abstrakt' is not a label" in failed.stderr
