"""The search index: equal to lunr.py's, stemmed as lunr.js stems, every term in its shard."""

from __future__ import annotations

import gzip
import json
import subprocess
import tempfile
import unicodedata
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from lunr.builder import Builder
from lunr.index import Index
from lunr.pipeline import Pipeline
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token

from generator import archive, gzipped
from generator.search import analysis, files, index, query, shards
from tests.conftest import FIXTURES, ROOT
from tests.search_cases import FINDS, TYPED

SAMPLE = archive.load(ROOT / "content")
DOCS = index.documents(SAMPLE)
INDEX = index.build(DOCS)
OUTPUT = shards.write(INDEX, DOCS, SAMPLE.tags, target=20_000)
MANIFEST = json.loads(OUTPUT.files[shards.MANIFEST])["config"]["paper_archive"]
LUNR = Index.load(index.to_lunr(INDEX, DOCS))
VOCABULARY = query.Vocabulary.of(INDEX.terms, INDEX.forms)


def _trimmer(token: Token, i: int | None = None, tokens: list[Token] | None = None) -> Token | None:
    token = token.update(lambda s, metadata=None: analysis.trim(s))
    return token if str(token) else None


def _stemmer(token: Token, i: int | None = None, tokens: list[Token] | None = None) -> Token:
    return token.update(lambda s, metadata=None: analysis.stem(s))


Pipeline.register_function(_trimmer, "paper_archive_trimmer")
Pipeline.register_function(_stemmer, "paper_archive_stemmer")


def test_fast_builder_equals_lunr_py_builder() -> None:
    """lunr.py's Builder given this project's words (its analysis is tested below): stop words
    dropped from titles and abstracts only (names keep theirs), every term stemmed."""
    builder = Builder()
    builder.pipeline.add(_trimmer, stop_word_filter, _stemmer)
    builder.pipeline.skip(stop_word_filter, ["author", "tag", "year", "id"])
    builder.ref("ref")
    for name, boost, _ in index.FIELDS:
        builder.field(name, boost=boost)
    for doc in DOCS:
        builder.add(
            {
                "ref": doc.ref,
                "title": analysis.tokens(doc.title),
                "abstract": analysis.tokens(doc.abstract),
                "author": analysis.tokens(" ".join(doc.authors)),
                "tag": list(doc.tags),
                "year": [doc.year],
                "id": list(doc.ids),
            }
        )
    reference = builder.build().serialize()
    ours = index.to_lunr(INDEX, DOCS)
    assert ours["invertedIndex"] == json.loads(json.dumps(reference["invertedIndex"]))
    assert ours["fieldVectors"] == reference["fieldVectors"]
    assert ours["fields"] == reference["fields"]
    assert sum(bool(d.ids) for d in DOCS) > 200


def lunr_js() -> bytes:
    """lunr.js 2.3.9 as MkDocs ships it: the stemmer this project's two copies must equal."""
    return (
        resources.files("mkdocs.contrib.search").joinpath("templates/search/lunr.js").read_bytes()
    )


