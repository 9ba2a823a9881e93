"""The `paper-archive` command as a user runs it: a real process, its output and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURES, ROOT


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        check=False,
    )


def test_check_prints_the_accounting_of_the_sample() -> None:
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:] == [
        "  listings/2024-05-27.json: 13 entries, 0 rejected",
        "  listings/2024-06-13.json: 21 entries, 0 rejected",
        "  listings/2025-03-17.json: 12 entries, 0 rejected",
        "  listings/2025-10-03.json: 39 entries, 0 rejected",
        "  listings/2605.13301.json: 1 entry, 0 rejected",
        "  listings/arxiv-metadata-oai-snapshot.sample.jsonl: 200 entries, 0 rejected",
        "  listings/arxiv_api_query_all-science_2019-08-10.xml: 10 entries, 0 rejected",
        "  listings/curator.yml: 4 entries, 0 rejected",
        "  listings/hf-daily-papers-alignment-2025-03-11.txt: 61 entries, 0 rejected",
        "  listings/hf-daily-papers-alignment-2025-10-01.txt: 56 entries, 0 rejected",
        "  listings/hf-daily-papers-cards-2025-10-03.txt: 4 entries, 0 rejected",
        "  listings/pmlr_v202_icml23.excerpt.bib: 6 entries, 0 rejected",
        "  listings/srush_do-we-need-attention_anthology.bib: 47 entries, 0 rejected",
        "  listings/srush_do-we-need-attention_ssm.bib: 17 entries, 0 rejected",
        "Entries read: 491 (491 accepted, 0 rejected)",
        "Papers: 449 (491 accepted entries, 42 merged into a paper seen elsewhere)",
        "Tags: 26",
        "Untagged papers (no tag fits well enough): 21",
        # A proceedings volume is no paper, and is said (its date dates its papers).
        "note: listings/pmlr_v202_icml23.excerpt.bib:1: @proceedings ICML-2023: a volume, "
        "not a paper (no page)",
    ]


def test_check_verbose_lists_each_merge() -> None:
    merged = [line for line in run("check", "-v").stdout.splitlines() if "merged:" in line]
    assert len(merged) == 42
    assert all("same paper as listings/" in m for m in merged)
    # Each merged entry is named by file and line, once.
    assert len({m.split(": same paper")[0] for m in merged}) == 42


def test_generate_refuses_rejected_entries_without_a_traceback(tmp_path: Path) -> None:
    result = run("generate", "--content", str(FIXTURES / "broken"), "--out", str(tmp_path / "o"))
    assert result.returncode == 1
    assert "Error: 4 entries rejected; fix them or pass --keep-going" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "o").exists()
    kept = run(
        "generate",
        "--content",
        str(FIXTURES / "broken"),
        "--out",
        str(tmp_path / "o"),
        "--keep-going",
    )
    assert kept.returncode == 0 and (tmp_path / "o" / "papers").is_dir()


def test_generate_writes_a_tree_another_builder_can_take(tmp_path: Path) -> None:
    result = run("generate", "--out", str(tmp_path / "docs"))
    assert result.returncode == 0, result.stderr
    assert len(list((tmp_path / "docs" / "papers").glob("*.md"))) == 449
    assert not (tmp_path / "docs" / "listings").exists()
    home = (tmp_path / "docs" / "index.md").read_text("utf-8")
    assert "paper-archive:" not in home and "449 papers" in home
    # Without the site's address: no feeds or heads, and citations without URLs.
    assert not (tmp_path / "docs" / "feed.xml").exists()
    assert (tmp_path / "docs" / "dates" / "2025" / "10" / "papers.bib.gz").is_file()
    assert (tmp_path / "docs" / "tags" / "safety" / "bibtex.json").is_file()


def test_generate_with_the_site_address_adds_feeds_and_heads(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    result = run("generate", "--out", str(out), "--site-url", "https://example.org/archive/")
    assert result.returncode == 0, result.stderr
    feed = (out / "feed.xml").read_text("utf-8")
    assert "<id>https://example.org/archive/papers/2605.13301/</id>" in feed
    heads = json.loads((out / "heads.json").read_text("utf-8"))
    assert len(heads) == 449
    assert (
        '<link rel="canonical" href="https://example.org/archive/papers/2510.02283/">'
        in (heads["papers/2510.02283.md"])
    )


def test_a_broken_taxonomy_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "taxonomy.yml").write_text("tags:\n  - {name: A}\n", "utf-8")
    result = run("check", "--content", str(tmp_path))
    assert result.returncode == 1
    assert result.stderr == (
        "Error: taxonomy.yml:2: tag 'A': give at least one keyword, pattern or category\n"
    )


def test_a_missing_content_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run("check", "--content", str(tmp_path / "nope"))
    assert result.returncode == 2 and "does not exist" in result.stderr
