"""Paper identity: which entries are one paper. Title-only merges only when nothing disagrees
(fresh-11 item 5), transliterated names (item 7), every DOI of an entry as evidence (item 6),
bounded work on hostile files."""

from __future__ import annotations

import itertools
import json

import pytest

from generator import archive, identity
from generator.model import Entry, Paper
from generator.sources import arxiv_atom, arxiv_snapshot, bibtex, curator, daily_arxiv
from tests.conftest import FIXTURES, ROOT


def bib(text: str, path: str = "listings/x.bib") -> list[Entry]:
    result = bibtex.parse(text.encode(), path)
    assert result.problems == (), result.problems
    return list(result.entries)


def authors_of(papers: list[Paper]) -> list[tuple[str, ...]]:
    return sorted(p.authors for p in papers)


# Item 5: different papers with one title.

EVE_FINN = (
    "@article{eve2019, title = {Introduction}, author = {Editor, Eve},"
    " journal = {Journal A}, year = {2019}}\n"
    "@article{finn2019, title = {Introduction}, author = {Chief, Finn},"
    " journal = {Journal B}, year = {2019}}\n"
)
GUS_HAL = (
    "@article{gus2020, title = {Editorial}, author = {Gus, Gary},"
    " journal = {Journal C}, year = {2020}}\n"
    "@article{anon2023, title = {Editorial}, journal = {Journal D}, year = {2023}}\n"
    "@article{hal2023, title = {Editorial}, author = {Hal, Harry},"
    " journal = {Journal E}, year = {2023}}\n"
)


def test_same_title_same_year_different_authors_stay_apart() -> None:
    papers, merges = identity.merge(bib(EVE_FINN))
    assert authors_of(papers) == [("Eve Editor",), ("Finn Chief",)]
    assert merges == []
    assert len({p.key for p in papers}) == 2


def test_an_entry_without_authors_never_bridges_two_papers() -> None:
    papers, merges = identity.merge(bib(GUS_HAL))
    by_author = {p.authors: p for p in papers}
    assert sorted(by_author) == [("Gary Gus",), ("Harry Hal",)]
    gus, hal = by_author[("Gary Gus",)], by_author[("Harry Hal",)]
    assert (gus.venue, gus.published.year if gus.published else None) == ("Journal C", 2020)
    assert len(gus.sightings) == 1
    # The authorless 2023 editorial agrees with Hal's 2023 one only (2020 is too far).
    assert sorted(e.venue for e in hal.sightings) == ["Journal D", "Journal E"]
    assert merges == ["listings/x.bib:2: same paper as listings/x.bib:3"]


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_title_merges_do_not_depend_on_input_order(order: tuple[int, ...]) -> None:
    lines = GUS_HAL.splitlines()
    entries = bib("\n".join(lines[i] for i in order) + "\n")
    papers, _ = identity.merge(entries)
    assert sorted((p.authors, sorted(e.venue for e in p.sightings)) for p in papers) == [
        (("Gary Gus",), ["Journal C"]),
        (("Harry Hal",), ["Journal D", "Journal E"]),
    ]


def test_authorless_entry_joins_one_side_and_never_both() -> None:
    # Eve 2019, then an authorless 2019 editorial (it agrees with Eve), then Finn 2019:
    # Finn must agree with every entry of Eve's group, and Eve disagrees.
    entries = bib(
        "@article{eve, title = {Introduction}, author = {Editor, Eve},"
        " year = {2019}, month = jan}\n"
        "@article{anon, title = {Introduction}, year = {2019}, month = feb}\n"
        "@article{finn, title = {Introduction}, author = {Chief, Finn},"
        " year = {2019}, month = mar}\n"
    )
    papers, _ = identity.merge(entries)
    assert sorted((p.authors, len(p.sightings)) for p in papers) == [
        (("Eve Editor",), 2),
        (("Finn Chief",), 1),
    ]


def test_an_authorless_entry_fitting_two_papers_joins_neither() -> None:
    entries = bib(EVE_FINN + "@article{anon, title = {Introduction}, year = {2019}}\n")
    papers, merges = identity.merge(entries)
    assert sorted(p.authors for p in papers) == [(), ("Eve Editor",), ("Finn Chief",)]
    assert merges == []
    assert len({p.key for p in papers}) == 3  # every page has a key (and URL) of its own