def test_stemmer_is_lunr_js_stemmer_on_the_whole_vocabulary() -> None:
    """stemmer.py (the index's) and search-core.js's copy (the queries') stem as lunr.js does."""
    words = sorted(
        {analysis.trim(t) for p in SAMPLE.papers for t in analysis.tokens(p.title + p.abstract)}
        | {"surveys", "cry", "by", "say", "agreed", "hopping", "yelling", "über", "ab", "yyy"}
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lunr.js"
        path.write_bytes(lunr_js())
        result = subprocess.run(
            ["node", str(ROOT / "tests" / "tools" / "stem.js"), str(path)],
            input=json.dumps(words),
            capture_output=True,
            text=True,
            check=True,
        )
    lunr, core = json.loads(result.stdout)
    assert len(words) > 3000
    assert [(w, analysis.stem(w)) for w in words] == list(zip(words, lunr, strict=True))
    assert core == lunr


def test_every_term_is_in_the_one_shard_the_manifest_points_to() -> None:
    firsts = MANIFEST["shards"]
    assert firsts[0] == "" and len(firsts) == OUTPUT.shard_count > 1
    assert firsts == sorted(firsts, key=lambda t: t.encode("utf-16-be"))
    seen: list[str] = []
    for number in range(len(firsts)):
        entries = json.loads(gzip.decompress(OUTPUT.files[f"search/shards/{number}.json.gz"]))
        for entry in entries:
            term = entry[0]
            at = max(
                i for i, f in enumerate(firsts) if f.encode("utf-16-be") <= term.encode("utf-16-be")
            )
            assert at == number, term
            if len(entry) == 2:
                assert INDEX.forms[term] == entry[1] and entry[1] in INDEX.terms
            else:
                seen.append(term)
    assert sorted(seen) == sorted(INDEX.terms)


def test_the_version_changes_with_any_file() -> None:
    """Shard and doc URLs carry the manifest's version: a hash of every file's content."""
    fewer = shards.write(INDEX, DOCS[:-1], SAMPLE.tags, target=20_000).files
    other = json.loads(fewer[shards.MANIFEST])["config"]["paper_archive"]["version"]
    again = shards.write(INDEX, DOCS, SAMPLE.tags, target=20_000).files
    assert json.loads(again[shards.MANIFEST]) == json.loads(OUTPUT.files[shards.MANIFEST])
    assert other != MANIFEST["version"]


def stored_json(data: bytes) -> Any:
    """A shard's or doc bundle's JSON: the file is one gzip member (RFC 1952)."""
    assert data[:2] == b"\x1f\x8b", data[:16]
    return json.loads(gzip.decompress(data))


def bundle_number(path: str) -> int:
    return int(path.rsplit("/", 1)[1].removesuffix(shards.SUFFIX))


def test_shards_and_doc_bundles_are_stored_as_gzip_json() -> None:
    """Every search file but the manifest is gzip, and named so, of the JSON the engine reads:
    the doc bundles every paper's entry in ref order (the shards' terms are checked above); the
    manifest, which Material's UI fetches, is plain JSON."""
    stored = {p: d for p, d in OUTPUT.files.items() if p != shards.MANIFEST}
    assert len(stored) > 100 and all(p.endswith(".json.gz") for p in stored)
    assert MANIFEST["schema"] == 4 and OUTPUT.files[shards.MANIFEST].startswith(b'{"config"')
    bundles = sorted((p for p in stored if p.startswith(shards.DOC_DIR + "/")), key=bundle_number)
    assert [bundle_number(p) for p in bundles] == list(range(-(-len(DOCS) // shards.DOC_BUNDLE)))
    entries = [entry for path in bundles for entry in stored_json(stored[path])]
    assert [(e["t"], e["u"], e["d"], e["g"], e["a"], e.get("au", [])) for e in entries] == [
        (d.title, d.url, d.date, list(d.tags), d.abstract, list(d.authors)) for d in DOCS
    ]
    assert all(isinstance(stored_json(stored[p]), list) for p in stored)
    json_bytes = sum(len(gzip.decompress(data)) for data in stored.values())
    assert sum(len(data) for data in stored.values()) < 0.5 * json_bytes


def test_a_gzip_file_is_the_same_bytes_on_any_clock_and_platform() -> None:
    """As the standard library's gzip with no time, but for the OS byte, which zlib sets to the
    platform it was built for and `gzipped.compress` (GzipFile) to 255, unknown."""
    data = OUTPUT.files[shards.MANIFEST]
    member = gzipped.compress(data, gzipped.LEVEL)
    assert gzip.decompress(member) == data and member == gzipped.compress(data)
    assert member[:10] == b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    standard = gzip.compress(data, compresslevel=gzipped.LEVEL, mtime=0)
    assert member[:9] + member[10:] == standard[:9] + standard[10:]
    assert gzip.decompress(gzipped.compress(b"")) == b""
    # Streamed a chunk at a time, the same file.
    chunks = [data[i : i + 100] for i in range(0, len(data), 100)]
    assert b"".join(gzipped.stream(chunks)) == member


READ_JSON = """
const core = require(process.argv[1]);
const input = JSON.parse(require("fs").readFileSync(0, "utf8"));
const [member, text] = [Buffer.from(input.member, "hex"), Buffer.from(input.text, "utf8")];
(async () => {
  const out = [await core.readJSON(member), await core.readJSON(text)];
  delete globalThis.DecompressionStream;  // as in a browser without it
  out.push(await core.readJSON(text));
  out.push(await core.readJSON(member).then(() => "read", (error) => error.message));
  process.stdout.write(JSON.stringify(out));
})();
"""


def test_the_engine_reads_gzip_bytes_and_plain_json() -> None:
    """The worker's reader: gzip bytes decompressed, or the JSON as it is (a host that sends the
    files with `Content-Encoding: gzip` has the browser decompress them); without
    DecompressionStream, gzip bytes fail with an error that says why."""
    value = [{"t": "Müller’s 大语言模型", "g": ["a"]}, {"t": "x" * 5000}]
    text = json.dumps(value, ensure_ascii=False)
    core = ROOT / "overrides" / "assets" / "paper-archive" / "search-core.js"
    result = subprocess.run(
        ["node", "-e", READ_JSON, str(core)],
        input=json.dumps({"member": gzipped.compress(text.encode()).hex(), "text": text}),
        capture_output=True,
        text=True,
        check=True,
    )
    unpacked, plain, plain_without, gzip_without = json.loads(result.stdout)
    assert unpacked == plain == plain_without == value
    assert "no DecompressionStream" in gzip_without


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
    return query.search(LUNR, query.parse(text, typing), MANIFEST["years"], VOCABULARY, DOCS)


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


def test_a_stop_word_is_never_required_but_finds_names() -> None:
    named = [r["ref"] for r in run("the")]
    assert [DOCS[ref].authors[0] for ref in named] == ["The BABAR Collaboration"]
    assert {r["ref"] for r in run("the reward")} == {r["ref"] for r in run("reward")}
    # Also while it is typed: `Will` finds Will Smith before the space that ends it.
    assert run("the", typing=True) == run("the")


def test_a_short_word_being_typed_is_looked_for_as_a_whole_word() -> None:
    """`Li`, `He`: below 3 letters a typed word stands for no prefix, but for itself. Alone it
    finds what it finds with a space after it; after other words it ranks, never empties."""
    for name in ("Li", "He", "author:Li", "author:He"):
        found = run(name, typing=True)
        assert found and found == run(name + " ", typing=True), name
    assert all(
        "li" in {analysis.stem(w) for f in index.field_words(DOCS[r["ref"]]).values() for w in f}
        for r in run("Li", typing=True)
    )
    # No prefix expansion: `Li` does not find every `Lin`, `Liu`, `light`.
    assert len(run("Li", typing=True)) < len(run("Lig", typing=True) + run("Liu", typing=True))
    reward = {r["ref"] for r in run("reward")}
    assert {r["ref"] for r in run("reward m", typing=True)} == reward
    assert {r["ref"] for r in run("reward -m", typing=True)} == reward
    # After filters only, it is the one word searched: `tag:nlp Li` as `tag:nlp Li `.
    nlp_li = run("tag:nlp Li", typing=True)
    assert nlp_li and nlp_li == run("tag:nlp Li ", typing=True) != run("tag:nlp")
    he_li = run("He Li", typing=True)  # `He` a name that is a stop word, `Li` required
    assert he_li and {r["ref"] for r in he_li} == {r["ref"] for r in run("Li")}


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("year:2024-2025", {"2024", "2025"}),
        ("year:2024..2025", {"2024", "2025"}),
        ("year:2024–2025", {"2024", "2025"}),
        ("year:..2024", {y for y in {d.year for d in DOCS} if y <= "2024"}),
        ("year:2024..", {y for y in {d.year for d in DOCS} if y >= "2024"}),
    ],
)
def test_a_year_range_alone_lists_the_papers_of_its_years(text: str, years: set[str]) -> None:
    for typing in (False, True):
        found = [r["ref"] for r in run(text, typing)]
        assert found == sorted((d.ref for d in DOCS if d.year in years), reverse=True), text
    # With exclusions only, the range minus the excluded papers.
    without = {r["ref"] for r in run(text + " -model")}
    assert without == {r["ref"] for r in run(text)} - {r["ref"] for r in run("model")}


@pytest.mark.parametrize("text", ["", "   ", "-safety", "tag:", "sort:date", "title: "])
def test_queries_with_nothing_to_find_find_nothing(text: str) -> None:
    assert run(text) == [] and run(text, typing=True) == []


def test_typing_a_word_letter_by_letter_never_loses_its_papers() -> None:
    """`reinforcem` (term `reinforc`), `generat…`, `alignm…`: each prefix finds at least the papers
    of the whole word, and the whole word those of each of its forms."""
    for word in ("reinforcement", "reinforce", "generation", "generative", "alignment"):
        whole = {r["ref"] for r in run(word)}
        assert whole, word
        for end in range(query.PREFIX_MIN, len(word) + 1):
            typed = {r["ref"] for r in run(word[:end], typing=True)}
            assert typed >= whole, word[:end]
    assert {r["ref"] for r in run("reinforcem", typing=True)} >= {
        r["ref"] for r in run("reinforce") + run("reinforcement")
    }


def test_every_prefix_of_every_word_expands_to_its_term() -> None:
    """Over the whole sample vocabulary: a typed prefix of any word stands for that word's term."""
    words = {w for d in DOCS for f in index.field_words(d).values() for w in f}
    assert len(words) > 5000
    for word in words:
        if analysis.stem(word) not in INDEX.terms:
            continue  # a stop word outside names: it has no term
        for end in range(query.PREFIX_MIN, len(word) + 1):
            clause = query.Clause(word[:end], index.FIELD_NAMES, True, prefix=True)
            assert analysis.stem(word) in VOCABULARY.expand(clause), (word, end)


def test_the_fewest_forms_expand_prefixes_as_all_forms_do() -> None:
    words = {w for d in DOCS for f in index.field_words(d).values() for w in f}
    every = {w: analysis.stem(w) for w in words if analysis.needs_form(w, analysis.stem(w))}
    full = query.Vocabulary.of(INDEX.terms, every)
    assert len(INDEX.forms) < len(every)
    prefixes = {w[:end] for w in words for end in range(query.PREFIX_MIN, len(w) + 1)}
    for prefix in prefixes:
        clause = query.Clause(prefix, index.FIELD_NAMES, True, prefix=True)
        assert VOCABULARY.expand(clause) == full.expand(clause), prefix


# The fixture archive of what readers type (tests/fixtures/search/listings/search-cases.yml).
CASES = archive.load(FIXTURES / "search")
CASE_DOCS = index.documents(CASES)
CASE_INDEX = index.build(CASE_DOCS)
CASE_LUNR = Index.load(index.to_lunr(CASE_INDEX, CASE_DOCS))
CASE_VOCABULARY = query.Vocabulary.of(CASE_INDEX.terms, CASE_INDEX.forms)
CASE_YEARS = json.loads(shards.write(CASE_INDEX, CASE_DOCS, CASES.tags).files[shards.MANIFEST])[
    "config"
]["paper_archive"]["years"]


def run_cases(text: str, typing: bool = False) -> list[str]:
    parsed = query.parse(text, typing)
    found = query.search(CASE_LUNR, parsed, CASE_YEARS, CASE_VOCABULARY, CASE_DOCS)
    return [unicodedata.normalize("NFC", CASE_DOCS[r["ref"]].title) for r in found]


@pytest.mark.parametrize(("text", "title"), FINDS)
def test_what_readers_type_finds_the_paper(text: str, title: str) -> None:
    typing = text in TYPED
    found = run_cases(text, typing)
    assert title in found, found
    if query.identifier(text) or typing:
        assert found[0] == title, found


def test_a_phrase_matches_words_that_follow_each_other() -> None:
    assert set(run_cases("reward model")) >= {
        "Reward model ensembles",
        "Model-based reward shaping",
    }
    assert run_cases('"reward model"') == [
        "Reward model ensembles",
        "Direct Preference Optimization: Your Language Model is Secretly a Reward Model",
    ]
    assert run_cases('title:"reward shaping"') == ["Model-based reward shaping"]
    assert run_cases('"reward model') == run_cases("reward model", typing=True)  # not closed yet


def test_year_ranges_and_fields_read_forgivingly() -> None:
    all_2025 = run_cases("year:2025..2025 model")
    assert all_2025 and run_cases("year:2025-2025 model") == all_2025
    assert run_cases("YEAR:2024-2025 model") == all_2025
    assert run_cases("year:2026-2027 model") == []
    assert len(run_cases("year:2025-2025")) == len(CASE_DOCS) == len(run_cases("year:2025.."))
    assert run_cases("sort: date model") == run_cases("sort:date model")


def test_an_identifier_finds_its_paper_and_not_its_neighbours() -> None:
    assert run_cases("2601.04321") == ["Reinforcement learning from verifier feedback"]
    assert run_cases("2601.0432", typing=True) == ["Reinforcement learning from verifier feedback"]
    assert run_cases("2601.04322") == []
    sample = [DOCS[r["ref"]].title for r in run("arXiv:2510.02283")]
    assert sample and sample[0].startswith("Self-Forcing++")
    assert query.identifier("https://arxiv.org/abs/hep-th/9901001v3") == "hep-th/9901001"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Müller Mu\u0308ller MÜLLER", ["muller", "muller", "muller"]),
        (
            "GPT\u20114o long\u2013context a\u2014b x\u2010y",
            ["gpt", "4o", "long", "context", "a", "b", "x", "y"],
        ),
        ("HumanEval/MBPP", ["humaneval", "mbpp"]),
        ("Google’s Google's", ["google", "google"]),
        (
            "Koll\\'ar K\\\"{a}hler {\\o}stergaard Erd\\H{o}s \\ss",
            ["kollar", "kahler", "ostergaard", "erdos", "ss"],
        ),
        ("ﬁne-tuning Ｆｕｌｌ", ["fine", "tuning", "full"]),
        ("大语言模型", ["大语", "语言", "言模", "模型"]),
        ("日本語のGPT", ["日本", "本語", "語の", "gpt"]),
        ("2510.02283v2, (e.g.)", ["2510.02283v2", "e.g"]),
    ],
)
def test_text_is_read_as_readers_type_it(text: str, words: list[str]) -> None:
    assert analysis.tokens(text) == words


