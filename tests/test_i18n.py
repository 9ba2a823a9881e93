"""The labels in each language: complete, well-formed, dated the language's way, escaped."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import archive, i18n, site
from generator.cli import main
from generator.pages import doc, paper
from tests.conftest import FIXTURES

ENGLISH = i18n._read("en")
PLACEHOLDER = re.compile(r"\{\w+\}")


def placeholders(value: object) -> set[str]:
    texts = value.values() if isinstance(value, dict) else [value]
    return {p for text in texts for p in PLACEHOLDER.findall(str(text))}


@pytest.mark.parametrize("language", ["de", "es", "fr", "ja", "zh"])
def test_each_language_has_every_label_with_its_placeholders(language: str) -> None:
    labels = i18n._read(language)
    assert set(labels) == set(ENGLISH)
    for key, value in ENGLISH.items():
        if key == "locale":
            continue
        assert isinstance(labels[key], dict) == isinstance(value, dict), key
        if isinstance(value, dict):
            assert "other" in labels[key], key  # type: ignore[operator]
        assert placeholders(labels[key]) == placeholders(value), (language, key)


def test_at_least_six_languages_ship() -> None:
    assert {"en", "de", "fr", "es", "zh", "ja"} <= set(i18n.available())


def test_dates_counts_and_numbers_are_the_languages() -> None:
    day = dt.date(2025, 3, 11)
    expected = {
        "en": ("11 March 2025", "March 2025", "1 paper", "20,000 papers"),
        "de": ("11. März 2025", "März 2025", "1 Paper", "20.000 Paper"),
        "fr": ("11 mars 2025", "mars 2025", "1 article", "20\u202f000 articles"),
        "es": ("11 de marzo de 2025", "marzo de 2025", "1 artículo", "20.000 artículos"),
        "zh": ("2025年3月11日", "2025年3月", "1 篇论文", "20,000 篇论文"),
        "ja": ("2025年3月11日", "2025年3月", "1 件の論文", "20,000 件の論文"),
    }
    for language, (long, month, one, many) in expected.items():
        labels, warning = i18n.load(language)
        assert not warning
        assert labels.long_date(day) == long, language
        assert labels.month_year(2025, 3) == month, language
        assert labels.count("paper", 1) == one, language
        assert labels.count("paper", 20000) == many, language


def test_a_regional_code_keeps_its_languages_labels_and_its_own_dates() -> None:
    labels, warning = i18n.load("en-US")
    assert not warning and labels["abstract"] == "Abstract"
    assert labels.long_date(dt.date(2025, 3, 11)) == "March 11, 2025"
    labels, warning = i18n.load("zh-Hant")
    assert not warning and labels["abstract"] == "摘要"


def test_an_unknown_language_is_english_with_a_warning() -> None:
    labels, warning = i18n.load("tlh")
    assert labels["abstract"] == "Abstract"
    assert "no labels for language 'tlh'" in warning and "de, en, es, fr, ja, zh" in warning


def test_overrides_are_checked() -> None:
    labels, _ = i18n.load("fr", {"abstract": "Synthèse"})
    assert labels["abstract"] == "Synthèse" and labels["cite"] == "Citer"
    with pytest.raises(i18n.LabelError, match="'abstrait' is not a label"):
        i18n.load("fr", {"abstrait": "x"})
    with pytest.raises(i18n.LabelError, match="'paper' must be a mapping"):
        i18n.load("fr", {"paper": "articles"})
    with pytest.raises(i18n.LabelError, match="'abstract' must be text"):
        i18n.load("fr", {"abstract": {"other": "x"}})


def test_parts_keep_values_apart_from_the_text() -> None:
    labels, _ = i18n.load("en")
    assert labels.parts("bibtex_file", papers="<b>") == ["BibTeX (", "<b>", ")"]
    assert labels.format("page_of", number=2, total=5) == "Page 2 of 5"


def test_a_label_with_markup_stays_text() -> None:
    labels, _ = i18n.load("en", {"abstract": "<script>alert(1)</script>", "tags": "*Tags*"})
    result = archive.load(FIXTURES / "small")
    record = result.papers[0]
    html = doc.html(paper.page(record, paper.Context(labels=labels))).content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    index = site.navigation_pages(result, site.Options(labels=labels))["tags/index.md"]
    assert index.startswith("# &#42;Tags&#42;")


def test_generate_writes_the_tree_in_a_language(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["generate", "--content", str(FIXTURES / "small"), "--out", str(out), "--language", "ja"],
    )
    assert result.exit_code == 0, result.output
    page = next((out / "papers").glob("*.md")).read_text("utf-8")
    # Section headings are HTML (no permalinks), their ids Python-Markdown's (no ASCII: `_N`).
    assert re.search(r"<h2 id=[\w-]+>概要</h2>", page) and "引用</h2>" in page
    assert "# 日付別の論文" in (out / "dates/index.md").read_text("utf-8")
    unknown = CliRunner().invoke(
        main,
        ["generate", "--content", str(FIXTURES / "small"), "--out", str(out), "--language", "xx"],
    )
    assert unknown.exit_code == 0
    assert unknown.output.count("no labels for language 'xx'") == 1
