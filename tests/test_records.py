"""Identity and merging, permalinks, links in abstracts, tags: the records pages are made of."""

from __future__ import annotations

import datetime as dt
import random
import re
from pathlib import Path

import pytest

from generator import archive, identity, links, slugs, taxonomy
from generator.model import Entry, Paper, SourceRef
from generator.tagging.tagger import assign_tags
from tests.conftest import ROOT

SAMPLE = archive.read_listings(ROOT / "content", archive.Layout())
TAXONOMY = (ROOT / "content" / "taxonomy.yml").read_text("utf-8")


def entry(title: str, day: int = 1, abstract: str = "An abstract.", line: int = 1) -> Entry:
    return Entry(title, abstract, dt.date(2025, 3, day), "Listing", SourceRef("l.txt", line))


SEEDS = {path: data for path, data in SAMPLE.items() if "hf-daily-papers-alignment" in path}


def test_the_seed_dumps_are_91_papers_from_117_entries() -> None:
    result = archive.build(SEEDS, TAXONOMY, "taxonomy.yml")
    assert (result.entries_read, len(result.papers), len(result.merges)) == (117, 91, 26)
    assert result.problems == []
    merged = [p for p in result.papers if len(p.sightings) == 2]
    assert len(merged) == 26
    assert all(
        [s.listed_on for s in p.sightings] == [dt.date(2025, 3, 11), dt.date(2025, 10, 1)]
        for p in merged
    )


def test_the_sample_holds_every_format_and_reconciles() -> None:
    result = archive.build(SAMPLE, TAXONOMY, "taxonomy.yml")
    assert result.problems == []
    assert (result.entries_read, len(result.papers), len(result.merges)) == (491, 449, 42)
    kinds = {entry.kind for paper in result.papers for entry in paper.sightings}
    assert kinds == {"hf-dump", "hf-api", "arxiv", "bibtex", "curator"}
    assert {path.rsplit(".", 1)[1] for path in SAMPLE} == {
        "txt",
        "json",
        "jsonl",
        "xml",
        "bib",
        "yml",
    }
    # One paper seen in three formats is one page that names all its sightings.
    (forcing,) = [p for p in result.papers if p.arxiv_id == "2510.02283"]
    assert {e.kind for e in forcing.sightings} == {"hf-api", "hf-dump", "curator"}


def test_archive_does_not_depend_on_input_order() -> None:
    reference = archive.build(SAMPLE, TAXONOMY, "taxonomy.yml")
    paths = sorted(SAMPLE)
    orders = [paths[::-1], paths[7:] + paths[:7]]
    for seed in range(4):
        shuffled_paths = list(paths)
        random.Random(seed).shuffle(shuffled_paths)
        orders.append(shuffled_paths)
    for order in orders:
        shuffled = archive.build({k: SAMPLE[k] for k in order}, TAXONOMY, "taxonomy.yml")
        assert [(p.slug, p.title, p.sightings) for p in shuffled.papers] == [
            (p.slug, p.title, p.sightings) for p in reference.papers
        ]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Alignment for Honesty", "alignment for honesty"),
        ("DPO: Direct Preference", "DPO – Direct  Preference"),
        ("Ｆｕｌｌｗｉｄｔｈ Title", "Fullwidth Title"),
    ],
)
def test_titles_that_differ_only_in_form_are_one_paper(a: str, b: str) -> None:
    papers, merges = identity.merge([entry(a, 1), entry(b, 2, line=2)])
    assert len(papers) == 1 and len(merges) == 1
    assert papers[0].title == b  # the newest listing's text wins


def test_merge_says_when_abstracts_differ() -> None:
    _, merges = identity.merge([entry("T", 1, "Old."), entry("T", 2, "New.", line=9)])
    assert merges == [
        "l.txt:1: same paper as l.txt:9 (its abstract differs; the one from l.txt:9 is kept)"
    ]


def paper(title: str, day: int = 1) -> Paper:
    e = entry(title, day)
    return Paper(key=identity.identity_key(e), title=title, abstract="", sightings=(e,))


def test_slugs_come_from_titles() -> None:
    papers = [paper("M2R2: Mixture of Multi-Rate Residuals"), paper("√ ∑ ∞"), paper("!!!")]
    slugs.assign_slugs(papers)
    assert [p.slug for p in papers] == [
        "m2r2-mixture-of-multi-rate-residuals",
        "paper",
        "paper-" + slugs.short_hash(papers[2].key),
    ]


def test_slug_collisions_resolve_by_age_and_never_by_input_order() -> None:
    older, newer = paper("Attention!", day=1), paper("Attention?", day=2)
    for order in ([older, newer], [newer, older]):
        for p in order:
            p.slug = ""
        slugs.assign_slugs(list(order))
        assert older.slug == "attention"
        assert newer.slug == f"attention-{slugs.short_hash(newer.key)}"


