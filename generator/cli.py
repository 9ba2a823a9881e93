"""The `paper-archive` command line: a thin shell over the pipeline."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import click

from generator import archive, background, fetch, i18n, progress, redirects, site
from generator.model import Archive
from generator.pages import doc, home
from generator.pages.common import plural
from generator.search import files as search_files
from generator.tagging import commands as tag_commands
from generator.taxonomy import TaxonomyError

# The scripts, styles and KaTeX the pages use, in this project's theme folder.
ASSETS = Path(__file__).resolve().parent.parent / "overrides" / "assets"

CONTENT = click.option(
    "--content",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=Path("content"),
    show_default=True,
    help="The content folder: listings, taxonomy and hand-written pages.",
)


def load(content: Path, tracker: progress.Tracker | None = None) -> Archive:
    try:
        if tracker is None:
            return archive.load(content)
        with tracker.step("reading listings"):
            return archive.load(content)
    except (TaxonomyError, archive.ContentError) as error:
        raise click.ClickException(str(error)) from None
    except background.BackgroundError as error:  # the tagging worker failed
        raise click.ClickException(f"tagging failed: {error.summary}") from None


def tracker() -> progress.Tracker:
    """Progress on stderr (a bar on a terminal, a line every few seconds otherwise), so
    that stdout keeps only the command's own output."""
    return progress.Tracker(lambda line: click.echo(line, err=True))


def counts(result: Archive) -> dict[str, int]:
    return {
        "papers": len(result.papers),
        "merged": len(result.merges),
        "rejected": len(result.problems),
        "tags": len(result.tags),
    }


def accounting(result: Archive) -> list[str]:
    """The numbers of `check`: entries per file, papers, merged, rejected; they reconcile."""
    rejected_per_file: dict[str, int] = {}
    for problem in result.problems:
        rejected_per_file[problem.source.path] = rejected_per_file.get(problem.source.path, 0) + 1
    files = sorted(set(result.entries_per_file) | set(rejected_per_file))
    lines = ["Entries read per file:"]
    for path in files:
        read = result.entries_per_file.get(path, 0)
        rejected = rejected_per_file.get(path, 0)
        lines.append(f"  {path}: {plural(read, 'entry', 'entries')}, {rejected} rejected")
    accepted = result.entries_read
    lines += [
        f"Entries read: {accepted + len(result.problems)}"
        f" ({accepted} accepted, {len(result.problems)} rejected)",
        f"Papers: {len(result.papers)} ({accepted} accepted entries, {len(result.merges)} merged "
        "into a paper seen elsewhere"
        + (f", {len(result.hidden)} hidden by the curator)" if result.hidden else ")"),
        f"Tags: {len(result.tags)}",
        f"Untagged papers (no tag fits well enough): {sum(1 for p in result.papers if not p.tags)}",
    ]
    return lines


@click.group()
@click.version_option(package_name="paper-archive")
def main() -> None:
    """Turn paper listings into an archive of Markdown pages for MkDocs."""


@main.command()
@CONTENT
@click.option("-v", "--verbose", is_flag=True, help="Also list every merged entry.")
def check(content: Path, verbose: bool) -> None:
    """Validate the inputs and print the accounting; exit 1 if any entry was rejected.

    Example: paper-archive check --content content
    """
    steps = tracker()
    result = load(content, steps)
    for line in accounting(result):
        click.echo(line)
    for note in result.notes:  # e.g. papers recovered from Python-repr entries
        click.echo(f"note: {note}")
    if verbose:
        for merge in result.merges:
            click.echo(f"  merged: {merge}")
    for skipped in result.skipped:  # not read, and not an error: but never without a word
        click.echo(f"skipped: {skipped.source.path}: {skipped.reason}", err=True)
    for problem in result.problems:
        click.echo(f"rejected: {problem}", err=True)
    for line in steps.summary(counts(result)):
        click.echo(line, err=True)
    if result.problems:
        raise SystemExit(1)


