"""Broken and hostile inputs: each is a problem with its file and line, read in bounded time and
memory, never a traceback and never text from outside the content folder."""

from __future__ import annotations

import codecs
import json
import os
import shutil
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import jsonschema
import pytest

from generator import archive, hygiene, links, maths, safe_regex, site, taxonomy
from generator.model import Entry, SourceRef
from generator.sources import detect
from tests.conftest import FIXTURES, ROOT

HOSTILE = FIXTURES / "hostile"
TAXONOMY = (ROOT / "content" / "taxonomy.yml").read_text("utf-8")


def content(tmp_path: Path, files: dict[str, bytes | str], taxonomy: str = TAXONOMY) -> Path:
    (tmp_path / "listings").mkdir(parents=True, exist_ok=True)
    (tmp_path / "taxonomy.yml").write_text(taxonomy, "utf-8")
    for name, data in files.items():
        target = tmp_path / "listings" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        target.write_bytes(data)
    return tmp_path


def check(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "check", "--content", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def hf_day(title: str, arxiv: str = "2503.00061", extra: str = "") -> str:
    return (
        f'[{{"paper": {{"id": "{arxiv}", "title": "{title}", "summary": "An abstract.{extra}", '
        '"authors": [{"name": "Ada Example"}], "publishedAt": "2025-03-10T00:00:00.000Z"}}]'
    )


GOOD = {"2025-03-12.json": hf_day("A Paper That Reads Fine", "2503.00099")}


# The field cases -------------------------------------------------------------------------------


def test_an_alias_bomb_is_a_short_error_in_bounded_time_and_memory() -> None:
    data = (HOSTILE / "curator-alias-bomb.yml").read_bytes()
    tracemalloc.start()
    started = time.perf_counter()
    result = archive.build({"listings/bomb.yml": data}, TAXONOMY, "taxonomy.yml")
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    [problem] = result.problems
    assert str(problem).startswith("listings/bomb.yml:2: its aliases (*name) would expand it")
    assert len(str(problem)) < 300
    assert elapsed < 5 and peak < 20_000_000  # it was 312 MB of message and 1.25 GB


@pytest.mark.parametrize("day", ["2025-02-30", "0000-00-00", "2025-13-01"])
def test_an_impossible_date_is_refused_with_file_and_line(day: str) -> None:
    data = (HOSTILE / "curator-impossible-date.yml").read_text("utf-8").replace("2025-02-30", day)
    other = "- title: A Real Day\n  date: 2025-02-28\n"
    files = {"listings/a.yml": data.encode("utf-8"), "listings/b.yml": other.encode("utf-8")}
    result = archive.build(files, TAXONOMY, "taxonomy.yml")
    assert [str(p) for p in result.problems] == [
        f"listings/a.yml:2: date: '{day}' is no day of the calendar"
    ]
    assert [p.title for p in result.papers] == ["A Real Day"]  # the other file is still read


def redos_content(tmp_path: Path, pattern: str, title: str | None = None) -> Path:
    data = (HOSTILE / "redos-title-2025-03-11.json").read_text("utf-8")
    if title is not None:
        data = data.replace("Aligning large models today with great care!", title)
    taxonomy = TAXONOMY.replace(
        "tags:\n", f"tags:\n  - name: Greedy\n    patterns: ['{pattern}']\n", 1
    )
    # The field case under its own name: the day anywhere in a daily file's name dates it.
    return content(tmp_path, {"redos-title-2025-03-11.json": data}, taxonomy)


FIELD_PATTERN = r"^(\w+\s?)*$"


def test_the_field_case_pattern_is_refused_before_any_search(tmp_path: Path) -> None:
    folder = redos_content(tmp_path, r"^(\w+\s?)*$")
    started = time.perf_counter()
    lines = (folder / "taxonomy.yml").read_text("utf-8").splitlines()
    line = lines.index("  - name: Greedy") + 1
    with pytest.raises(taxonomy.TaxonomyError) as raised:
        archive.load(folder)
    assert time.perf_counter() - started < 10  # minutes with Python's re
    assert str(raised.value).startswith(
        f"taxonomy.yml:{line}: tag 'Greedy': pattern {FIELD_PATTERN!r} is invalid: a repeat "
        "inside a repeated group"
    )
    # The matcher alone is bounded too (the safety net behind the check): about 1 ms.
    started = time.perf_counter()
    assert not safe_regex.regex.compile(r"^(\w+\s?)*$", safe_regex.FLAGS).search(
        "Aligning large models today with great care!", timeout=safe_regex.TIMEOUT
    )
    assert time.perf_counter() - started < 1


def test_a_pattern_that_runs_out_of_time_is_named_with_its_line_and_the_paper(
    tmp_path: Path,
) -> None:
    title = "a" * 40 + "!"
    folder = redos_content(tmp_path, r"^(a|a)*$", title)
    started = time.perf_counter()
    result = check(folder)
    assert time.perf_counter() - started < 30
    assert result.returncode == 1
    lines = (folder / "taxonomy.yml").read_text("utf-8").splitlines()
    line = lines.index("  - name: Greedy") + 1
    assert (
        f"rejected: taxonomy.yml:{line}: pattern '^(a|a)*$' took more than {safe_regex.TIMEOUT} s "
        "on one text and was dropped"
    ) in result.stderr
    assert f"(paper '{title}')" in result.stderr
    assert "Traceback" not in result.stderr


# Tracebacks become problems --------------------------------------------------------------------


BROKEN = {
    "deep.json": b"[" * 100_000 + b"]" * 100_000,
    "2025-03-13.json": hf_day("Digits", extra='", "upvotes": ' + "9" * 5000 + ', "x": "'),
    "digits.yml": "- title: Digits\n  date: 2025-03-01\n  arxiv: " + "9" * 5000 + "\n",
    "binary.bib": bytes(range(256)) * 4,
    "latin1.txt": "Caf\xe9 papers\n".encode("latin-1"),
    "2025-03-14.json": hf_day("Half an emoji \\ud83d here"),
    "deep.yml": "[" * 5000 + "]" * 5000,
    "deep.xml": b"<a>" * 100_000 + b"</a>" * 100_000,
    "utf16-no-bom.json": hf_day("No Mark").encode("utf-16-le"),
    "laughs.xml": b'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY a "lol">]>\n<feed>&a;</feed>',
    "only-at.bib": b"@",
}
EXPECTED = {
    "deep.json": "listings/deep.json:1: could not be read: nested more deeply than",
    "2025-03-13.json": "listings/2025-03-13.json:1: could not be read: a number of more than",
    "digits.yml": "listings/digits.yml:3: arxiv: '99999",
    "binary.bib": "listings/binary.bib:2: not UTF-8 text: byte 0x80 on line 2",
    "latin1.txt": "listings/latin1.txt:1: not UTF-8 text: byte 0xE9 on line 1",
    "2025-03-14.json": "listings/2025-03-14.json:1: title: a lone UTF-16 surrogate (U+D83D)",
    "deep.yml": "listings/deep.yml:1: not valid YAML: while increasing flow level",
    "deep.xml": "listings/deep.xml:1: ",
    "utf16-no-bom.json": "listings/utf16-no-bom.json:1: UTF-16 or UTF-32 text without a byte",
    "laughs.xml": "listings/laughs.xml:1: XML with a document type declaration (<!DOCTYPE …>) is",
    "only-at.bib": "listings/only-at.bib:1: no entry found in it: expected a Hugging Face",
}


def test_no_input_file_raises_each_is_a_problem_and_the_others_are_read() -> None:
    files = {
        f"listings/{name}": data.encode("utf-8") if isinstance(data, str) else data
        for name, data in {**BROKEN, **GOOD}.items()
    }
    result = archive.build(files, TAXONOMY, "taxonomy.yml")
    problems = {p.source.path.removeprefix("listings/"): str(p) for p in result.problems}
    for name, start in EXPECTED.items():
        assert problems[name].startswith(start), problems[name]
        assert len(problems[name]) < 400
    assert [p.title for p in result.papers] == ["A Paper That Reads Fine"]


def test_check_and_build_agree_on_a_lone_surrogate(tmp_path: Path) -> None:
    folder = content(tmp_path, {"2025-03-14.json": BROKEN["2025-03-14.json"], **GOOD})
    result = check(folder)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "listings/2025-03-14.json:1: title: a lone UTF-16 surrogate" in result.stderr
    # What check accepts, the site writes: every page of it encodes.
    accepted = archive.load(folder)
    pages = site.render(accepted, site.Options())
    assert all(text.encode("utf-8") for text in pages.values())
    assert [p.title for p in accepted.papers] == ["A Paper That Reads Fine"]


# Encodings -------------------------------------------------------------------------------------


ATOM = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
    "<entry><id>http://arxiv.org/abs/2503.00077v1</id><title>Kähler Atoms</title>"
    "<summary>An abstract.</summary><published>2025-03-01T00:00:00Z</published>"
    "<author><name>Zoë Example</name></author></entry>\n</feed>\n"
)
SAME_IN_EVERY_ENCODING = {
    "2025-03-11.json": hf_day("Ünïcode Daily"),
    "feed.xml": ATOM,
    "refs.bib": "@article{k, title={Ünïcode BibTeX}, author={Zoë Example}, year={2021}}\n",
    "mine.yml": "- title: Ünïcode Curated\n  date: 2025-03-02\n",
    "snapshot.jsonl": json.dumps(
        {
            "id": "2503.00088",
            "title": "Ünïcode Snapshot",
            "abstract": "A.",
            "authors": "Zoë E",
            "versions": [{"created": "Mon, 2 Apr 2007 19:18:42 GMT"}],
        }
    )
    + "\n",
}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_unicode_files_with_a_byte_order_mark_are_read_like_utf8(
    tmp_path: Path, encoding: str
) -> None:
    def encoded(text: str) -> bytes:
        if encoding == "utf-16-be":
            return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
        return text.encode(encoding)

    def with_declared(name: str, text: str) -> str:
        # A Windows tool that saves an XML file as UTF-16 says so in its declaration.
        declared = encoding.removesuffix("-be").removesuffix("-sig").upper()
        return text.replace('encoding="UTF-8"', f'encoding="{declared}"')

    plain = archive.load(content(tmp_path / "a", SAME_IN_EVERY_ENCODING))
    marked = archive.load(
        content(
            tmp_path / "b",
            {n: encoded(with_declared(n, t)) for n, t in SAME_IN_EVERY_ENCODING.items()},
        )
    )
    assert marked.problems == plain.problems == []
    assert sorted(p.title for p in marked.papers) == sorted(p.title for p in plain.papers)
    assert len(marked.papers) == 5
    assert {a for p in marked.papers for a in p.authors} == {"Ada Example", "Zoë Example", "Zoë E"}


