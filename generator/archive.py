"""The pipeline from a content folder's listing files and taxonomy to the archive of papers."""

from __future__ import annotations

import heapq
import os
import reprlib
import stat
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator import hygiene, identity, memory, precision, slugs, taxonomy
from generator.model import Archive, Entry, Paper, ParseResult, Problem, SourceRef
from generator.sources import detect
from generator.tagging import labels as labels_format
from generator.tagging.learned import Example
from generator.tagging.tagger import Tagging


class ContentError(Exception):
    """The content folder cannot make an archive (no listings folder, no listing in it)."""


@dataclass(frozen=True)
class Layout:
    """Where the inputs live inside the content folder."""

    listings: str = "listings"
    taxonomy: str = "taxonomy.yml"
    labels: str = "labels"  # labels files (JSON Lines): examples the tagger learns from

    def is_input(self, relative_path: str) -> bool:
        """Inputs are read by the generator and are not pages of the site themselves."""
        return relative_path == self.taxonomy or relative_path.startswith(
            (self.listings + "/", self.labels + "/")
        )


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


def build(
    listings: Mapping[str, bytes],
    taxonomy_text: str,
    taxonomy_path: str,
    labels: Mapping[str, bytes] | None = None,
) -> Archive:
    """Listing files (path to bytes), a taxonomy and labels files (path to bytes) in; the
    merged, tagged, slugged archive out."""
    results = ((path, parse_file(path, listings[path])) for path in sorted(listings))
    return build_from(results, taxonomy_text, taxonomy_path, labels)


def read_examples(
    labels: Mapping[str, bytes] | None, rules: list[taxonomy.Rule]
) -> tuple[list[Example], list[Problem]]:
    """The examples of every labels file (path to bytes), and the lines that are not."""
    slugs = frozenset(rule.tag.slug for rule in rules)
    examples: list[Example] = []
    problems: list[Problem] = []
    for path in sorted(labels or {}):
        found = labels_format.parse((labels or {})[path], path, slugs)
        examples += found.examples
        problems += found.problems
    return examples, problems


def curator_examples(papers: list[Paper], rules: list[taxonomy.Rule]) -> list[Example]:
    """The curator's `+tag` and `-tag` records as examples of the tags they name."""
    slugs = {rule.tag.slug for rule in rules}
    examples = []
    for paper in papers:
        for entry in paper.sightings:
            positive = frozenset(s for s in entry.add_tags if s in slugs)
            negative = frozenset(s for s in entry.remove_tags if s in slugs) - positive
            if positive or negative:
                examples.append(
                    Example(
                        key=paper.key,
                        title=paper.title,
                        abstract=paper.abstract,
                        positive=positive,
                        negative=negative,
                        source=entry.source,
                        keywords=paper.keywords,
                        categories=paper.categories,
                    )
                )
    return examples


def build_from(
    results: Iterable[tuple[str, ParseResult]],
    taxonomy_text: str,
    taxonomy_path: str,
    labels: Mapping[str, bytes] | None = None,
) -> Archive:
    """Parsed files (path and result, in path order), a taxonomy and labels files in; the
    archive out."""
    rules = taxonomy.load(taxonomy_text, taxonomy_path)
    examples, label_problems = read_examples(labels, rules)
    # The learner starts now, on the other core, and loads its library while the files are read.
    tagging = Tagging(rules, examples)
    try:
        return _build(results, rules, tagging, label_problems)
    finally:
        tagging.cancel()


def _build(
    results: Iterable[tuple[str, ParseResult]],
    rules: list[taxonomy.Rule],
    tagging: Tagging,
    label_problems: list[Problem],
) -> Archive:
    entries: list[Entry] = []
    problems: list[Problem] = []
    notes: list[Problem] = []
    per_file: dict[str, int] = {}
    for path, result in results:
        problems.extend(result.problems)
        notes.extend(result.notes)
        per_file[path] = 0
        for entry in result.entries:
            # Text hygiene at the door, whatever the reader: see `hygiene`.
            try:
                problems.extend(hygiene.url_problems(entry))
                cleaned = hygiene.clean(entry)
            except Exception as error:  # the safety net: a problem, not a traceback
                cleaned = Problem(
                    entry.source,
                    f"this entry could not be read: {type(error).__name__}: "
                    f"{reprlib.repr(str(error))}",
                )
            if isinstance(cleaned, Problem):
                problems.append(cleaned)
            else:
                entries.append(cleaned)
                per_file[path] += 1
    papers, merges = identity.merge(entries, problems)
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
    started = time.perf_counter()
    problems.extend(tagging.finish(papers, curator_examples(papers, rules)))
    tagging_seconds = time.perf_counter() - started
    problems.extend(curate_tags(papers, rules))
    problems.extend(label_problems)
    return Archive(
        papers=newest_first(papers),
        hidden=sorted(hidden, key=lambda p: p.key),
        redirects={f"papers/{old}/": f"papers/{new}/" for old, new in sorted(redirects.items())},
        tags=[rule.tag for rule in rules],
        problems=sorted(problems, key=lambda p: (p.source, p.reason)),
        notes=sorted(notes, key=lambda p: (p.source, p.reason)),
        entries_per_file=per_file,
        merges=merges,
        tagging_seconds=tagging_seconds,
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


@dataclass
class Scan:
    """The files of a listings folder: those to read (by path relative to the content folder,
    in path order), those refused (symbolic links to outside the content folder: problems)
    and those skipped (hidden files, linked folders, …: each with the reason, for `check`)."""

    files: dict[str, Path] = field(default_factory=dict)
    refused: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)


