"""Golden files: the whole generated tree of a small archive, and the report of a broken one.

Run with UPDATE_GOLDEN=1 to rewrite the expected files after a deliberate change, then review
the diff like any other change.
"""

from __future__ import annotations

import gzip
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import FIXTURES

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def copied(path: str) -> bool:
    """Files copied as they are: lunr.js from the mkdocs package, the theme's assets."""
    return path.endswith("lunr.js") or path.startswith("assets/")


def tree(root: Path) -> dict[str, str]:
    """Every generated file (not those `copied`); a gzip-compressed one (`archive.json.gz`) as
    its text, under its name less `.gz`: so the golden files are readable, and diffs show it."""
    files = {}
    for p in sorted(root.rglob("*")):
        if not p.is_file() or copied(path := p.relative_to(root).as_posix()):
            continue
        if path.endswith(".gz"):
            files[path.removesuffix(".gz")] = gzip.decompress(p.read_bytes()).decode("utf-8")
        else:
            files[path] = p.read_text("utf-8")
    return files


def test_generated_tree_matches_golden(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["generate", "--content", str(FIXTURES / "small"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    expected_dir = GOLDEN / "small"
    if UPDATE:
        shutil.rmtree(expected_dir, ignore_errors=True)
        for path, text in tree(out).items():
            (expected_dir / path).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / path).write_text(text, "utf-8")
    actual, expected = tree(out), tree(expected_dir)
    assert sorted(actual) == sorted(expected)
    for path in expected:
        assert actual[path] == expected[path], path


@pytest.mark.parametrize(
    "page",
    [
        "papers/direct-preference-optimization-your-language-model-is-secretly-a-reward-model.md",
        "tags/alignment.md",
        "dates/2025/03/11.md",
    ],
)
def test_golden_has_the_pages_the_issue_names(page: str) -> None:
    # One paper page, one tag page and one date page at least; guards against an empty golden.
    assert (GOLDEN / "small" / page).is_file()


def test_broken_inputs_are_reported_as_in_golden() -> None:
    result = CliRunner().invoke(main, ["check", "--content", str(FIXTURES / "broken")])
    output = without_times(result.output)
    expected_file = GOLDEN / "broken" / "check.txt"
    if UPDATE:
        expected_file.parent.mkdir(parents=True, exist_ok=True)
        expected_file.write_text(output, "utf-8")
    assert result.exit_code == 1
    assert output == expected_file.read_text("utf-8")


def without_times(output: str) -> str:
    """A command's output without its progress lines and closing summary (they hold times)."""
    lines = output.splitlines(keepends=True)
    summary = next((i for i, line in enumerate(lines) if line.startswith("papers: ")), len(lines))
    assert all(line.startswith("  ") and line.endswith(" s\n") for line in lines[summary + 1 :])
    return "".join(line for line in lines[:summary] if " done in " not in line)