def test_same_title_authorless_entries_of_distant_years_stay_apart() -> None:
    entries = bib(
        "@article{a, title = {Editorial}, year = {2019}}\n"
        "@article{b, title = {Editorial}, year = {2020}}\n"
        "@article{c, title = {Editorial}, year = {2024}}\n"
    )
    papers, _ = identity.merge(entries)
    assert sorted(len(p.sightings) for p in papers) == [1, 2]
    assert len({p.key for p in papers}) == 2


def test_same_title_merges_when_a_family_name_is_shared_or_one_side_is_unnamed() -> None:
    entries = bib(
        "@article{a, title = {Attention}, author = {Doe, Jane}, year = 2019}\n"
        "@article{b, title = {ATTENTION.}, author = {J. Doe and Roe, R.}, year = 2021}\n"
        "@article{c, title = {Attention}, year = 2020}\n"
        # Name words in the other order (family name first), as some sources write them.
        "@article{d, title = {Attention}, author = {{Doe Jane}}, year = 2021}\n"
    )
    papers, merges = identity.merge(entries)
    assert len(papers) == 1, [p.authors for p in papers]
    assert len(merges) == 3


def test_a_shared_first_name_is_not_a_shared_author() -> None:
    entries = bib(
        "@article{a, title = {Notes}, author = {Editor, Eve}, year = 2019}\n"
        "@article{b, title = {Notes}, author = {Chief, Eve}, year = 2019}\n"
    )
    assert len(identity.merge(entries)[0]) == 2


# Item 7: transliterated names.


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Müller", "Mueller"),
        ("Müller", "Muller"),
        ("Jörg", "Joerg"),
        ("Gödel", "Goedel"),
        ("Strauß", "Strauss"),
        ("Ørsted", "Oersted"),
        ("Bjørn", "Bjorn"),
        ("Ærø", "Aero"),
        ("François", "Francois"),
        ("Dvořák", "Dvorak"),
        ("Łukasz", "Lukasz"),
        ("MÜLLER", "müller"),
    ],
)
def test_name_spellings_fold_together(one: str, other: str) -> None:
    assert identity.fold_name(one) == identity.fold_name(other)


def test_different_names_stay_different() -> None:
    assert identity.fold_name("Müller") != identity.fold_name("Miller")
    assert identity.fold_name("Chen") != identity.fold_name("Chan")


def test_transliterated_author_merges_arxiv_row_and_journal_entry() -> None:
    row = {
        "id": "2301.04567",
        "abs": "https://arxiv.org/abs/2301.04567",
        "pdf": "https://arxiv.org/pdf/2301.04567",
        "authors": ["Joerg Mueller"],
        "title": "Sparse Widgets for Everyone",
        "categories": ["cs.LG"],
        "summary": "Widgets, sparsely.",
    }
    daily = daily_arxiv.parse(json.dumps(row).encode() + b"\n", "listings/2023-11-20.jsonl")
    assert daily.problems == ()
    (preprint,) = daily.entries
    journal = bib(
        '@article{mueller2024, title = {Sparse Widgets for Everyone}, author = {M{\\"u}ller,'
        ' J{\\"o}rg}, journal = {Journal of Widgets}, year = {2024}, doi = {10.1000/widgets}}\n'
    )
    papers, merges = identity.merge([preprint, *journal])
    (paper,) = papers
    assert (paper.arxiv_id, paper.doi) == ("2301.04567", "10.1000/widgets")
    assert len(merges) == 1


def test_transliteration_does_not_merge_different_people() -> None:
    entries = bib(
        "@article{a, title = {Sparse Widgets}, author = {Miller, Jorg}, year = {2023}}\n"
        '@article{b, title = {Sparse Widgets}, author = {M{\\"u}ller, J{\\"o}rg}, year = {2023}}\n'
    )
    assert len(identity.merge(entries)[0]) == 2


# Item 6: every DOI an entry gives is evidence.


def snapshot_row(doi: str) -> bytes:
    row = {
        "id": "2301.00001",
        "title": "Two DOI Snapshot Paper",
        "authors": "Ana Silva, Bo Chen",
        "abstract": "An abstract.",
        "categories": "cs.LG",
        "doi": doi,
        "versions": [{"version": "v1", "created": "Mon, 2 Jan 2023 10:00:00 GMT"}],
        "update_date": "2023-01-03",
    }
    return json.dumps(row).encode() + b"\n"