def test_the_browser_analyses_text_as_python_does() -> None:
    texts = [d.title + " " + d.abstract + " " + " ".join(d.authors) for d in DOCS + CASE_DOCS]
    texts += ["Koll\\'ar {\\O}rsted \\AA{}ngstr\\\"om", "Ｃａｆé ﬂow Σίσυφος ÆSIR Łódź straße"]
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "tools" / "analyse.js")],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == [analysis.tokens(t) for t in texts]


def engine_results(files_of: dict[str, bytes], queries: list[tuple[str, bool]]) -> list[Any]:
    """The worker's engine (search-core.js, in Node) over these search files."""
    with tempfile.TemporaryDirectory() as tmp:
        for path, data in files_of.items():
            (Path(tmp) / path).parent.mkdir(parents=True, exist_ok=True)
            (Path(tmp) / path).write_bytes(data)
        result = subprocess.run(
            ["node", str(ROOT / "tests" / "tools" / "query.js")],
            input=json.dumps({"site": tmp, "queries": queries}),
            capture_output=True,
            text=True,
            check=True,
        )
    found: list[Any] = json.loads(result.stdout)
    return found


def test_the_worker_engine_ranks_as_lunr_py_on_what_readers_type() -> None:
    """Every query of these tests, and every prefix of words typed letter by letter: the same
    results, scores and order from the worker's engine as from lunr.py."""
    typed = [
        (word[:end], True)
        for word in ("reinforcement", "generation", "alignment", "Müller", "2601.04321")
        for end in range(1, len(word) + 1)
    ]
    queries = [(text, typing) for text, _ in FINDS for typing in (False, True)] + typed
    queries += [('"reward model"', False), ('title:"reward shaping"', False), ("He He", True)]
    queries += [("year:2025-2025 model", True), ("the reward", True), ("sort: date model", True)]
    queries += [("Jo Li", True), ("He Li", True), ("generation b", True), ("generation -b", True)]
    queries += [("year:2025..", True), ("year:..2025 -model", False), ("year:2026..", True)]
    site = files.build(CASES, shard_bytes=2_000)
    expected = [
        {
            "total": len(
                found := query.search(
                    CASE_LUNR, query.parse(t, typing), CASE_YEARS, CASE_VOCABULARY, CASE_DOCS
                )
            ),
            "refs": [[r["ref"], r["score"]] for r in found],
        }
        for t, typing in queries
    ]
    assert engine_results(site, queries) == expected
    assert sum(bool(e["refs"]) for e in expected) > len(queries) * 0.8


