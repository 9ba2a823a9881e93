"""The search page: a form with the query, tag and year filters and sort order, filled by JS."""

from __future__ import annotations

import html
import json

from generator import mdtext
from generator.i18n import ENGLISH, Labels
from generator.model import Archive

PATH = "search/index.md"


# The labels the search page's script writes (overrides/assets/paper-archive/search-page.js).
SCRIPT_LABELS = (
    "search_prompt",
    "search_failed",
    "search_none",
    "search_page_of",
    "search_previous",
    "search_next",
)


def render(archive: Archive, labels: Labels = ENGLISH) -> str:
    """The search page (Markdown with its form as HTML), its words in `labels`' language."""
    years = sorted({paper.date.year for paper in archive.papers}, reverse=True)
    tags = "".join(
        f'<option value="{html.escape(tag.slug)}">{html.escape(tag.name)}</option>'
        for tag in archive.tags
    )
    year_options = "".join(f'<option value="{year}">{year}</option>' for year in years)
    script = {key: labels[key] for key in SCRIPT_LABELS}
    script["search_count_one"] = labels.count("search_count", 1)
    forms = labels.strings["search_count"]
    script["search_count_other"] = forms if isinstance(forms, str) else forms["other"]
    script["locale"] = labels.bcp47
    h = {k: html.escape(v) for k, v in labels.strings.items() if isinstance(v, str)}
    t = {key: mdtext.text(labels[key], inline=True) for key in HELP}
    # HTML, not Markdown: Python-Markdown leaves what is inside <noscript> as it is.
    noscript = "".join(
        str(part) if index % 2 else html.escape(str(part))
        for index, part in enumerate(
            labels.parts(
                "search_noscript",
                by_date=f'<a href="../dates/">{h["search_by_date"]}</a>',
                by_tag=f'<a href="../tags/">{h["search_by_tag"]}</a>',
            )
        )
    )
    data = html.escape(json.dumps(script, ensure_ascii=False), quote=True)
    return f"""---
hide:
  - toc
---

# {mdtext.text(labels["search"], inline=True)}

<form id="pa-search" class="pa-search" role="search" autocomplete="off" data-labels="{data}">
<input type="search" name="query" class="pa-search__query" aria-label="{h["search_query"]}" placeholder="{h["search_placeholder"]}">
<select name="tag" aria-label="{h["search_tag"]}"><option value="">{h["search_all_tags"]}</option>{tags}</select>
<select name="from" aria-label="{h["search_from"]}"><option value="">{h["search_from_any"]}</option>{year_options}</select>
<select name="to" aria-label="{h["search_to"]}"><option value="">{h["search_to_any"]}</option>{year_options}</select>
<select name="sort" aria-label="{h["search_sort"]}"><option value="relevance">{h["search_relevance"]}</option><option value="date">{h["search_newest"]}</option></select>
</form>

<p id="pa-search-status" class="pa-search__status" role="status" aria-live="polite">{h["search_loading"]}</p>
<ol id="pa-search-results" class="pa-search-results"></ol>
<nav id="pa-search-pages" class="pa-search__pages" aria-label="{h["search_result_pages"]}"></nav>

<noscript>{noscript}</noscript>

<script src="../assets/paper-archive/search-page.js"></script>

## {t["search_help"]}

{labels["search_help_intro"]}

| {t["search_help_query"]} | {t["search_help_finds"]} |
| --- | --- |
| `reward model` | {labels["search_help_words"]} |
| `"reward model"` | {labels["search_help_phrase"]} |
| `title:survey` | {labels["search_help_title"]} |
| `tag:safety -jailbreak` | {labels["search_help_tag"]} |
| `year:2024..2025` | {labels["search_help_years"]} |
| `2510.02283`, `arXiv:2510.02283v2` | {labels["search_help_id"]} |
| `sort:date` | {labels["search_help_sort"]} |
"""


# Labels written as text; the help's introduction and table cells are Markdown (`queries`).
HELP = ("search", "search_help", "search_help_query", "search_help_finds")