@main.command()
@CONTENT
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write the Markdown tree to (it is replaced).",
)
@click.option("--per-page", default=site.Options.per_page, show_default=True, type=int)
@click.option("--newest", default=site.Options.newest, show_default=True, type=int)
@click.option(
    "--site-url",
    default="",
    help="The site's address; Atom feeds, citation URLs and heads.json need it.",
)
@click.option(
    "--language",
    default=i18n.DEFAULT,
    show_default=True,
    help="The pages' language, as Material's theme.language spells it (de, fr, zh, …).",
)
@click.option(
    "--assets",
    type=click.Path(file_okay=False, path_type=Path),
    default=ASSETS,
    show_default=True,
    help="The pages' scripts, styles and KaTeX (this project's overrides/assets), copied in.",
)
@click.option("--keep-going", is_flag=True, help="Write the tree even if entries were rejected.")
def generate(
    content: Path,
    out: Path,
    per_page: int,
    newest: int,
    site_url: str,
    language: str,
    assets: Path,
    keep_going: bool,
) -> None:
    """Write the complete docs tree (pages, copied hand-written files, archive.json.gz, feeds,
    .bib files) to a folder.

    Example: paper-archive generate --content content --out build/docs --site-url https://example.org/
    """
    steps = tracker()
    result = load(content, steps)
    for problem in result.problems:
        click.echo(f"rejected: {problem}", err=True)
    if result.problems and not keep_going:
        raise click.ClickException(
            f"{len(result.problems)} entries rejected; fix them or pass --keep-going"
        )
    labels, warning = i18n.load(language)
    if warning:
        click.echo(f"warning: {warning}", err=True)
    layout = archive.Layout()
    options = site.Options(per_page=per_page, newest=newest, site_url=site_url, labels=labels)
    tree: dict[str, str | bytes] = dict(site.navigation_pages(result, options))
    with steps.step("pages", total=len(site.page_paths(result, options))) as step:
        for page in site.pages(result, options):
            tree[page.path] = doc.markdown(page)
            step.advance()
    with steps.step("data files"):
        tree.update(site.data_files(result, options))
        tree[site.EXPORT_PATH] = b"".join(site.export_gzip(result))
    if out.exists():
        shutil.rmtree(out)
    for source in sorted(content.rglob("*")):
        relative = source.relative_to(content).as_posix()
        if not source.is_file() or layout.is_input(relative):
            continue
        if source.is_symlink() and content.resolve() not in source.resolve().parents:
            raise click.ClickException(
                f"{relative} is a symbolic link to a file outside {content}: refused"
            )
        if relative in tree:
            raise click.ClickException(f"{relative} is generated; remove it from {content}")
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.suffix == ".md":
            try:
                text = home.expand(
                    relative, source.read_text("utf-8"), result, newest, labels=labels
                )
            except ValueError as error:
                raise click.ClickException(str(error)) from None
            target.write_text(text, encoding="utf-8")
        else:
            shutil.copyfile(source, target)
    with steps.step("writing", total=len(tree)) as step:
        for path, data in tree.items():
            site.write(out, {path: data})
            step.advance()
    # Redirects as data for another builder (old URL to new, both relative to the site), and
    # as the pages themselves: any builder copies `papers/<old>/index.html` as it is.
    (out / "redirects.json").write_text(json.dumps(result.redirects, indent=1) + "\n", "utf-8")
    site.write(out, redirects.files(result.redirects))
    with steps.step("search index"):
        search = search_files.build(result)
        site.write(out, search)
    # Every script and style the pages name (the search page's, maths), so the tree publishes
    # as it is.
    if not assets.is_dir():
        raise click.ClickException(f"{assets}: no such folder (the project's overrides/assets)")
    shutil.copytree(assets, out / "assets", dirs_exist_ok=True)
    if site_url:
        # Each paper page's <head> tags (previews, citation tags), by page path.
        heads = json.dumps(site.heads(result, options), indent=1, ensure_ascii=False)
        (out / "heads.json").write_text(heads + "\n", "utf-8")
    click.echo(f"Wrote {len(tree)} generated files for {len(result.papers)} papers to {out}")
    written = {
        "pages written": sum(path.endswith(".md") for path in tree),
        "files written": len(tree) + len(search),
    }
    for line in steps.summary(counts(result) | written):
        click.echo(line, err=True)


@main.group(name="fetch")
def fetch_group() -> None:
    """Download new listings into content/listings/ (politely, never twice).

    Example: paper-archive fetch hf --date 2025-10-03
    """


RETRIES = click.option(
    "--retries", default=4, show_default=True, help="Retries after a failure, waiting 2, 4, 8… s."
)


def _client(delay: float, retries: int) -> fetch.Client:
    return fetch.Client(delay=delay, retries=retries)


REFETCH = click.option(
    "--refetch",
    is_flag=True,
    help="Download again what is already saved, and replace it (by an answer that parses; a "
    "day only by one with at least as many papers).",
)


def _report(saved: fetch.Saved) -> None:
    note = f": {saved.note}" if saved.note else ""
    if not saved.fetched:
        click.echo(f"kept {saved.path} (already there; --refetch downloads it again)")
    elif not saved.saved:
        click.echo(f"not saved {saved.path}{note}", err=saved.suspicious)
    else:
        click.echo(f"saved {saved.path} ({plural(saved.entries, 'entry', 'entries')}){note}")