def test_snapshot_row_with_two_dois_is_one_paper_with_the_journal_entry() -> None:
    snapshot = arxiv_snapshot.parse(snapshot_row("10.1000/aaa 10.1000/bbb"), "listings/s.jsonl")
    assert snapshot.problems == ()
    (row,) = snapshot.entries
    assert (row.doi, row.other_dois) == ("10.1000/aaa", ("10.1000/bbb",))
    journal = bib(
        "@article{x, title={A Journal Title That Differs}, author={Silva, Ana and Chen, Bo},"
        " year={2024}, doi={10.1000/bbb}}\n"
    )
    papers, merges = identity.merge([row, *journal])
    (paper,) = papers
    assert paper.doi == "10.1000/aaa"  # the page's DOI is the source's first
    assert paper.arxiv_id == "2301.00001"
    assert len(merges) == 1


ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <id>http://arxiv.org/api/x</id>
  <entry>
    <id>http://arxiv.org/abs/2302.00002v1</id>
    <published>2023-02-01T00:00:00Z</published>
    <updated>2023-02-01T00:00:00Z</updated>
    <title>Two DOI Atom Paper</title>
    <summary>An abstract.</summary>
    <author><name>Ana Silva</name></author>
    {link}
    <arxiv:doi>{doi}</arxiv:doi>
  </entry>
</feed>
"""


@pytest.mark.parametrize(
    ("link", "doi", "first", "others"),
    [
        ("", "10.1000/ccc 10.1000/ddd", "10.1000/ccc", ("10.1000/ddd",)),
        ("", "10.1000/ccc, 10.1000/ddd", "10.1000/ccc", ("10.1000/ddd",)),
        (
            '<link title="doi" href="http://dx.doi.org/10.1000/ccc" rel="related"/>',
            "10.1000/ccc 10.1000/ddd",
            "10.1000/ccc",
            ("10.1000/ddd",),
        ),
    ],
)
def test_atom_entry_keeps_every_doi(link: str, doi: str, first: str, others: tuple[str]) -> None:
    result = arxiv_atom.parse(ATOM.replace("{link}", link).replace("{doi}", doi).encode(), "q.xml")
    assert result.problems == ()
    (entry,) = result.entries
    assert (entry.doi, entry.other_dois) == (first, others)
    journal = bib("@article{x, title={Elsewhere}, year={2024}, doi={10.1000/ddd}}\n")
    (paper,), _ = identity.merge([entry, *journal])
    assert (paper.arxiv_id, paper.doi) == ("2302.00002", "10.1000/ccc")


def test_curator_record_with_two_dois_names_either() -> None:
    result = curator.parse(b"doi: 10.1000/eee 10.1000/fff\nnote: Seen twice.\n", "curator.yml")
    assert result.problems == ()
    (record,) = result.entries
    assert (record.doi, record.other_dois) == ("10.1000/eee", ("10.1000/fff",))
    journal = bib("@article{x, title={Curated}, year={2024}, doi={10.1000/fff}}\n")
    (paper,), _ = identity.merge([record, *journal])
    assert paper.note == "Seen twice."


def test_disjoint_doi_sets_stay_apart_even_with_one_title() -> None:
    entries = bib(
        "@article{a, title={Same}, author={Silva, Ana}, year={2020}, doi={10.1000/a1 10.1000/a2}}\n"
        "@article{b, title={Same}, author={Silva, Ana}, year={2020}, doi={10.1000/b1}}\n"
    )
    assert len(identity.merge(entries)[0]) == 2


# Bounded work: one title, thousands of entries.


def test_one_title_many_entries_is_linear(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    agrees = identity.Profile.agrees

    def counted(self: identity.Profile, other: identity.Profile) -> bool:
        nonlocal calls
        calls += 1
        return agrees(self, other)

    monkeypatch.setattr(identity.Profile, "agrees", counted)
    n = 3000
    text = "".join(
        f"@article{{k{i}, title = {{Introduction}}, author = {{Writer{i}, A. and Smith, B.}},"
        f" year = {{{1900 + i % 100}}}}}\n"
        if i % 3
        else f"@article{{k{i}, title = {{Introduction}}, author = {{Person{i}, C.}}}}\n"
        for i in range(n)
    )
    papers, merges = identity.merge(bib(text))
    assert len(papers) + len(merges) == n
    assert len({p.key for p in papers}) == len(papers)
    bound = identity.MAX_TITLE_GROUPS * (identity.MAX_PROFILES + 1)
    assert calls <= n * bound


def test_sample_archive_merges_exactly_as_before() -> None:
    built = archive.load(ROOT / "content")
    assert (len(built.papers), len(built.merges)) == (449, 42)
    expected = (FIXTURES / "sample-merges.txt").read_text(encoding="utf-8").splitlines()
    assert list(built.merges) == expected
