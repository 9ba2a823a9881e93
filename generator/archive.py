"""The pipeline from a content folder's listing files and taxonomy to the archive of papers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator import identity, memory, precision, slugs, taxonomy
from generator.model import Archive, Entry, Paper, ParseResult, Problem
from generator.sources import detect


@dataclass(frozen=True)
class Layout:
    """Where the inputs live inside the content folder."""

    listings: str = "listings"
    taxonomy: str = "taxonomy.yml"

    def is_input(self, relative_path: str) -> bool:
        """Inputs are read by the generator and are not pages of the site themselves."""
        return relative_path == self.taxonomy or relative_path.startswith(self.listings + "/")


def parse_file(path: str, data: bytes) -> ParseResult:
    return detect.parse(path, data)


def newest_first(papers: list[Paper]) -> list[Paper]:
    """Newest first by the first day of each date's period; on one day, a date known to the
    day before one known to the month, before one known to the year (1 May 2019, May 2019,
    then 2019 on 1 January); then by title, so that the order never depends on the inputs'."""
    ordered = sorted(papers, key=lambda p: (identity.normalise_title(p.title), p.key))
    return sorted(
        ordered, key=lambda p: (p.date, precision.FINENESS[p.date_precision]), reverse=True
    )


def build(listings: Mapping[str, bytes], taxonomy_text: str, taxonomy_path: str) -> Archive:
    """Listing files (path to bytes) and a taxonomy in; the merged, tagged, slugged archive out."""
    results = ((path, parse_file(path, listings[path])) for path in sorted(listings))
    return build_from(results, taxonomy_text, taxonomy_path)


def build_from(
    results: Iterable[tuple[str, ParseResult]], taxonomy_text: str, taxonomy_path: str
) -> Archive:
    """Parsed files (path and result, in path order) and a taxonomy in; the archive out."""
    rules = taxonomy.load(taxonomy_text, taxonomy_path)
    entries: list[Entry] = []
    problems: list[Problem] = []
    notes: list[Problem] = []
    per_file: dict[str, int] = {}
    for path, result in results:
        entries.extend(result.entries)
        problems.extend(result.problems)
        notes.extend(result.notes)
        per_file[path] = len(result.entries)
    papers, merges = identity.merge(entries)
    for paper in (p for p in papers if not p.dated):
        # Filed under no date, a paper would be missing from the date pages: say so instead.
        if all(e.kind == "curator" for e in paper.sightings):
            reason = (
                "this curator record matches no paper of the sources; to add a paper, "
                "give it a title and a date"
            )
        else:
            reason = (
                f"{paper.title[:80]!r} has no date: no listing day, no publication date "
                "and no year; add a year (BibTeX) or list it in a listing"
            )
        problems.extend(Problem(e.source, reason) for e in paper.sightings)
        for e in paper.sightings:
            per_file[e.source.path] -= 1  # counted as rejected, not as read
    papers = [p for p in papers if p.dated]
    hidden = [p for p in papers if p.hidden]
    papers = [p for p in papers if not p.hidden]
    redirects = slugs.assign_slugs(papers)
    taxonomy.assign_tags(papers, rules)
    problems.extend(curate_tags(papers, rules))
    return Archive(
        papers=newest_first(papers),
        hidden=sorted(hidden, key=lambda p: p.key),
        redirects={f"papers/{old}/": f"papers/{new}/" for old, new in sorted(redirects.items())},
        tags=[rule.tag for rule in rules],
        problems=sorted(problems, key=lambda p: (p.source, p.reason)),
        notes=sorted(notes, key=lambda p: (p.source, p.reason)),
        entries_per_file=per_file,
        merges=merges,
    )


def curate_tags(papers: list[Paper], rules: list[taxonomy.Rule]) -> list[Problem]:
    """Apply the curator's `+tag` and `-tag`; a tag the taxonomy lacks is a problem."""
    by_slug = {rule.tag.slug: rule.tag for rule in rules}
    order = [rule.tag for rule in rules]
    problems = []
    for paper in papers:
        if not any(entry.add_tags or entry.remove_tags for entry in paper.sightings):
            continue  # most papers: nothing to do
        tags = list(paper.tags)
        for entry in paper.sightings:
            for slug in (*entry.add_tags, *entry.remove_tags):
                if slug not in by_slug:
                    problems.append(Problem(entry.source, f"tags: no tag {slug!r} in the taxonomy"))
            tags += [by_slug[s] for s in entry.add_tags if s in by_slug and by_slug[s] not in tags]
            tags = [t for t in tags if t.slug not in entry.remove_tags]
        paper.tags = tuple(t for t in order if t in tags)
    return problems


def listing_files(content_dir: Path, layout: Layout) -> dict[str, Path]:
    """Every listing file, by its path relative to the content folder, in path order."""
    root = content_dir / layout.listings
    if not root.is_dir():
        return {}
    found = {
        path.relative_to(content_dir).as_posix(): path
        for path in root.rglob("*")
        if path.is_file() and not path.name.startswith(".")
    }
    return dict(sorted(found.items()))


def read_listings(content_dir: Path, layout: Layout) -> dict[str, bytes]:
    """The bytes of every listing file, keyed by its path relative to the content folder."""
    return {path: file.read_bytes() for path, file in listing_files(content_dir, layout).items()}


def load(content_dir: Path, layout: Layout | None = None) -> Archive:
    """Read a content folder and build its archive."""
    layout = layout or Layout()
    taxonomy_file = content_dir / layout.taxonomy
    if not taxonomy_file.is_file():
        raise taxonomy.TaxonomyError(f"{layout.taxonomy}: no taxonomy file in {content_dir}")
    files = listing_files(content_dir, layout)
    results = ((path, detect.parse_path(file, path)) for path, file in files.items())
    with memory.collector_paused():
        return build_from(results, taxonomy_file.read_text(encoding="utf-8"), layout.taxonomy)


def fingerprint(content_dir: Path, layout: Layout | None = None) -> tuple[object, ...]:
    """What the archive of a content folder depends on: each input file's path, size and
    modification time. Equal fingerprints, equal archives (so a server may keep it)."""
    layout = layout or Layout()
    files = {**listing_files(content_dir, layout), layout.taxonomy: content_dir / layout.taxonomy}
    stamps = []
    for path, file in sorted(files.items()):
        try:
            stat = file.stat()
        except OSError:
            stamps.append((path, -1, -1))
            continue
        stamps.append((path, stat.st_size, stat.st_mtime_ns))
    return (str(content_dir.resolve()), layout, tuple(stamps))
