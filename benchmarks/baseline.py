"""The plain Material site the build benchmark compares against, over the same archive.

One simple Markdown page per paper (title, date, abstract), not in the navigation, built by
MkDocs and Material for MkDocs with Material's own search: what a site of these papers costs
without this project.
"""

from __future__ import annotations

from pathlib import Path

from generator import archive

CONFIG = """\
site_name: Plain Material baseline
site_url: https://example.github.io/baseline/
theme:
  name: material
  font: false
plugins:
  - search
nav:
  - Home: index.md
validation:
  nav:
    omitted_files: ignore
"""


def project(content: Path, folder: Path) -> Path:
    """Write the baseline project for a content folder into `folder`; returns it."""
    docs = folder / "docs" / "papers"
    docs.mkdir(parents=True, exist_ok=True)
    (folder / "mkdocs.yml").write_text(CONFIG, "utf-8")
    (folder / "docs" / "index.md").write_text("# Papers\n\nA plain list of papers.\n", "utf-8")
    for number, paper in enumerate(archive.load(content).papers):
        # As written, as a hand-made site would have them: the baseline measures cost only.
        text = f"# {paper.title}\n\n*{paper.date.isoformat()}*\n\n{paper.abstract}\n"
        (docs / f"{number:06d}.md").write_text(text, "utf-8")
    return folder
