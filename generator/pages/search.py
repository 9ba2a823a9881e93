"""The search page: a form with the query, tag and year filters and sort order, filled by JS."""

from __future__ import annotations

import html

from generator.model import Archive

PATH = "search/index.md"


def render(archive: Archive) -> str:
    years = sorted({paper.date.year for paper in archive.papers}, reverse=True)
    tags = "".join(
        f'<option value="{html.escape(tag.slug)}">{html.escape(tag.name)}</option>'
        for tag in archive.tags
    )
    year_options = "".join(f'<option value="{year}">{year}</option>' for year in years)
    return f"""---
hide:
  - toc
---

# Search

<form id="pa-search" class="pa-search" role="search" autocomplete="off">
<input type="search" name="query" class="pa-search__query" aria-label="Search papers" placeholder="Words, title:…, author:…, tag:…, year:2024..2025">
<select name="tag" aria-label="Tag"><option value="">All tags</option>{tags}</select>
<select name="from" aria-label="From year"><option value="">From any year</option>{year_options}</select>
<select name="to" aria-label="To year"><option value="">To any year</option>{year_options}</select>
<select name="sort" aria-label="Sort"><option value="relevance">Best match</option><option value="date">Newest first</option></select>
</form>

<p id="pa-search-status" class="pa-search__status" role="status" aria-live="polite">Loading search…</p>
<ol id="pa-search-results" class="pa-search-results"></ol>
<nav id="pa-search-pages" class="pa-search__pages" aria-label="Result pages"></nav>

<noscript>Search needs JavaScript. Browse papers [by date](../dates/index.md) or [by tag](../tags/index.md).</noscript>

<script src="../assets/paper-archive/search-page.js"></script>

## How to search

Every word must match, in any of its forms and with or without accents (`Muller` finds
*Müller*); the last one also matches as the start of a word while you type.

| Query | Finds |
| --- | --- |
| `reward model` | papers with both words (and their forms: *models*, *modelling*) |
| `"reward model"` | the words one after the other |
| `title:survey` | *survey* in the title; also `abstract:`, `author:`, `tag:`, `year:` |
| `tag:safety -jailbreak` | papers tagged Safety that do not mention *jailbreak* |
| `year:2024..2025` | papers from 2024 to 2025; `year:2024-2025`, `year:2024..` and `year:..2023` work too |
| `2510.02283`, `arXiv:2510.02283v2` | that paper; an arXiv or Hugging Face link, or a DOI, too |
| `sort:date` | newest first instead of best match |
"""