def test_broken_utf16_is_refused_as_utf16() -> None:
    data = codecs.BOM_UTF16_LE + "[{}]".encode("utf-16-le") + b"\x00\xd8"  # a lone high half
    [problem] = detect.parse("listings/x.json", data).problems
    assert str(problem).startswith("listings/x.json:1: UTF-16 text with a broken character")
    assert "save it as UTF-8" in str(problem)


# Nothing from outside content/ -----------------------------------------------------------------


def test_a_link_outside_the_content_folder_is_refused_and_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "private.txt"
    secret.write_text(
        "Mar 11\nPRIVATE-SECRET-TITLE\nPRIVATE-SECRET abstract of a private note.\n", "utf-8"
    )
    folder = content(tmp_path / "content", GOOD)
    listings = folder / "listings"
    (listings / "hf-daily-papers-2025-03-11.txt").symlink_to(secret)
    (listings / "linked-folder").symlink_to(tmp_path, target_is_directory=True)
    (listings / "2025-03-15.json").symlink_to(listings / "2025-03-12.json")
    (listings / ".DS_Store").write_bytes(b"\x00\x01")
    (listings / ".hidden").mkdir()
    (listings / "dangling.bib").symlink_to(tmp_path / "nowhere.bib")
    os.mkfifo(listings / "pipe.txt")  # reading it would wait for ever
    result = check(folder)
    assert result.returncode == 1
    assert "PRIVATE" not in result.stdout + result.stderr
    assert (
        "rejected: listings/hf-daily-papers-2025-03-11.txt:1: a symbolic link to a file outside "
        "the content folder: refused"
    ) in result.stderr
    for line in [
        "skipped: listings/.DS_Store: a hidden file (its name starts with a dot)",
        "skipped: listings/.hidden: a hidden folder (its name starts with a dot)",
        "skipped: listings/dangling.bib: a broken symbolic link",
        "skipped: listings/linked-folder: a symbolic link to a folder, not followed",
        "skipped: listings/pipe.txt: not a regular file (a pipe, socket or device)",
    ]:
        assert line in result.stderr
    loaded = archive.load(folder)
    assert not any("PRIVATE" in p.title + p.abstract for p in loaded.papers)
    assert loaded.entries_per_file["listings/2025-03-15.json"] == 1  # a link inside is read


