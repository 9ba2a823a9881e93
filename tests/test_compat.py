"""The compatibility matrix: the archive in existing MkDocs sites, with the plugins, theme
features and languages curators use. Each row is a real `mkdocs build --strict` with the real
plugin (installed from the package registry through the `test` extra), and asserts what a
reader gets: the built HTML, or the page in Chromium."""

from __future__ import annotations

import functools
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

from tests.browser import QuietHandler, browse, chromium, loopback
from tests.conftest import EPOCH, FIXTURES, MKDOCS, copy_project
from tests.htmltext import Page

pytestmark = pytest.mark.build

CONTENT = FIXTURES / "compat"  # five papers; 2510.02283 has maths in its title
MATHS_PAPER = "papers/2510.02283/"


def project(tmp_path: Path, **changes: Any) -> Path:
    """This project's site configuration over the small compat archive, with `changes` to
    mkdocs.yml: `plugins` are added after paper-archive, `features` to the theme's, `theme`
    keys set, and any other key replaced."""
    tmp_path.mkdir(parents=True, exist_ok=True)
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

    def attributes(self, tag: str) -> list[dict[str, str | None]]:
        """The attributes of each `tag` element, as the HTML parser reads them (quoted or not:
        the page shell is minified)."""
        return [attrs for name, attrs in self.elements if name == tag]

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
    assert paper.attributes("html")[0]["lang"] == language
    assert abstract in paper.h2
    assert date in paper.text
    assert f"› {month} ›" in paper.text  # breadcrumbs: home, papers by date, 2025, month
    # Material's own strings stay Material's, in the language: the search box (on generated
    # pages a cached script writes it: read on a page MkDocs renders).
    placeholder = material_label(language, "search.placeholder")
    about = page(site, "about")
    assert placeholder in [attrs.get("placeholder") for attrs in about.attributes("input")]
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
    assert paper.attributes("html")[0]["lang"] == "pl"  # Material's page stays Polish


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


# Other plugins -------------------------------------------------------------------------------


def test_rss_plugin_builds_a_feed_of_the_sites_pages(tmp_path: Path) -> None:
    site = built(tmp_path, plugins=[{"rss": {"match_path": ".*", "use_git": False}}])
    feed = (site / "feed_rss_created.xml").read_text("utf-8")
    assert "<title>Tags</title>" in feed and "<title>Papers by date</title>" in feed
    assert "Self-Forcing++" in page(site, MATHS_PAPER).text  # the archive's pages are intact


def test_static_i18n_is_refused_by_name(tmp_path: Path) -> None:
    languages = [{"locale": "en", "default": True, "name": "English"}]
    result = build(project(tmp_path, plugins=[{"i18n": {"languages": languages}}]))
    assert result.returncode == 1
    assert "mkdocs-static-i18n (i18n) is not supported" in result.stderr


def test_offline_plugin_is_refused_by_name(tmp_path: Path) -> None:
    result = build(project(tmp_path, plugins=["offline"]))
    assert result.returncode == 1
    assert "Material's offline plugin (material/offline) is not supported" in result.stderr
    assert "use_directory_urls: true" not in result.stderr  # not the misleading old message


def test_the_themes_search_plugin_is_refused_by_name(tmp_path: Path) -> None:
    # Material's search would write search/search_index.json over the archive's manifest: a
    # header search that never loads, on a build that exits 0.
    result = build(project(tmp_path, plugins=["search"]))
    assert result.returncode == 1
    assert "the theme's search plugin (material/search) writes search/" in result.stderr
    assert "Remove search from plugins" in result.stderr


def test_redirects_to_a_generated_page_work(tmp_path: Path) -> None:
    maps = {"old-paper.md": "papers/2510.02283.md", "old-about.md": "about.md"}
    site = built(tmp_path, plugins=[{"redirects": {"redirect_maps": maps}}])
    moved = (site / "old-paper/index.html").read_text("utf-8")
    assert 'url=../papers/2510.02283/"' in moved
    assert (site / "old-about/index.html").is_file()  # the plugin's own still works
    assert "Self-Forcing++" in page(site, MATHS_PAPER).text


def test_a_redirect_from_a_generated_page_fails_the_build(tmp_path: Path) -> None:
    maps = {"papers/2510.02283.md": "about.md"}
    result = build(project(tmp_path, plugins=[{"redirects": {"redirect_maps": maps}}]))
    assert result.returncode == 1
    assert "'papers/2510.02283.md' is a page of the archive" in result.stderr


def test_a_plugin_that_overwrites_a_generated_page_fails_the_build(tmp_path: Path) -> None:
    root = project(tmp_path, hooks=["overwrite.py"])
    (root / "overwrite.py").write_text(
        "from pathlib import Path\n"
        "def on_post_build(config):\n"
        "    Path(config.site_dir, 'papers/2510.02283/index.html').write_text('gone')\n",
        "utf-8",
    )
    result = build(root)
    assert result.returncode == 1
    assert "papers/2510.02283/index.html was replaced or removed by another plugin" in (
        result.stderr
    )


def test_minify_plugin_minifies_the_generated_pages(tmp_path: Path) -> None:
    plain = page(built(tmp_path / "plain"), MATHS_PAPER)  # (site in plain/site)
    site = built(tmp_path / "minified", plugins=[{"minify": {"minify_html": True}}])
    minified = page(site, MATHS_PAPER)
    # The generated pages come minified already (their shell); the plugin's work shows on the
    # pages MkDocs renders, and leaves the archive's pages whole.
    assert len(page(site, "about").html) < 0.9 * len(page(tmp_path / "plain/site", "about").html)
    assert minified.text == plain.text
    assert minified.maths == plain.maths
    assert minified.title == plain.title