def test_the_worker_engine_ranks_as_lunr_py_on_the_sample() -> None:
    typed = [
        (w[:end], True)
        for w in ("reinforcement", "generative", "survey")
        for end in range(3, len(w) + 1)
    ]
    queries = [
        *typed,
        ("alignment", True),
        ("reward model", True),
        ("reward model ", True),
        ("title:survey", True),
        ("tag:safety jailbreak", True),
        ("multimodal sort:date", True),
        ("the", False),
        ("arXiv:2510.02283", True),
        ('"language model"', False),
        ("year:2024-2025 reward", True),
        ("Li", True),
        ("He", True),
        ("reward m", True),
        ("tag:nlp Li", True),
        ("year:2024 He", True),
        ("year:2024-2025", True),
        ("year:..2024", False),
        ("year:2024.. -model", True),
    ]
    expected = [
        {"total": len(found := run(t, typing)), "refs": [[r["ref"], r["score"]] for r in found]}
        for t, typing in queries
    ]
    assert engine_results(OUTPUT.files, queries) == expected


def test_weights_round_as_lunr_py() -> None:
    """Weights in thousandths, rounded as lunr.py rounds them (Python's decimal rounding),
    where numpy's rounding could part from it: scores a hair either side of a half-thousandth,
    and a spread of others."""
    halves = np.array([(q + 0.5) / 1000 for q in range(0, 5_000_000, 997)])
    scores = np.concatenate(
        [
            halves,
            np.nextafter(halves, 0),
            np.nextafter(halves, np.inf),
            halves * (1 + 1e-15),
            halves * (1 - 1e-15),
            np.random.default_rng(7).uniform(0, 3000, 100_000),
        ]
    )
    expected = [round(round(score, 3) * 1000) for score in scores.tolist()]
    assert index.thousandths(scores).tolist() == expected


