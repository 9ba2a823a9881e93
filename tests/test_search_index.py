"""The search index: equal to lunr.py's, stemmed as lunr.js stems, every term in its shard."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
from lunr.builder import Builder
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token

from generator import archive
from generator.search import analysis, files, index, query, shards
from tests.conftest import ROOT

SAMPLE = archive.load(ROOT / "content")
DOCS = index.documents(SAMPLE)
INDEX = index.build(DOCS)
OUTPUT = shards.write(INDEX, DOCS, SAMPLE.tags, target=20_000)
MANIFEST = json.loads(OUTPUT.files[shards.MANIFEST])["config"]["paper_archive"]
LUNR = Index.load(index.to_lunr(INDEX, DOCS))


def _trimmer(token: Token, i: int | None = None, tokens: list[Token] | None = None) -> Token | None:
    token = token.update(lambda s, metadata=None: analysis.trim(s))
    return token if str(token) else None


def _stemmer(token: Token, i: int | None = None, tokens: list[Token] | None = None) -> Token:
    return token.update(lambda s, metadata=None: analysis.stem(s))


Pipeline.register_function(_trimmer, "paper_archive_trimmer")
Pipeline.register_function(_stemmer, "paper_archive_stemmer")


def test_fast_builder_equals_lunr_py_builder() -> None:
    builder = Builder()
    builder.pipeline.add(_trimmer, stop_word_filter, _stemmer)
    builder.ref("ref")
    for name, boost, _ in index.FIELDS:
        builder.field(name, boost=boost)
    for doc in DOCS:
        builder.add(
            {
                "ref": doc.ref,
                "title": doc.title,
                "abstract": doc.abstract,
                "author": " ".join(doc.authors),
                "tag": list(doc.tags),
                "year": [doc.year],
            }
        )
    reference = builder.build().serialize()
    ours = index.to_lunr(INDEX, DOCS)
    assert ours["invertedIndex"] == json.loads(json.dumps(reference["invertedIndex"]))
    assert ours["fieldVectors"] == reference["fieldVectors"]
    assert ours["fields"] == reference["fields"]


def test_stemmer_is_lunr_js_stemmer_on_the_whole_vocabulary() -> None:
    words = sorted(
        {analysis.trim(t) for p in SAMPLE.papers for t in analysis.tokens(p.title + p.abstract)}
        | {"surveys", "cry", "by", "say", "agreed", "hopping", "yelling", "über", "ab", "yyy"}
    )
    with tempfile.TemporaryDirectory() as tmp:
        lunr_js = Path(tmp) / "lunr.js"
        lunr_js.write_bytes(files.lunr_js())
        result = subprocess.run(
            ["node", str(ROOT / "tests" / "tools" / "stem.js"), str(lunr_js)],
            input=json.dumps(words),
            capture_output=True,
            text=True,
            check=True,
        )
    js = json.loads(result.stdout)
    assert len(words) > 3000
    assert [(w, analysis.stem(w)) for w in words] == list(zip(words, js, strict=True))


def test_every_term_is_in_the_one_shard_the_manifest_points_to() -> None:
    firsts = [first for first, _ in MANIFEST["shards"]]
    assert firsts[0] == "" and len(firsts) == OUTPUT.shard_count > 1
    assert firsts == sorted(firsts, key=lambda t: t.encode("utf-16-be"))
    seen: list[str] = []
    for number, (_, name) in enumerate(MANIFEST["shards"]):
        entries = json.loads(OUTPUT.files["search/" + name])
        for entry in entries:
            term = entry[0]
            at = max(
                i for i, f in enumerate(firsts) if f.encode("utf-16-be") <= term.encode("utf-16-be")
            )
            assert at == number, term
            seen.append(term)
    assert sorted(seen) == sorted(INDEX.postings)


def test_shard_files_are_named_by_their_content() -> None:
    for _, name in MANIFEST["shards"]:
        data = OUTPUT.files["search/" + name]
        assert name == f"shards/{shards.digest(data)}.json"


def test_a_year_is_a_contiguous_range_of_refs() -> None:
    assert [d.year for d in DOCS] == sorted(d.year for d in DOCS)
    years = {str(d.year) for d in DOCS}
    assert len(years) > 10  # the sample spans decades: arXiv snapshot, BibTeX, the API
    assert MANIFEST["years"] == {
        year: [
            min(d.ref for d in DOCS if str(d.year) == year),
            max(d.ref for d in DOCS if str(d.year) == year),
        ]
        for year in years
    }


def titles(results: list[dict[str, Any]]) -> list[str]:
    return [DOCS[r["ref"]].title for r in results]


def run(text: str, typing: bool = False) -> list[dict[str, Any]]:
    return query.search(LUNR, query.parse(text, typing), MANIFEST["years"])


def test_every_word_must_match() -> None:
    both = run("reward honest")
    assert both and all(
        "reward" in (d := DOCS[r["ref"]].title + DOCS[r["ref"]].abstract).lower()
        and "honest" in d.lower()
        for r in both
    )
    assert len(both) < len(run("reward"))


def test_fielded_queries() -> None:
    assert all("survey" in t.lower() for t in titles(run("title:survey")))
    tagged = {d.ref for d in DOCS if "surveys" in d.tags}
    assert {r["ref"] for r in run("tag:surveys")} == tagged
    assert run("tag:preference-optimization") and all(
        "preference-optimization" in DOCS[r["ref"]].tags for r in run("tag:preference-optimization")
    )
    assert len(run("year:2025")) == sum(d.year == "2025" for d in DOCS) > 100
    assert run("year:1984") == []


def test_exclusion_year_range_and_sort() -> None:
    with_safety = {r["ref"] for r in run("diffusion")}
    without = {r["ref"] for r in run("diffusion -safety")}
    assert without < with_safety
    assert run("honesty year:..2024") == [] and run("honesty year:2025..") == run("honesty")
    by_date = run("multimodal sort:date")
    assert [r["ref"] for r in by_date] == sorted((r["ref"] for r in by_date), reverse=True)


def test_the_word_being_typed_matches_as_a_prefix() -> None:
    typed = {r["ref"] for r in run("surv", typing=True)}
    assert typed >= {r["ref"] for r in run("survey")} != set()
    assert run("surv", typing=False) == []
    # A whole word being typed still finds its other forms (models -> model, modelling).
    assert {r["ref"] for r in run("models", typing=True)} == {r["ref"] for r in run("model")}


@pytest.mark.parametrize("text", ["", "   ", "the", "-safety", "tag:", "sort:date"])
def test_queries_with_nothing_to_find_find_nothing(text: str) -> None:
    assert run(text) == [] and run(text, typing=True) == []
