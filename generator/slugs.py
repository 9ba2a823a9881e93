"""Permalinks: one stable, unique slug per paper, whatever the order of the inputs.

A paper with an arXiv id lives at its id (`papers/2502.12345/`); one without, at a slug of its
title. When a paper seen without its id (in a copied page, say) is known by its id, or when its
title changes, the title URL it may have had is kept as a redirect: a link to a paper keeps
working.
"""

from __future__ import annotations

import hashlib

from slugify import slugify

from generator.model import Paper

MAX_SLUG_LENGTH = 80


def base_slug(title: str) -> str:
    """The readable part of a paper's URL, from its title."""
    return slugify(title, max_length=MAX_SLUG_LENGTH, word_boundary=True) or "paper"


def id_slug(arxiv_id: str) -> str:
    """`2502.12345` as it is; the old style `hep-th/9901001` as `hep-th-9901001`."""
    return arxiv_id.replace("/", "-")


def short_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


def assign_slugs(papers: list[Paper]) -> dict[str, str]:
    """Give every paper a unique slug; returns the redirects, old slug to new slug.

    Papers whose titles slugify alike share the plain slug's claim: the one seen first (then the
    smallest identity key) keeps it and the others add a hash of their own identity. A paper's
    slug therefore depends only on itself and the papers that collide with it, never on input
    order, and a newer colliding paper never takes an older paper's URL.
    """
    taken: set[str] = set()
    for paper in papers:
        if paper.arxiv_id:
            paper.slug = id_slug(paper.arxiv_id)
            taken.add(paper.slug)
    claims: dict[str, list[Paper]] = {}
    for paper in papers:
        if not paper.arxiv_id:
            claims.setdefault(base_slug(paper.title), []).append(paper)
    for slug in sorted(claims):
        claimants = sorted(claims[slug], key=lambda p: (p.date, p.key))
        for number, paper in enumerate(claimants):
            candidate = (
                slug if number == 0 and slug not in taken else f"{slug}-{short_hash(paper.key)}"
            )
            while candidate in taken:  # astronomically rare; still resolved deterministically
                candidate = f"{candidate}-{short_hash(candidate)[:4]}"
            taken.add(candidate)
            paper.slug = candidate
    # A title URL a paper may have had before keeps working: the paper gained an arXiv id, or
    # its title changed (a curator's fix, a better source), so its slug moved.
    redirects: dict[str, str] = {}
    for paper in sorted(papers, key=lambda p: p.slug):
        for entry in paper.sightings:
            if not paper.arxiv_id and entry.title == paper.title:
                continue  # its title URL is the paper's own, or taken by a colliding paper
            if (paper.arxiv_id and entry.arxiv_id) or entry.kind == "curator":
                # That source always knew the id, or it is the curator's fix: neither gave the
                # paper a title URL of its own.
                continue
            old = base_slug(entry.title)
            if old != paper.slug and old not in taken and old not in redirects:
                redirects[old] = paper.slug
    return redirects
