"""Permalinks: one stable, unique slug per paper, whatever the order of the inputs."""

from __future__ import annotations

import hashlib

from slugify import slugify

from generator.model import Paper

MAX_SLUG_LENGTH = 80


def base_slug(title: str) -> str:
    """The readable part of a paper's URL, from its title."""
    return slugify(title, max_length=MAX_SLUG_LENGTH, word_boundary=True) or "paper"


def short_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


def assign_slugs(papers: list[Paper]) -> None:
    """Give every paper a unique slug.

    Papers whose titles slugify alike share the plain slug's claim: the one seen first (then the
    smallest identity key) keeps it and the others add a hash of their own identity. A paper's
    slug therefore depends only on itself and the papers that collide with it, never on input order,
    and a newer colliding paper never takes an older paper's URL.
    """
    claims: dict[str, list[Paper]] = {}
    for paper in papers:
        claims.setdefault(base_slug(paper.title), []).append(paper)
    taken = set(claims)
    for slug, claimants in claims.items():
        claimants.sort(key=lambda p: (p.date, p.key))
        claimants[0].slug = slug
        for paper in claimants[1:]:
            candidate = f"{slug}-{short_hash(paper.key)}"
            while candidate in taken:  # astronomically rare; still resolved deterministically
                candidate = f"{candidate}-{short_hash(candidate)[:4]}"
            taken.add(candidate)
            paper.slug = candidate