def scan_listings(content_dir: Path, layout: Layout) -> Scan:
    """Every file under the listings folder, sorted into read, refused and skipped. Nothing
    outside the content folder is read: a symbolic link is followed only to a file inside it,
    and linked folders are not entered (a loop, or a way out)."""
    scan = Scan()
    root = content_dir / layout.listings
    inside = content_dir.resolve()
    if not root.is_dir() or not _within(root.resolve(), inside):
        return scan
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        for name in sorted(dirs):
            path = here / name
            relative = path.relative_to(content_dir).as_posix()
            if name.startswith("."):
                scan.skipped.append(_note(relative, "a hidden folder (its name starts with a dot)"))
                dirs.remove(name)
            elif path.is_symlink():
                scan.skipped.append(
                    _note(relative, "a symbolic link to a folder, not followed: move the files in")
                )
                dirs.remove(name)  # os.walk does not enter it either; said, not silent
        for name in names:
            path = here / name
            relative = path.relative_to(content_dir).as_posix()
            if name.startswith("."):
                scan.skipped.append(_note(relative, "a hidden file (its name starts with a dot)"))
                continue
            if path.is_symlink():
                try:
                    target = path.resolve(strict=True)
                except (OSError, RuntimeError):
                    scan.skipped.append(_note(relative, "a broken symbolic link"))
                    continue
                if not _within(target, inside):
                    scan.refused.append(
                        _note(
                            relative,
                            "a symbolic link to a file outside the content folder: refused, "
                            "nothing of it is read (copy the file into the folder instead)",
                        )
                    )
                    continue
            try:
                mode = path.stat().st_mode
            except OSError as error:
                scan.skipped.append(_note(relative, f"cannot be read: {error.strerror}"))
                continue
            if not stat.S_ISREG(mode):
                # A FIFO or device would block or never end.
                scan.skipped.append(
                    _note(relative, "not a regular file (a pipe, socket or device)")
                )
                continue
            scan.files[relative] = path
    scan.files = dict(sorted(scan.files.items()))
    scan.refused.sort(key=lambda p: p.source)
    scan.skipped.sort(key=lambda p: p.source)
    return scan


def outside_links(content_dir: Path, layout: Layout) -> list[Problem]:
    """Every symbolic link in the content folder, outside its listings folder (`scan_listings`
    judges those), that leads out of it: a hand-written page, an asset, a linked folder. MkDocs
    would copy what it points to into the site, so each is refused (all of them, not the first).
    Hidden files and folders are not looked at: MkDocs leaves them out."""
    inside = content_dir.resolve()
    found: list[Problem] = []
    for folder, dirs, names in os.walk(content_dir):
        here = Path(folder)
        for name in sorted(dirs):
            if name.startswith(".") or (here / name) == content_dir / layout.listings:
                dirs.remove(name)
        for name in sorted(dirs) + sorted(names):
            path = here / name
            if name.startswith(".") or not path.is_symlink():
                continue
            relative = path.relative_to(content_dir).as_posix()
            if relative == layout.taxonomy:
                continue  # `load` refuses it before anything else
            try:
                target = path.resolve(strict=True)
            except (OSError, RuntimeError):
                continue  # a broken link: MkDocs cannot copy it either
            if not _within(target, inside):
                kind = "folder" if target.is_dir() else "file"
                found.append(
                    _note(
                        relative,
                        f"a symbolic link to a {kind} outside the content folder: refused, "
                        "nothing of it is published (copy it into the folder instead)",
                    )
                )
    return sorted(found, key=lambda p: p.source)


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _note(relative: str, reason: str) -> Problem:
    return Problem(SourceRef(relative, 1), reason)