def test_long_titles_make_bounded_slugs() -> None:
    p = paper("word " * 60)
    slugs.assign_slugs([p])
    assert len(p.slug) <= slugs.MAX_SLUG_LENGTH and not p.slug.endswith("-")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "at https://github.com/naver-ai/CLIP4DM.",
            [("code", "https://github.com/naver-ai/CLIP4DM")],
        ),
        ("https://github.com/yeruimeng/WTS.git.", [("code", "https://github.com/yeruimeng/WTS")]),
        ("(see https://mm-rlhf.github.io).", [("project", "https://mm-rlhf.github.io")]),
        (
            "https://github.com/GAIR-NLP/alignment-for-honesty, and",
            [("code", "https://github.com/GAIR-NLP/alignment-for-honesty")],
        ),
        (
            "https://huggingface.co/spaces/PKU-Alignment/ProgressGym-LeaderBoard",
            [("space", "https://huggingface.co/spaces/PKU-Alignment/ProgressGym-LeaderBoard")],
        ),
        (
            "https://huggingface.co/PKU-Baichuan-MLSystemLab/Llama3-PBM-Nova-70B.",
            [("model", "https://huggingface.co/PKU-Baichuan-MLSystemLab/Llama3-PBM-Nova-70B")],
        ),
        (
            "https://huggingface.co/datasets/a/b;",
            [("dataset", "https://huggingface.co/datasets/a/b")],
        ),
        ("https://huggingface.co/THUDM.", [("other", "https://huggingface.co/THUDM")]),
        (
            "https://en.wikipedia.org/wiki/Foo_(bar).",
            [("project", "https://en.wikipedia.org/wiki/Foo_(bar)")],
        ),
        ("twice https://a.org/x and https://a.org/x.", [("project", "https://a.org/x")]),
        ("no link, just http:// and ftp://x.org", []),
    ],
)
def test_links_in_abstracts(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(link.kind, link.url) for link in links.extract(text)] == expected


def test_tags_match_whole_words_in_the_chosen_fields() -> None:
    rules = taxonomy.load(
        "tags:\n"
        "  - {name: Safety, keywords: [red teaming]}\n"
        "  - {name: Surveys, keywords: [survey], fields: [title]}\n"
        "  - {name: RL, patterns: ['\\bRL(HF|AIF)?\\b']}\n",
        "taxonomy.yml",
    )
    p = Paper("k", "A Survey of RLHF", "Red-teaming; red teaming.", (entry("A Survey"),))
    q = Paper("q", "Other", "A survey of RLHFs.", (entry("Other"),))
    assign_tags([p, q], rules)
    assert [t.name for t in p.tags] == ["Safety", "Surveys", "RL"]
    assert [t.name for t in q.tags] == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("tags: [\n", "taxonomy.yml:2: not valid YAML"),
        ("- a\n", "taxonomy.yml:1: expected a mapping with a 'tags' list"),
        (
            "tags:\n  - {name: A}\n",
            "taxonomy.yml:2: tag 'A': give at least one keyword, pattern or category",
        ),
        (
            "tags:\n  - {keywords: [a]}\n",
            "taxonomy.yml:2: tags[0].name: expected a non-empty string",
        ),
        (
            "tags:\n  - {name: A, patterns: ['(']}\n",
            "taxonomy.yml:2: tag 'A': pattern '(' is invalid",
        ),
        (
            "tags:\n  - {name: A, keywords: [a]}\n  - {name: a, keywords: [b]}\n",
            "taxonomy.yml:3: tag 'a': slug 'a' is already used on line 2",
        ),
        (
            "tags:\n  - {name: A, keyword: [a]}\n",
            "taxonomy.yml:2: tags[0]: unknown field(s) keyword",
        ),
        (
            "tags:\n  - {name: A, keywords: [a], fields: [body]}\n",
            "taxonomy.yml:2: tag 'A': fields must be a list drawn from",
        ),
        (
            "tags:\n  - {name: A, slug: 'Not A Slug', keywords: [a]}\n",
            "taxonomy.yml:2: tag 'A': slug 'Not A Slug' must be lowercase words joined by '-'",
        ),
    ],
)
def test_taxonomy_errors_name_file_line_and_field(text: str, message: str) -> None:
    with pytest.raises(taxonomy.TaxonomyError) as error:
        taxonomy.load(text, "taxonomy.yml")
    assert str(error.value).startswith(message)


def test_a_missing_taxonomy_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(taxonomy.TaxonomyError, match=r"taxonomy\.yml: no taxonomy file"):
        archive.load(tmp_path)


def test_unknown_listing_formats_are_reported() -> None:
    result = archive.build({"listings/notes.docx": b"x"}, TAXONOMY, "taxonomy.yml")
    [problem] = result.problems
    assert str(problem).startswith(
        "listings/notes.docx:1: unknown listing format: expected a Hugging Face Daily Papers text"
    )


@pytest.mark.parametrize(
    ("keyword", "text", "expected"),
    [
        ("low rank", "a low-rank adapter", True),
        ("text to image", "Text-to-Image models", True),
        ("CLIP", "we use CLIP4DM here", False),
        ("CLIP", "(CLIP).", True),
        ("C++", "written in C++ and Rust", True),
        ("C++", "written in C and Rust", False),
        ("self instruct", "Self-Instruct data", True),
    ],
)
def test_the_word_set_prefilter_never_changes_a_match(
    keyword: str, text: str, expected: bool
) -> None:
    [rule] = taxonomy.load(f"tags:\n  - name: T\n    keywords: [{keyword!r}]\n", "t.yml")
    plain = re.search(taxonomy.keyword_pattern(keyword), text, re.IGNORECASE) is not None
    [k] = rule.keywords
    lower = text.lower()
    assert (k.count(lower, taxonomy.word_counts(lower)) > 0) is plain is expected
