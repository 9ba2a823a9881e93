"""Property: any file, in any listing format, broken or hostile, gives pages or problems, never an
exception, in bounded time; and every problem names the file."""

from __future__ import annotations

import codecs
import json
import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import archive, site
from generator.pages import doc
from generator.search import files as search_files
from tests.conftest import FIXTURES, ROOT
from tests.test_hostile import ATOM

TAXONOMY = (ROOT / "content" / "taxonomy.yml").read_text("utf-8")
SECONDS = 10  # per file of at most a few hundred KB; each took well under a second when written

VALID = {
    "2025-03-11.json": json.dumps(
        [
            {
                "paper": {
                    "id": "2503.00061",
                    "title": "A Daily Paper on $x^2$ and \\(y\\)",
                    "summary": "An abstract (https://github.com/a/b).",
                    "authors": [{"name": "Ada Example"}],
                    "publishedAt": "2025-03-10T00:00:00.000Z",
                }
            }
        ]
    ),
    "paper.json": '{"id": "2503.00062", "title": "One Paper", "summary": "An abstract.", '
    '"publishedAt": "2025-03-10T00:00:00.000Z", "authors": [{"name": "Ada"}]}',
    "feed.xml": ATOM,
    "refs.bib": "@string{v = {Venue}}\n@article{k, title={A {BibTeX} Paper}, author={Zoë "
    "Example and Ada Lovelace}, year={2021}, journal=v, pdf={https://x.org/a.pdf}}\n",
    "mine.yml": "- title: A Curated Paper\n  date: 2025-03-02\n  authors: [Ada]\n"
    "- arxiv: 2503.00062\n  note: A note.\n  tags: [+safety]\n",
    "snapshot.jsonl": '{"id": "2503.00088", "title": "Snap", "abstract": "A.", "authors": "Zoë E",'
    ' "versions": [{"created": "Mon, 2 Apr 2007 19:18:42 GMT"}]}\n',
    "2025-03-17.jsonl": (
        FIXTURES / "field-cases" / "real-inputs" / "daily-arxiv-jsonl" / "2025-03-17.jsonl"
    ).read_text("utf-8"),
    "hf-daily-papers-2025-03-11.txt": (
        FIXTURES / "small" / "listings" / "hf-daily-papers-alignment-2025-03-11.txt"
    ).read_text("utf-8"),
}
FRAGMENTS = [
    "\\ud83d",
    "\\u0000",
    "\x00",
    "\x07\x1b\x7f\x85\x9b",
    "\u202e",
    "\u2067",
    "\u202c\u2069",
    "\u200b\u200b",
    "\u2028",
    "\ufeff",
    "[" * 3000,
    "{" * 3000,
    "9" * 5000,
    "-" + "9" * 5000,
    "1e999999",
    "2025-02-30",
    "0000-00-00",
    "&a [x, x, x]",
    " *a",
    "\\(" * 2000,
    ")" * 5000,
    "https://example.org/" + ")" * 3000,
    "$",
    "$a$",
    "<",
    "&amp;",
    "<!DOCTYPE feed [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;'>]>",
    "&b;",
    "@string{a = a # a # a}",
    "@comment(",
    "@article{",
    "}",
    '"',
    "'",
    "\\",
    "%",
    "#",
    "\n",
    "\r\n",
    "\t",
    "Mar 11\n",
    "\n\n\n",
    "\U0001f600",
    "نموذج",
    "javascript:alert(1)",
]


@st.composite
def hostile_files(draw: st.DrawFn) -> tuple[str, bytes]:
    name = draw(st.sampled_from(sorted(VALID)))
    text = VALID[name]
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(FRAGMENTS)) + text[at:]
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]  # cut short
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-16", "utf-32", "latin-1"]))
    data = text.encode(encoding, errors="surrogatepass" if encoding == "utf-8" else "replace")
    if draw(st.booleans()) and data:
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    return name, data


def assert_pages_or_problems(name: str, data: bytes) -> None:
    path = f"listings/{name}"
    started = time.perf_counter()
    result = archive.build({path: data}, TAXONOMY, "taxonomy.yml")
    assert result.papers or result.problems or result.hidden or not data.strip()
    for problem in result.problems:
        assert problem.source.path in (path, "taxonomy.yml"), problem
        assert len(problem.reason) < 1000  # a message never carries a file
    # Every page of what was accepted renders, in both writers, and encodes as UTF-8.
    for page in site.pages(result, site.Options()):
        doc.markdown(page).encode("utf-8")
        doc.html(page).content.encode("utf-8")
    site.export(result).encode("utf-8")
    # And the data files and <head> tags of a site with an address: feeds, .bib files, head tags.
    options = site.Options(site_url="https://example.org/")
    for _, data in site.data_files(result, options):
        assert isinstance(data, bytes) or data.encode("utf-8")
    for head in site.heads(result, options).values():
        head.encode("utf-8")
    assert search_files.build(result)  # the search index and its result entries
    assert time.perf_counter() - started < SECONDS


@settings(
    max_examples=80,
    deadline=None,  # timed above, generously: the machine is shared
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(hostile_files())
def test_hostile_files_give_pages_or_problems_never_an_exception(file: tuple[str, bytes]) -> None:
    assert_pages_or_problems(*file)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(VALID)), st.binary(max_size=3000))
def test_any_bytes_under_any_name_give_problems_never_an_exception(name: str, data: bytes) -> None:
    assert_pages_or_problems(name, data)


def test_every_format_reads_its_valid_example() -> None:
    # The property's seeds are real listings of each format, so that mutations hit real parsers.
    for name, text in VALID.items():
        result = archive.build({f"listings/{name}": text.encode("utf-8")}, TAXONOMY, "t.yml")
        assert result.papers, (name, result.problems)
        assert not [p for p in result.problems if "curator record matches no paper" not in str(p)]


def test_utf16_with_a_mark_reads_each_format() -> None:
    for name, text in VALID.items():
        if name == "feed.xml":
            text = text.replace('encoding="UTF-8"', 'encoding="UTF-16"')
        data = codecs.BOM_UTF16_LE + text.encode("utf-16-le")
        result = archive.build({f"listings/{name}": data}, TAXONOMY, "t.yml")
        assert result.papers, (name, result.problems)
