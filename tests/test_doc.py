"""One description of a page, two writers: the HTML the fast path writes is what MkDocs would
make of the Markdown the other writer gives, for every generated page of the sample."""

from __future__ import annotations

import re
from functools import cache

import markdown
import pytest
from markdown.extensions.toc import slugify
from mkdocs.utils.meta import get_data

from generator import archive, site
from generator.pages import doc
from tests.conftest import ROOT
from tests.htmltext import Page

EXTENSIONS = ["tables", "toc", "admonition", "attr_list"]
CONFIGS = {"toc": {"permalink": True}}


@cache
def sample_pages() -> list[doc.Page]:
    options = site.Options(site_url="https://example.github.io/paper-archive/")
    return list(site.pages(archive.load(ROOT / "content"), options))


def shape(html: str) -> tuple[str, list[str], list[tuple[str, str]]]:
    page = Page("<article>" + html + "</article>")
    elements = [(t, a.get("id") or a.get("class") or "") for t, a in page.elements]
    return page.text, page.hrefs, elements


BETWEEN_TAGS = re.compile(r">\n+<")  # between blocks; spaces between inline tags are text
TITLE_PERMALINK = re.compile(
    r'<h1 id="[^"]*">(.*?)<a class="headerlink" href="#[^"]*" title="Permanent link">&para;</a>'
    r"</h1>"
)


def test_the_sample_has_pages_of_every_kind() -> None:
    paths = [p.path for p in sample_pages()]
    assert len(paths) == len(set(paths))
    assert {p.split("/")[0] for p in paths} == {"papers", "tags", "dates"}


def test_html_writer_equals_python_markdown_of_the_markdown_writer() -> None:
    for page in sample_pages():
        # Markdown with links written as the HTML writer writes them (relative URLs).
        md = doc.markdown(page, resolve=doc.href)
        md, _ = get_data(md)  # the front matter, which MkDocs reads and leaves out
        reference = markdown.markdown(md, extensions=EXTENSIONS, extension_configs=CONFIGS)
        if not page.permalinks:
            # By design the one difference: on the site the title has no id or permalink.
            reference, found = TITLE_PERMALINK.subn(r"<h1>\1</h1>", reference, count=1)
            assert found == 1
        # The HTML writer minifies (doc.BARE): no white space between blocks, which is no text
        # of a rendered page (inside `<pre>` no tag follows a line break: its text is escaped).
        reference = BETWEEN_TAGS.sub("><", reference)
        assert shape(doc.html(page).content) == shape(reference), page.path


def test_a_section_named_as_its_page_gets_the_same_unique_id_from_both_writers() -> None:
    # The title takes its id in the Markdown (a Markdown heading) though the site's title has
    # none: the section `Cite` of a paper titled `Cite` is `cite_1` in both.
    title = doc.Heading(1, (doc.Text("Cite"),))
    blocks = (title, doc.Heading(2, (doc.Text("Cite"),)), doc.Para((doc.Text("x"),)))
    page = doc.Page("papers/x.md", "Cite", blocks, toc=False, permalinks=False)
    md, _ = get_data(doc.markdown(page, resolve=doc.href))
    reference = markdown.markdown(md, extensions=EXTENSIONS, extension_configs=CONFIGS)
    assert re.findall(r'id="?([\w-]+)', reference) == ["cite", "cite_1"]
    assert doc.html(page).content == "<h1>Cite</h1><h2 id=cite_1>Cite</h2><p>x"


@pytest.mark.parametrize(
    ("page", "target", "expected"),
    [
        ("papers/x.md", "index.md", "../../"),
        ("papers/x.md", "papers/y.md", "../y/"),
        ("tags/safety.md", "tags/safety/papers.bib", "papers.bib"),
        ("tags/safety/2.md", "tags/safety.md", "../"),
        ("dates/2025/10/index.md", "dates/2025/10/03.md", "03/"),
        ("index.md", "index.md", "./"),
        ("index.md", "https://arxiv.org/abs/1", "https://arxiv.org/abs/1"),
    ],
)
def test_links_between_directory_urls(page: str, target: str, expected: str) -> None:
    assert doc.href(page, target) == expected


@pytest.mark.parametrize(
    "title", ["Abstract", "Ünïcödé — “quotes” & <b>", "  spaced   out  ", "a_b-c d", "中文"]
)
def test_heading_ids_match_python_markdown(title: str) -> None:
    assert doc.slugify(title) == slugify(title, "-")