@fetch_group.command(name="hf")
@CONTENT
@click.option(
    "--date",
    "first",
    type=click.DateTime(["%Y-%m-%d"]),
    required=True,
    help="The day, or the first day of a range.",
)
@click.option("--to", "last", type=click.DateTime(["%Y-%m-%d"]), help="The last day of a range.")
@click.option("--delay", default=1.0, show_default=True, help="Seconds between requests.")
@click.option("--base-url", default=fetch.HF, show_default=True, help="The Hugging Face address.")
@RETRIES
@REFETCH
def fetch_hf(
    content: Path,
    first: dt.datetime,
    last: dt.datetime | None,
    delay: float,
    base_url: str,
    retries: int,
    refetch: bool,
) -> None:
    """Hugging Face daily papers of a day or a range of days. A day saved before it was over
    is fetched again by the next run; --refetch fetches saved days again too. Exits 1 if a
    past weekday came back empty (nothing is saved for it).

    Example: paper-archive fetch hf --date 2025-10-03 --to 2025-10-05
    """
    client = _client(delay, retries)
    day, end = first.date(), (last or first).date()
    if end < day:
        raise click.BadParameter("--to is before --date")
    suspicious = []
    folder = content / "listings" / "hf-daily-papers-api"
    days = {day + dt.timedelta(days=n) for n in range((end - day).days + 1)}
    # Days saved before they were over are fetched again whatever the range, once over.
    days |= {dt.date.fromisoformat(d) for d in fetch.provisional_days(folder)}
    steps = tracker()
    fetched = kept = entries = 0
    with steps.step("days", total=len(days)) as step:
        for day in sorted(days):
            try:
                saved = fetch.hf_daily(client, day, folder, base_url, refetch=refetch)
            except fetch.FetchError as error:
                raise click.ClickException(str(error)) from None
            _report(saved)
            if saved.suspicious:
                suspicious.append(day.isoformat())
            written = saved.fetched and saved.saved
            fetched, kept = fetched + written, kept + (not saved.fetched)
            entries += saved.entries if written else 0
            step.advance()
    for line in steps.summary({"days saved": fetched, "already there": kept, "entries": entries}):
        click.echo(line, err=True)
    if suspicious:
        raise click.ClickException(
            f"empty answers for past weekdays {', '.join(suspicious)}: not saved; "
            "fetch them again later"
        )


@fetch_group.command(name="arxiv")
@CONTENT
@click.option(
    "--query", required=True, help="An arXiv API search_query, e.g. 'cat:cs.CL AND ti:alignment'."
)
@click.option("--max", "max_results", default=100, show_default=True, help="How many results.")
@click.option("--delay", default=3.0, show_default=True, help="Seconds between requests.")
@click.option("--base-url", default=fetch.ARXIV, show_default=True, help="The arXiv API address.")
@RETRIES
@REFETCH
def fetch_arxiv(
    content: Path,
    query: str,
    max_results: int,
    delay: float,
    base_url: str,
    retries: int,
    refetch: bool,
) -> None:
    """The newest results of an arXiv API search.

    Example: paper-archive fetch arxiv --query "cat:cs.CL AND ti:alignment" --max 50
    """
    try:
        _report(
            fetch.arxiv_query(
                _client(delay, retries),
                query,
                content / "listings" / "arxiv",
                max_results,
                base_url,
                refetch=refetch,
            )
        )
    except fetch.FetchError as error:
        raise click.ClickException(str(error)) from None


@main.group(name="tags", invoke_without_command=True)
@CONTENT
@click.option(
    "--borderline",
    default=5,
    show_default=True,
    help="Borderline papers listed per tag: those nearest its threshold.",
)
@click.pass_context
def tags_group(ctx: click.Context, content: Path, borderline: int) -> None:
    """Per tag: how many papers, and the borderline papers a curator should look at.

    Example: paper-archive tags --content content
    """
    if ctx.invoked_subcommand is not None:
        return
    try:
        lines = tag_commands.summary(content, archive.Layout(), borderline)
    except TaxonomyError as error:
        raise click.ClickException(str(error)) from None
    for line in lines:
        click.echo(line)


@tags_group.command(name="evaluate")
@click.argument("labels", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@CONTENT
@click.option(
    "--folds",
    default=5,
    show_default=True,
    type=click.IntRange(2, 100),
    help="Cross-validation folds, where the labelled papers are also examples it learns from.",
)
def tags_evaluate(labels: Path, content: Path, folds: int) -> None:
    """Precision and recall of the tags, per tag and overall, against a labels file (JSON
    Lines: id, title, abstract, tags).

    Example: paper-archive tags evaluate content/labels/tags-dev.jsonl
    """
    try:
        lines = tag_commands.evaluate(content, archive.Layout(), labels, folds)
    except TaxonomyError as error:
        raise click.ClickException(str(error)) from None
    for line in lines:
        click.echo(line)
