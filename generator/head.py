"""The `<head>` of a paper page: link previews, reference-manager tags and schema.org data.

Every value is escaped for the attribute or script it sits in, so no input text can end the
tag: titles such as `"><script>` stay text.
"""

from __future__ import annotations

import json
from html import escape

from generator import citations, identity, precision
from generator.model import ET_AL, Paper

DESCRIPTION_LENGTH = 200  # what link previews show of the abstract


def excerpt(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """The first `limit` characters of a text, cut at a word, with `…` when cut."""
    # Spaces closed up in a prefix give a prefix of the text's: when that is longer than the
    # limit, it is all the cut reads (an abstract is some 1,300 characters).
    start = " ".join(text[: 2 * limit].split())
    text = start if len(start) > limit else " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:.") + "…"


def _meta(attribute: str, name: str, content: str) -> str:
    return f'<meta {attribute}="{name}" content="{escape(content, quote=True)}">'


def json_ld(paper: Paper, url: str, site_name: str) -> dict[str, object]:
    """schema.org's `ScholarlyArticle` for the paper."""
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle",
        "headline": paper.title,
        "url": url,
        # ISO 8601 with reduced precision (`2019`, `2019-05`) when only that is known.
        "datePublished": precision.iso(*citations.publication_date(paper)),
        "isPartOf": {"@type": "WebSite", "name": site_name},
    }
    if paper.authors:
        organisations = citations.corporate_authors(paper)
        data["author"] = [
            {"@type": "Organization" if a in organisations else "Person", "name": a}
            for a in paper.authors
            if a != ET_AL
        ]
    if paper.tags:
        data["keywords"] = [t.name for t in paper.tags]
    same_as = []
    identifiers = []
    if paper.arxiv_id:
        same_as.append(citations.ARXIV_ABS + paper.arxiv_id)
        identifiers.append(
            {"@type": "PropertyValue", "propertyID": "arXiv", "value": paper.arxiv_id}
        )
    if paper.doi:
        same_as.append(identity.doi_url(paper.doi))
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": paper.doi})
    if same_as:
        data["sameAs"] = same_as
        data["identifier"] = identifiers
    return data


def script_json(data: object) -> str:
    """JSON that cannot end its `<script>` element or open a comment inside it."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def head(paper: Paper, url: str, site_name: str) -> str:
    """The tags a paper page adds to its `<head>`; `url` is its absolute, canonical address."""
    description = excerpt(paper.abstract or paper.title)
    published = citations.publication_date(paper)
    filed = (paper.date, paper.date_precision)
    lines = [
        _meta("name", "description", description),
        f'<link rel="canonical" href="{escape(url, quote=True)}">',
        # Link previews: OpenGraph (Facebook, LinkedIn, Slack, Mastodon…) and Twitter cards.
        _meta("property", "og:type", "article"),
        _meta("property", "og:site_name", site_name),
        _meta("property", "og:title", paper.title),
        _meta("property", "og:description", description),
        _meta("property", "og:url", url),
        _meta("property", "article:published_time", precision.iso(*filed)),
    ]
    lines += [_meta("property", "article:tag", t.name) for t in paper.tags]
    lines += [
        # X (Twitter) reads og:title and og:description when its own tags are absent.
        _meta("name", "twitter:card", "summary"),
        # Highwire Press tags, read by Google Scholar and Zotero's connector.
        _meta("name", "citation_title", paper.title),
    ]
    lines += [_meta("name", "citation_author", a) for a in paper.authors if a != ET_AL]
    # Highwire allows `2019` and `2019/05`: a date says no more than its source knows.
    lines.append(_meta("name", "citation_publication_date", precision.slashed(*published)))
    lines.append(_meta("name", "citation_online_date", precision.slashed(*filed)))
    if paper.arxiv_id:
        lines.append(_meta("name", "citation_arxiv_id", paper.arxiv_id))
    if paper.doi:
        lines.append(_meta("name", "citation_doi", paper.doi))
    if paper.venue:
        lines.append(_meta("name", "citation_journal_title", paper.venue))
    pdf = citations.pdf_url(paper)
    if pdf:
        lines.append(_meta("name", "citation_pdf_url", pdf))
    lines.append(
        '<script type="application/ld+json">'
        + script_json(json_ld(paper, url, site_name))
        + "</script>"
    )
    return "".join(lines)


def basic(url: str, description: str) -> str:
    """The `<head>` tags of any other generated page: its description and canonical URL."""
    lines = [_meta("name", "description", description)] if description else []
    lines.append(f'<link rel="canonical" href="{escape(url, quote=True)}">')
    return "".join(lines)