def listing_files(content_dir: Path, layout: Layout) -> dict[str, Path]:
    """Every listing file to read, by its path relative to the content folder, in path order."""
    return scan_listings(content_dir, layout).files


def read_listings(content_dir: Path, layout: Layout) -> dict[str, bytes]:
    """The bytes of every listing file, keyed by its path relative to the content folder."""
    return {path: file.read_bytes() for path, file in listing_files(content_dir, layout).items()}


def load(content_dir: Path, layout: Layout | None = None) -> Archive:
    """Read a content folder and build its archive. Raises TaxonomyError (no or a broken
    taxonomy) and ContentError (no listings folder, or no listing file in it)."""
    layout = layout or Layout()
    taxonomy_file = content_dir / layout.taxonomy
    if not taxonomy_file.is_file():
        raise taxonomy.TaxonomyError(f"{layout.taxonomy}: no taxonomy file in {content_dir}")
    if not _within(taxonomy_file.resolve(), content_dir.resolve()):
        # Read nothing of it: its text would reach pages and messages.
        raise taxonomy.TaxonomyError(
            f"{layout.taxonomy}:1: a symbolic link to a file outside the content folder: "
            "refused, nothing of it is read (copy the file into the folder instead)"
        )
    taxonomy_bytes = detect.to_utf8(layout.taxonomy, taxonomy_file.read_bytes())
    if isinstance(taxonomy_bytes, Problem):
        raise taxonomy.TaxonomyError(str(taxonomy_bytes))
    taxonomy_text = taxonomy_bytes.decode("utf-8-sig")
    taxonomy.load(taxonomy_text, layout.taxonomy)  # its errors first: a small file, read twice
    root = content_dir / layout.listings
    if not root.is_dir():
        raise ContentError(
            f"{layout.listings}: no listings folder in {content_dir} (the plugin's `listings` "
            "option names it, inside the docs folder)"
        )
    if not _within(root.resolve(), content_dir.resolve()):
        raise ContentError(f"{layout.listings}: a link to a folder outside {content_dir}: refused")
    scan = scan_listings(content_dir, layout)
    if not scan.files and not scan.refused:
        skipped = "".join(f"\n  skipped: {p.source.path}: {p.reason}" for p in scan.skipped[:20])
        more = f"\n  … and {len(scan.skipped) - 20} more" if len(scan.skipped) > 20 else ""
        raise ContentError(
            f"{layout.listings}: no listing file in {root} (an empty archive is not published)"
            + skipped
            + more
        )
    results = ((path, detect.parse_path(file, path)) for path, file in scan.files.items())
    refused = ((p.source.path, ParseResult((), (p,))) for p in scan.refused)
    with memory.collector_paused():
        result = build_from(
            heapq.merge(results, refused, key=lambda r: r[0]),
            taxonomy_text,
            layout.taxonomy,
            read_labels(content_dir, layout),
        )
    result.skipped = scan.skipped
    result.problems = sorted(
        result.problems + outside_links(content_dir, layout), key=lambda p: (p.source, p.reason)
    )
    return result


def labels_files(content_dir: Path, layout: Layout) -> dict[str, Path]:
    """Every labels file (`*.jsonl` in the labels folder), by its path relative to the
    content folder, in path order."""
    root = content_dir / layout.labels
    if not root.is_dir():
        return {}
    inside = content_dir.resolve()
    found = {
        path.relative_to(content_dir).as_posix(): path
        for path in root.rglob("*.jsonl")
        # A link to a file outside the content folder is not read (as for listings).
        if path.is_file() and not path.name.startswith(".") and _within(path.resolve(), inside)
    }
    return dict(sorted(found.items()))


def read_labels(content_dir: Path, layout: Layout) -> dict[str, bytes]:
    """The bytes of every labels file, keyed by its path relative to the content folder."""
    return {path: file.read_bytes() for path, file in labels_files(content_dir, layout).items()}


def fingerprint(content_dir: Path, layout: Layout | None = None) -> tuple[object, ...]:
    """What the archive of a content folder depends on: each input file's path, size and
    modification time. Equal fingerprints, equal archives (so a server may keep it)."""
    layout = layout or Layout()
    files = {
        **listing_files(content_dir, layout),
        **labels_files(content_dir, layout),
        layout.taxonomy: content_dir / layout.taxonomy,
    }
    stamps = []
    for path, file in sorted(files.items()):
        try:
            stat = file.stat()
        except OSError:
            stamps.append((path, -1, -1))
            continue
        stamps.append((path, stat.st_size, stat.st_mtime_ns))
    links_out = tuple(str(p) for p in outside_links(content_dir, layout))
    return (str(content_dir.resolve()), layout, tuple(stamps), links_out)