def test_blog_post_links_papers_and_tags(tmp_path: Path) -> None:
    root = project(tmp_path, plugins=["blog"])
    posts = root / "content/blog/posts"
    posts.mkdir(parents=True)
    (root / "content/blog/index.md").write_text("# Blog\n", "utf-8")
    (posts / "reading.md").write_text(
        "---\ndate: 2025-10-03\n---\n\n# What we read\n\n"
        "[Self-Forcing++](../../papers/2510.02283.md#abstract) and "
        "[more on alignment](../../tags/alignment.md).\n",
        "utf-8",
    )
    result = build(root)
    assert result.returncode == 0, result.stderr
    assert "not found" not in result.stderr
    post = page(root / "site", "blog/2025/10/03/what-we-read")
    anchors = re.findall(r'<a href="?([^" >]+)"?>([^<]+)</a>', post.html)  # quoted or not
    links = {label: href for href, label in anchors}
    assert links["Self-Forcing++"] == "../../../../../papers/2510.02283/#abstract"
    assert links["more on alignment"] == "../../../../../tags/alignment/"
    for label in ("Self-Forcing++", "more on alignment"):
        target = root / "site/blog/2025/10/03/what-we-read" / links[label].split("#")[0]
        assert (target / "index.html").is_file(), label


# Material features and sub-paths, in Chromium ------------------------------------------------


def wait(driver: Any, seconds: float = 20) -> WebDriverWait[Any]:
    return WebDriverWait(driver, seconds)


def click(driver: Any, url: str) -> None:
    """Clicks the first link of the article to a URL ending in `url`, once it is there."""
    selector = f'article a[href$="{url}"]'
    wait(driver).until(lambda d: d.find_element(By.CSS_SELECTOR, selector)).click()


def test_maths_renders_after_an_instant_page_change(tmp_path: Path) -> None:
    features = ["navigation.instant", "navigation.instant.prefetch", "navigation.tracking"]
    root = project(tmp_path, features=features)
    # Material navigates instantly only to URLs of its sitemap, which come from site_url: so
    # the server is started first, and the site built for its address.
    handler = functools.partial(QuietHandler, directory=str(root / "site"))
    with loopback(handler) as address, chromium() as driver:
        base = address + "/"
        config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
        config["site_url"] = base
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
        assert build(root).returncode == 0
        driver.get(base)
        driver.execute_script("window.paperArchiveMarker = 'same document'")
        link = wait(driver).until(
            lambda d: d.find_element(By.CSS_SELECTOR, f'article a[href$="{MATHS_PAPER}"]')
        )
        link.click()
        wait(driver).until(lambda d: d.current_url.endswith(MATHS_PAPER))
        rendered = wait(driver).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "article h1 .pa-math--rendered .katex")
        )
        assert rendered
        # The page changed without a reload: Material's instant navigation, not a new page.
        assert driver.execute_script("return window.paperArchiveMarker") == "same document"
        # Back home and to the paper again, still instant: maths renders once more.
        for url in ("dates/2025/10/", "dates/2025/10/02/", MATHS_PAPER):
            click(driver, url)
            wait(driver).until(lambda d, url=url: d.current_url.endswith(url))
        wait(driver).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "article h1 .pa-math--rendered .katex")
        )
        assert driver.execute_script("return window.paperArchiveMarker") == "same document"
        # A month reached in place offers its BibTeX unpacked, as when loaded (its own scripts
        # did not run: the handler came with the first page).
        click(driver, "dates/2025/10/")
        wait(driver).until(lambda d: d.current_url.endswith("dates/2025/10/"))
        driver.execute_script(
            "window.offered = [];"
            "URL.createObjectURL = (blob) => { window.offered.push(blob); return 'blob:x'; };"
            "HTMLAnchorElement.prototype.click = function () {"
            "  if (this.download) window.offered.push(this.download); };"
        )
        click(driver, "papers.bib.gz")
        wait(driver).until(lambda d: d.execute_script("return window.offered.length") == 2)
        name, text = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "const [blob, name] = window.offered;"
            "blob.text().then((text) => done([name, text]));"
        )
        assert name == "2025-10.bib" and text.startswith("@")
        assert driver.execute_script("return window.paperArchiveMarker") == "same document"


def test_a_site_under_a_sub_path(tmp_path: Path) -> None:
    site = built(tmp_path, site_url="https://example.org/lab/papers/")
    paper = page(site, MATHS_PAPER)
    canonical = [a["href"] for a in paper.attributes("link") if a.get("rel") == "canonical"]
    assert canonical == ["https://example.org/lab/papers/papers/2510.02283/"]
    assert "https://example.org/lab/papers/papers/2510.02283/" in (site / "feed.xml").read_text(
        "utf-8"
    )
    # Served under the sub-path, every link works and the search finds the paper.
    served = tmp_path / "served"
    (served / "lab").mkdir(parents=True)
    (served / "lab/papers").symlink_to(site)
    with browse(served) as (driver, base):
        driver.get(base + "lab/papers/" + MATHS_PAPER)
        wait(driver).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "article h1 .pa-math--rendered .katex")
        )
        driver.find_element(By.LINK_TEXT, "Home").click()
        wait(driver).until(lambda d: d.current_url == base + "lab/papers/")
        driver.get(base + "lab/papers/search/?query=self-forcing")
        result = wait(driver).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, "#pa-search-results a.pa-search-result")
        )
        assert result[0].get_attribute("href") == base + "lab/papers/" + MATHS_PAPER