def test_a_missing_or_empty_listings_folder_is_an_error(tmp_path: Path) -> None:
    folder = content(tmp_path, {})
    (folder / "listings" / ".gitkeep").write_text("", "utf-8")
    result = check(folder)
    assert result.returncode == 1
    assert "no listing file in" in result.stderr and "Traceback" not in result.stderr
    shutil.rmtree(folder / "listings")
    result = check(folder)
    assert result.returncode == 1 and "listings: no listings folder in" in result.stderr


# Text hygiene ----------------------------------------------------------------------------------


def entry(title: str, **fields: object) -> Entry:
    return Entry(title, "An abstract.", None, "test", SourceRef("listings/x.yml", 3), **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Bell\x07 and \x00null\x1b[31m", "Bell and null[31m"),
        ("C1\x85 and \x9b controls", "C1 and  controls"),
        ("Non\ufdd0char\uffff", "Nonchar"),
        ("Line\u2028separated", "Line separated"),
        ("\u202egnp.exe", "\u202egnp.exe\u202c"),  # closed at the end of the field
        ("stray\u202c close\u2069", "stray close"),
        ("\u2067iso\u202bembed\u2069 after", "\u2067iso\u202bembed\u202c\u2069 after"),
        ("Plain title", "Plain title"),
    ],
)
def test_text_is_cleaned_at_the_door(title: str, expected: str) -> None:
    cleaned = hygiene.clean(entry(title))
    assert isinstance(cleaned, Entry) and cleaned.title == expected


@pytest.mark.parametrize(
    "title",
    ["\u200b", "\u200b\u200c\u200d\u2060", "\u3164\u3164", "\u202e\u202c", " \u00ad ", "\u2800"],
)
def test_a_title_with_nothing_visible_is_refused(title: str) -> None:
    problem = hygiene.clean(entry(title))
    assert not isinstance(problem, Entry)
    assert str(problem).startswith("listings/x.yml:3: the title has nothing visible (only U+")


def test_only_http_urls_reach_a_record_and_archive_json(tmp_path: Path) -> None:
    bib = (
        "@article{a, title={Local PDF}, year={2020}, pdf={files/12/a.pdf}}\n"
        "@article{b, title={Script PDF}, year={2020}, pdf={javascript:alert(1)}}\n"
        "@article{c, title={Data PDF}, year={2020}, pdf={data:text/html,<b>x</b>}}\n"
        "@article{d, title={Web PDF}, year={2020}, pdf={https://example.org/d.pdf}}\n"
    )
    result = archive.load(content(tmp_path, {"a.bib": bib}))
    export = json.loads(site.export(result))
    assert {p["title"]: p["pdf_url"] for p in export["papers"]} == {
        "Local PDF": None,
        "Script PDF": None,
        "Data PDF": None,
        "Web PDF": "https://example.org/d.pdf",
    }
    schema = json.loads((ROOT / "generator" / "archive.schema.json").read_text("utf-8"))
    jsonschema.validate(export, schema)
    assert schema["$defs"]["paper"]["properties"]["pdf_url"]["pattern"] == "^https?://"
    bad = {**export, "papers": [{**export["papers"][0], "pdf_url": "javascript:alert(1)"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


# Work bounded by the input's size --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "see https://example.org/a" + ")" * 300_000,
        "see https://example.org/(" * 30_000 + ")" * 300_000,
    ],
)
def test_link_trimming_is_linear(text: str) -> None:
    started = time.perf_counter()
    found = links.extract(text)
    assert time.perf_counter() - started < 5  # minutes when quadratic
    assert found[0].url.startswith("https://example.org/")


@pytest.mark.parametrize(
    "text",
    [
        "a \\( b " * 100_000,
        "\\( $a$ " * 100_000 + "\n\\)",
        "$x " * 200_000,
        "\\(" * 300_000,
        # Displayed maths too: unclosed `\\[`, `$$` and environments, and interleavings.
        "a \\[ b " * 100_000,
        "$$x " * 100_000,
        "\\begin{equation} " * 50_000,
        "\\[ $$a$$ \\( $b$ " * 50_000 + "\n\\]\\)",
        "$$a$ " * 100_000,
    ],
)
def test_maths_spans_are_found_in_linear_time(text: str) -> None:
    started = time.perf_counter()
    maths.split(text)
    assert time.perf_counter() - started < 5  # minutes when quadratic


# The taxonomy and hand-written files -------------------------------------------------------------


@pytest.mark.parametrize(
    ("taxonomy", "message"),
    [
        (
            (HOSTILE / "curator-alias-bomb.yml").read_text("utf-8"),
            "Error: taxonomy.yml:2: not valid YAML: its aliases (*name) would expand it",
        ),
        ("tags: [\xff]\n", "Error: taxonomy.yml:1: not UTF-8 text"),
    ],
)
def test_a_hostile_taxonomy_is_one_clear_line(tmp_path: Path, taxonomy: str, message: str) -> None:
    folder = content(tmp_path, GOOD)
    data = taxonomy.encode("latin-1") if "\xff" in taxonomy else taxonomy.encode("utf-8")
    (folder / "taxonomy.yml").write_bytes(data)
    result = check(folder)
    assert result.returncode == 1
    assert result.stderr.startswith(message), result.stderr
    assert len(result.stderr) < 500 and "Traceback" not in result.stderr


def test_an_impossible_date_in_the_taxonomy_is_its_text(tmp_path: Path) -> None:
    folder = content(tmp_path, GOOD, "tags:\n  - name: 2025-02-30\n    keywords: [paper]\n")
    result = check(folder)
    assert result.returncode == 0, result.stderr
    assert archive.load(folder).tags[0].name == "2025-02-30"


def test_a_utf16_taxonomy_is_read(tmp_path: Path) -> None:
    folder = content(tmp_path, GOOD)
    (folder / "taxonomy.yml").write_bytes(TAXONOMY.encode("utf-16"))
    assert check(folder).returncode == 0


def test_generate_refuses_a_linked_page_from_outside(tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("PRIVATE", "utf-8")
    folder = content(tmp_path / "content", GOOD)
    (folder / "notes.md").symlink_to(secret)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "--content",
            str(folder),
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "notes.md:1: a symbolic link to a file outside the content folder" in result.stderr
    assert not any("PRIVATE" in p.read_text("utf-8") for p in (tmp_path / "out").rglob("*.md"))