def test_array_sizes_change_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The postings and shards are the same whatever the chunks the arrays are worked on in,
    and with 8-byte sort keys (what an archive of many terms and papers needs)."""
    monkeypatch.setattr(index, "CHUNK", 7)
    monkeypatch.setattr(index, "DOC_BLOCK", 3)
    monkeypatch.setattr(index, "KEY_LIMIT", 0)
    monkeypatch.setattr(shards, "BLOCK", 5)
    again = index.build(DOCS)
    assert again.terms == INDEX.terms and again.forms == INDEX.forms
    for name in index.FIELD_NAMES:
        for part in ("starts", "refs", "weights"):
            assert (
                getattr(again.fields[name], part).tolist()
                == getattr(INDEX.fields[name], part).tolist()
            )
    assert shards.write(again, DOCS, SAMPLE.tags, target=20_000) == OUTPUT


def test_empty_archive_index() -> None:
    empty = index.build([])
    assert empty.terms == {} and empty.doc_count == 0
    assert list(shards.write(empty, [], []).files) == [shards.MANIFEST]


def test_documents_made_when_asked_are_the_documents() -> None:
    """The build's search files make each paper's document when needed: the same documents,
    and the same files, as from the list of them."""
    lazy = index.Documents(SAMPLE.papers)
    assert len(lazy) == len(DOCS) and list(lazy) == DOCS
    assert lazy[0] == DOCS[0] and lazy[-1] == DOCS[-1] and lazy[3:7] == DOCS[3:7]
    assert files.build(SAMPLE, 20_000) == OUTPUT.files
