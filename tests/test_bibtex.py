"""BibTeX and LaTeX read through bibtexparser 2 and pylatexenc: the field cases, other instances
of each kind, identifiers, bounds, and BibTeX written by the pages read back to the same fields."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator import archive, citations, identity, maths
from generator.model import ET_AL, Entry, Paper, ParseResult, SourceRef
from generator.sources import bibtex, detect, latex
from tests.conftest import FIXTURES, ROOT

CASES = FIXTURES / "field-cases" / "real-inputs"


def read(name: str) -> ParseResult:
    path = CASES / name
    return detect.parse(f"listings/{path.name}", path.read_bytes())


def bib(text: str) -> ParseResult:
    return bibtex.parse(text.encode(), "listings/x.bib")


def one(text: str) -> Entry:
    result = bib(text)
    assert result.problems == (), result.problems
    (entry,) = result.entries
    return entry


# The field cases, each with its right value.


def test_text_commands_are_not_glued_to_their_argument() -> None:
    (entry,) = read("bibtex-text-commands.bib").entries
    assert entry.title == (
        "Genome Assemblies of Blue Mussels: North European Mytilus edulis and Mytilus "
        "trossulus with MusselNet"
    )
    assert (entry.authors, entry.venue) == (("Ana Rivera",), "bioRxiv")  # biblatex journaltitle
    assert (entry.published, entry.published_precision) == (dt.date(2022, 1, 1), "year")


def test_paren_maths_keeps_its_braces_like_dollar_maths() -> None:
    omega, sorting = read("bibtex-paren-maths.bib").entries
    assert omega.title == "$\\omega$-rewriting the Toy Problem"
    assert sorting.title == "Sorting in \\(\\mathcal{O}(n \\log n)\\) Comparisons"
    assert sorting.abstract == (
        "We prove a lower bound of \\(\\Omega(\\sqrt{n})\\) and an upper bound of "
        "$\\mathcal{O}(\\sqrt{n})$."
    )


def test_biblatex_date_without_year() -> None:
    tiny, panda = read("biblatex-date-no-year.bib").entries
    assert (tiny.published, tiny.published_precision) == (dt.date(2023, 5, 17), "day")
    assert tiny.arxiv_id == "2305.01234"  # eprint with eprinttype = {arXiv}
    assert tiny.title == "Tiny Transformers for Tabular Data"
    assert (panda.published, panda.published_precision) == (dt.date(2021, 2, 1), "month")
    assert panda.authors == ("Panda Labs",) and panda.corporate_authors == ("Panda Labs",)


def test_month_from_a_concatenated_string() -> None:
    may, december = read("bibtex-month-day-range.bib").entries
    assert (may.published, may.published_precision) == (dt.date(2019, 5, 1), "month")
    assert (december.published, december.published_precision) == (dt.date(2019, 12, 1), "month")
    assert may.authors == ("Jane Doe", "Richard Roe")


def test_von_last_jr_first() -> None:
    (entry,) = read("bibtex-jr-name.bib").entries
    assert entry.authors == ("P. T. Costa Jr.", "R. R. McCrae")
    assert (entry.published, entry.published_precision) == (dt.date(2013, 1, 1), "year")


def test_unterminated_comment_keeps_what_came_before() -> None:
    result = read("bibtex-unterminated-comment.bib")
    assert [e.title for e in result.entries] == ["A Good Entry"]
    assert [str(p) for p in result.problems] == [
        "listings/bibtex-unterminated-comment.bib:6: @comment: not closed before the end of "
        "the file"
    ]


def test_same_title_different_papers_stay_apart() -> None:
    entries = read("same-title-different-papers.bib").entries
    papers, merges = identity.merge(entries)
    assert sorted((p.title, p.authors) for p in papers) == [
        ("Deep Learning", ("Ada Example", "Ben Sample")),
        ("Deep learning.", ("Cy Other", "Dee Person")),
        ("EDITORIAL", ("Finn Chief",)),
        ("Editorial", ("Eve Editor",)),
    ]
    assert merges == []


def test_arxiv_atom_tex_accents_decoded_maths_kept() -> None:
    (entry,) = read("atom-tex-accents/query.xml").entries
    assert entry.title == "$L^2$ estimates on Kähler manifolds with Lévy-type noise"
    assert entry.abstract == "We prove $L^2$ estimates on complete Kähler manifolds."


@pytest.mark.parametrize("path", sorted(CASES.rglob("*.*")), ids=lambda p: p.name)
def test_every_field_case_reads_without_a_traceback(path: Path) -> None:
    result = detect.parse(f"listings/{path.name}", path.read_bytes())
    assert result.entries or result.problems  # an arXiv API error entry is all problem
    for entry in result.entries:
        text = "".join(s for s, is_maths in maths.split(entry.title) if not is_maths)
        assert entry.title and "\\" not in text and "{" not in text, entry.title
    assert all(str(p).startswith(f"listings/{path.name}:") for p in result.problems)


# Other instances of each kind.


LATEX_CASES = [
    (r"\textbf{Bold} and \textsf{Sans} and \texttt{Mono} \textup{Up}", "Bold and Sans and Mono Up"),
    (r"\textsuperscript{th} 10\textsuperscript{2} H\textsubscript{2}O", "th 10² H₂O"),
    (r"\url{https://example.org/a_b}", "https://example.org/a_b"),
    (r"\href{https://example.org}{the site}", "the site"),
    (r"{\"a} \"{a} \"a \'{e} \`{e} \^{o} \~{n} \c{c}", "ä ä ä é è ô ñ ç"),
    (r"\v{s} \H{o} \u{g} \k{a} \r{a} \'\i{} \c c", "š ő ğ ą å í ç"),
    (r"\ss{} {\o} \O{} \ae{} \AE{} \oe{} \l{} \L{} \aa{} \AA{} \i{}", "ß ø Ø æ Æ œ ł Ł å Å ı"),
    (r"Stra\ss e", "Straße"),  # a space ends a command's name and is gone
    (r"pages 1--18, a---b, 9~May", "pages 1–18, a—b, 9 May"),
    (r"50\% \& \#1 \_x \$5", "50% & #1 _x $5"),
    (r"``quoted'' {\it italic} {\em emph} {\bf bold}", "“quoted” italic emph bold"),
    (r"\mkbibemph{X} \NoCaseChange{DNA} \enquote{Q} \textfoo{Y}", "X DNA “Q” Y"),
    (r"\ourMethod is new; \ourMethod{} too", r"\ourMethod is new; \ourMethod{} too"),
    (r"\unknown{arg}", r"\unknown{arg}"),
    (r"\LaTeX\ and \TeX", "LaTeX and TeX"),
    (r"{M}ixture-of-{E}xperts 90% R&D", "Mixture-of-Experts 90% R&D"),
    (r"$x_{i}^{2}$ and \(\mathcal{O}(n)\)", r"$x_{i}^{2}$ and \(\mathcal{O}(n)\)"),
    (r"$$\sum_i$$ \[y\] $\{a\}$", r"$$\sum_i$$ \[y\] $\{a\}$"),
]


@pytest.mark.parametrize(("tex", "text"), LATEX_CASES)
def test_latex_to_unicode_other_instances(tex: str, text: str) -> None:
    assert latex.to_text(tex) == text


def test_prose_keeps_typed_dashes_and_tildes() -> None:
    assert latex.to_text(r"D0 --> K- at ~10% Schr\"{o}dinger", prose=True) == (
        "D0 --> K- at ~10% Schrödinger"
    )


def test_braces_nested_past_the_bound_are_refused() -> None:
    with pytest.raises(latex.LatexError, match="nested more than 64 deep"):
        latex.to_text("{" * 5000 + "x" + "}" * 5000)
    result = bib("@article{k, title = {" + "{" * 5000 + "x" + "}" * 5000 + "}, year = 2020}")
    assert result.entries == ()
    assert [str(p) for p in result.problems] == [
        "listings/x.bib:1: @article entry: braces nested more than 64 deep"
    ]


@pytest.mark.parametrize(
    ("month", "published", "precision"),
    [
        ("jan", dt.date(2020, 1, 1), "month"),
        ("{January}", dt.date(2020, 1, 1), "month"),
        ('"5--9 " # jun', dt.date(2020, 6, 1), "month"),
        ('"Sept."', dt.date(2020, 9, 1), "month"),
        ("{10}", dt.date(2020, 10, 1), "month"),
        ("11", dt.date(2020, 11, 1), "month"),
        ("{Spring}", dt.date(2020, 1, 1), "year"),
        ('aug # "~3"', dt.date(2020, 8, 1), "month"),
    ],
)
def test_month_forms(month: str, published: dt.date, precision: str) -> None:
    entry = one(f"@article{{k, title = {{T}}, year = 2020, month = {month}}}")
    assert (entry.published, entry.published_precision) == (published, precision)


def test_day_and_date_forms() -> None:
    day = one("@article{k, title = {T}, year = 2020, month = mar, day = 7}")
    assert (day.published, day.published_precision) == (dt.date(2020, 3, 7), "day")
    ranged = one("@online{k, title = {T}, date = {2021-02-03/2021-02-05}}")
    assert (ranged.published, ranged.published_precision) == (dt.date(2021, 2, 3), "day")
    year = one("@online{k, title = {T}, date = {1999}}")
    assert (year.published, year.published_precision) == (dt.date(1999, 1, 1), "year")
    bad = bib("@online{k, title = {T}, date = {2021-02-30}}")
    assert [str(p) for p in bad.problems] == [
        "listings/x.bib:1: @online entry: date '2021-02-30': day is out of range for month"
    ]


@pytest.mark.parametrize(
    ("author", "names"),
    [
        ("Costa, Jr., P. T. and McCrae, R. R.", ("P. T. Costa Jr.", "R. R. McCrae")),
        ("van der Berg, Jan and Ludwig van Beethoven", ("Jan van der Berg", "Ludwig van Beethoven"),
        ),
        ("Smith, Jr, John", ("John Smith Jr",)),
        ("R{\\'e}, Christopher and M\\\"{u}ller, J.", ("Christopher Ré", "J. Müller")),
        ("Jean-Claude {Van Damme}", ("Jean-Claude Van Damme",)),
        ("{{Open Science Collaboration}}", ("Open Science Collaboration",)),
        ("{Barnes and Noble} and Doe, Jane", ("Barnes and Noble", "Jane Doe")),
        ("Doe, Jane and others", ("Jane Doe", ET_AL)),
        ("Doe, Jane AND Roe, R.", ("Jane Doe", "R. Roe")),
    ],
)  # fmt: skip
def test_name_forms(author: str, names: tuple[str, ...]) -> None:
    assert one(f"@article{{k, title = {{T}}, author = {{{author}}}, year = 2020}}").authors == names


def test_a_key_without_its_comma_is_reported() -> None:
    result = bib("@article{doe2020\n  author = {Doe, Jane},\n  title = {T},\n  year = 2020\n}\n")
    assert result.entries == ()
    assert [str(p) for p in result.problems] == [
        "listings/x.bib:1: @article entry: entry key not followed by a comma (found `=`): "
        "no field is read (reading stopped at line 2)"
    ]


def test_dblp_arxiv_entries() -> None:
    eprint = one(
        "@article{DBLP:journals/corr/abs-2305-01234, title = {T}, journal = {CoRR},"
        " volume = {abs/2305.01234}, year = {2023}, eprinttype = {arXiv},"
        " eprint = {2305.01234}, doi = {10.48550/arXiv.2305.01234}}"
    )
    assert (eprint.arxiv_id, eprint.doi, eprint.venue) == ("2305.01234", "", "")
    volume = one(
        "@article{k, title = {T}, journal = {CoRR}, volume = {abs/1501.05039}, year = 2015}"
    )
    assert volume.arxiv_id == "1501.05039"
    doi = one("@misc{k, title = {T}, doi = {10.48550/ARXIV.2111.00396}, year = 2021}")
    assert doi.arxiv_id == "2111.00396"
    note = one("@misc{k, title = {T}, note = {arXiv:2104.05678}, year = 2021}")
    assert note.arxiv_id == "2104.05678"
    old = one(
        "@misc{k, title = {T}, eprint = {hep-th/9901001}, archivePrefix = {arXiv}, year = 1999}"
    )
    assert old.arxiv_id == "hep-th/9901001"


@pytest.mark.parametrize(
    ("field", "doi", "others"),
    [
        (r"10.1000/abc\_def", "10.1000/abc_def", ()),
        (r"10.1000/abc{\_}def", "10.1000/abc_def", ()),
        ("https://doi.org/10.1000/ABC%23def", "10.1000/ABC#def", ()),  # the case as given
        ("10.1000/one, 10.1000/two", "10.1000/one", ("10.1000/two",)),
        ("10.1000/one;10.1000/two 10.1000/three", "10.1000/one", ("10.1000/two", "10.1000/three")),
    ],
)
def test_doi_forms(field: str, doi: str, others: tuple[str, ...]) -> None:
    entry = one(f"@article{{k, title = {{T}}, doi = {{{field}}}, year = 2020}}")
    assert (entry.doi, entry.other_dois) == (doi, others)


def test_several_dois_are_one_paper() -> None:
    alone = bib("@article{a, title = {T}, doi = {10.1000/one, 10.1000/two}, year = 2020}").entries
    assert [p.doi for p in identity.merge(alone)[0]] == ["10.1000/one"]
    entries = bib(
        "@article{a, title = {First Title}, doi = {10.1000/one, 10.1000/two}, year = 2020}\n"
        "@article{b, title = {Another Title}, doi = {10.1000/two}, year = 2020}\n"
        "@article{c, title = {Third Title}, doi = {10.1000/one}, year = 2020}\n"
    ).entries
    papers, merges = identity.merge(entries)
    assert len(papers) == 1
    assert merges == [
        "listings/x.bib:1: same paper as listings/x.bib:3",
        "listings/x.bib:2: same paper as listings/x.bib:3",
    ]


@pytest.mark.parametrize(
    ("doi", "url"),
    [
        ("10.1000/abc#def", "https://doi.org/10.1000/abc%23def"),
        ('10.1000/a b"c?d%e', "https://doi.org/10.1000/a%20b%22c%3Fd%25e"),
        ("10.1000/<x>{y}^[z]`|\\+", "https://doi.org/10.1000/%3Cx%3E%7By%7D%5E%5Bz%5D%60%7C%5C%2B"),
        ("10.1002/(sici)1097-4571;2-c", "https://doi.org/10.1002/(sici)1097-4571;2-c"),
        ("10.1000/été", "https://doi.org/10.1000/%C3%A9t%C3%A9"),
    ],
)
def test_doi_links_follow_the_handbooks_encoding(doi: str, url: str) -> None:
    assert identity.doi_url(doi) == url


def test_same_title_merges_when_authors_or_years_agree() -> None:
    entries = bib(
        "@article{a, title = {Attention}, author = {Doe, Jane}, year = 2019}\n"
        "@article{b, title = {ATTENTION.}, author = {J. Doe and Roe, R.}, year = 2021}\n"
        "@article{c, title = {Attention}, author = {Other, Olga}, year = 2019}\n"
        "@article{d, title = {Attention}, year = 2030}\n"
    ).entries
    papers, _ = identity.merge(entries)
    # A shared author merges; a shared year alone does not (Olga Other's is another paper),
    # nor does an authorless entry of a distant year (tests/test_identity.py has the rule).
    assert sorted(len(p.sightings) for p in papers) == [1, 1, 2]


# Bounds.


def bomb(levels: int) -> str:
    lines = ['@string{a0 = "xxxxxxxxxxxxxxxx"}']
    lines += [f"@string{{a{i} = a{i - 1} # a{i - 1}}}" for i in range(1, levels)]
    return "\n".join([*lines, f"@article{{k, title = a{levels - 1}, year = 2020}}", ""])


def test_string_macro_bomb_is_refused_with_file_and_line() -> None:
    text = bomb(40)  # 2^39 copies of 16 characters if expanded
    assert len(text) < 1200
    result = bib(text)
    assert result.entries == ()
    assert [str(p) for p in result.problems] == [
        f"listings/x.bib:14: @string entry: a value longer than {bibtex.MAX_VALUE:,} characters;"
        " the rest of the file is not read"
    ]


def test_macro_expansion_is_bounded_by_the_files_size() -> None:
    big = "x" * 90_000
    text = f'@string{{big = "{big}"}}\n' + "".join(
        f"@misc{{k{i}, title = big, year = 2020}}\n" for i in range(200)
    )
    result = bib(text)
    assert 0 < len(result.entries) < 200
    budget = max(bibtex.MIN_BUDGET, bibtex.EXPANSION_FACTOR * len(text))
    assert len(result.entries) * len(big) <= budget
    (problem,) = result.problems
    assert "expand the file past 16 times its size" in problem.reason


# The BibTeX the pages write reads back to the same fields.


def test_written_bibtex_reads_back_for_every_sample_paper() -> None:
    built = archive.load(ROOT / "content")
    keys = citations.keys(built.papers)
    assert len(built.papers) == 449
    days = 0
    for paper in built.papers:
        written = citations.bibtex(paper, keys[paper.key], "https://example.org/p/")
        result = bibtex.parse(written.encode(), "cite.bib")
        assert result.problems == (), (written, result.problems)
        (entry,) = result.entries
        assert entry.title == paper.title, written
        assert entry.authors == paper.authors, written
        assert entry.arxiv_id == paper.arxiv_id and entry.doi == paper.doi, written
        assert entry.venue == paper.venue, written
        # The date with its precision: a day is written as biblatex's `date` too.
        assert (entry.published, entry.published_precision) == citations.publication_date(paper), (
            written
        )
        assert entry.entry_type == citations._kind(paper), written
        days += precision_of(paper) == "day"
    assert days > 100  # the day case is really exercised


def precision_of(paper: Paper) -> str:
    return citations.publication_date(paper)[1]


def test_written_bibtex_keeps_organisations_others_and_suffixes() -> None:
    entries = bib(
        "@article{osc, title = {Estimating the reproducibility of $\\psi$ science},"
        " author = {{Open Science Collaboration} and Costa, Jr., P. T. and others},"
        " doi = {10.1126/science.aac4716}, journal = {Science}, year = 2015}"
    ).entries
    (paper,), _ = identity.merge(entries)
    written = citations.bibtex(paper, "osc2015", "")
    assert "author = {{Open Science Collaboration} and Costa, Jr., P. T. and others}" in written
    (entry,) = bibtex.parse(written.encode(), "cite.bib").entries
    assert entry.authors == ("Open Science Collaboration", "P. T. Costa Jr.", ET_AL)
    assert entry.corporate_authors == ("Open Science Collaboration",)
    assert entry.title == paper.title and entry.doi == paper.doi
    assert "AU  - et al." not in citations.ris(paper, "")


def test_problem_lines_point_into_the_file() -> None:
    text = "@article{a, title = {A}, year = 2020}\n\n@article{b,\n  title = undefinedmacro,\n}\n"
    result = bib(text)
    assert [e.title for e in result.entries] == ["A"]
    assert [str(p) for p in result.problems] == [
        "listings/x.bib:3: @article entry: undefined @string macro 'undefinedmacro' (line 4)"
    ]
    assert result.problems[0].source == SourceRef("listings/x.bib", 3)


def test_papers_kept_apart_have_keys_and_cite_keys_of_their_own() -> None:
    papers, _ = identity.merge(read("same-title-different-papers.bib").entries)
    assert len({p.key for p in papers}) == 4
    keys = citations.keys(papers)
    by_title = {p.title: keys[p.key] for p in papers}
    assert by_title["Editorial"] == "editor2019editorial"
    assert by_title["EDITORIAL"] == "chief2023editorial"
    (costa,), _ = identity.merge(read("bibtex-jr-name.bib").entries)
    assert citations.base_key(costa) == "costa2013personality"
    papers, _ = identity.merge(read("biblatex-date-no-year.bib").entries)
    assert {citations.base_key(p) for p in papers} == {"rivera2023tiny", "pandalabs2021panda"}


def test_other_instances_file() -> None:
    path = FIXTURES / "bibtex-kinds" / "more-kinds.bib"
    result = detect.parse("listings/more-kinds.bib", path.read_bytes())
    assert result.problems == ()
    osc, attention, dblp, sharp, zotero = result.entries
    assert (osc.authors, osc.corporate_authors) == (("Open Science Collaboration",),) * 2
    assert (osc.published, osc.published_precision) == (dt.date(2015, 8, 1), "month")
    assert attention.authors == ("Ashish Vaswani", "Noam Shazeer", ET_AL)
    assert attention.venue == "Advances in Neural Information Processing Systems"  # @string
    assert attention.published == dt.date(2017, 12, 1)
    assert (dblp.arxiv_id, dblp.doi, dblp.venue) == ("2104.05678", "", "")
    assert dblp.title == "$L^2$ estimates on Kähler manifolds with Lévy-type noise"
    assert sharp.title == "Sharp bounds for Sat with 100% & code_names"
    assert sharp.authors == ("Gabriel García Márquez", "Jürgen François", "Uwe Straßer")
    assert (sharp.doi, sharp.other_dois) == ("10.1000/abc_def", ("10.1000/second_doi",))
    assert zotero.title == "Superscripts like x² and H₂O, and “quotes”"
    assert (zotero.published, zotero.published_precision) == (dt.date(2024, 3, 1), "month")
    assert zotero.doi == "10.1000/with#hash"


# Volumes and books (fresh-11 item 1): a book is a publication; a volume's date goes only to
# its parts.


def test_a_book_is_a_paper_and_gives_its_year_to_nobody() -> None:
    result = bib(
        "@book{goodfellow2016, title = {Deep Learning}, author = {Goodfellow, Ian and Bengio,"
        " Yoshua}, publisher = {MIT Press}, year = {2016}}\n"
        "@misc{undated, title = {An Undated Blog Post}, author = {Blog, Ger},"
        " url = {https://example.org/post}}\n"
    )
    book, post = result.entries
    assert (book.title, book.entry_type, book.published) == (
        "Deep Learning",
        "book",
        dt.date(2016, 1, 1),
    )
    assert (post.published, post.venue) == (None, "")
    assert result.notes == ()


@pytest.mark.parametrize("kind", ["book", "collection", "mvbook", "mvcollection"])
def test_a_crossrefd_book_is_a_volume_for_its_parts_only(kind: str) -> None:
    result = bib(
        f"@{kind}{{vol, title = {{Big Book}}, year = 2020, month = may}}\n"
        "@incollection{a, title = {A Chapter}, crossref = {vol}}\n"
        "@incollection{b, title = {B Chapter}, crossref = {vol}, year = 2021}\n"
        "@misc{c, title = {Unrelated}}\n"
    )
    a, b, c = result.entries
    assert (a.published, a.published_precision, a.venue) == (
        dt.date(2020, 5, 1),
        "month",
        "Big Book",
    )
    assert (b.published, b.published_precision, b.venue) == (
        dt.date(2021, 1, 1),
        "year",
        "Big Book",
    )
    assert (c.published, c.venue) == (None, "")
    assert [str(n) for n in result.notes] == [
        f"listings/x.bib:1: @{kind} vol: a volume, not a paper (no page)"
    ]


def test_a_proceedings_file_dates_its_inproceedings_not_other_entries() -> None:
    result = bib(
        "@proceedings{icml, booktitle = {Proc. ICML}, year = 2023, published = {2023-07-03}}\n"
        "@inproceedings{a, title = {A}}\n"
        "@article{b, title = {B}}\n"
    )
    a, b = result.entries
    assert (a.published, a.published_precision, a.venue) == (
        dt.date(2023, 7, 3),
        "day",
        "Proc. ICML",
    )
    assert (b.published, b.venue) == (None, "")
    assert len(result.notes) == 1


# Bad values are never dropped without a word (fresh-11 item 12).


def test_values_that_cannot_be_read_are_said() -> None:
    result = bib(
        "@misc{c, title = {C}, year = 2019,\n doi = {not a doi}, month = 13}\n"
        "@misc{z, title = {Z}, year = 2019, month = {0}}\n"
    )
    c, _ = result.entries
    assert (c.doi, c.published, c.published_precision) == ("", dt.date(2019, 1, 1), "year")
    assert [str(n) for n in result.notes] == [
        "listings/x.bib:1: doi 'not a doi' is not a DOI (10.prefix/suffix): not kept",
        "listings/x.bib:1: month '13' is not a month: the date is only the year",
        "listings/x.bib:3: month '0' is not a month: the date is only the year",
    ]


@pytest.mark.parametrize("year", ["2019a", "2019--2020", "MMXIX", "19"])
def test_an_unreadable_year_is_refused_for_what_it_is(year: str) -> None:
    result = bib(f"@misc{{d, title = {{D}}, year = {{{year}}}}}")
    assert result.entries == ()
    assert [str(p) for p in result.problems] == [
        f"listings/x.bib:1: @misc entry: year '{year}' is not a year (four digits)"
    ]


# The Cite block keeps the source's entry type (fresh-11 item 9) and the day (item 11).


@pytest.mark.parametrize(
    ("kind", "venue_field", "ris_type", "ris_venue"),
    [
        ("inproceedings", "booktitle", "CONF", "T2"),
        ("incollection", "booktitle", "CHAP", "T2"),
        ("book", "journal", "BOOK", "JO"),
        ("phdthesis", "journal", "THES", "JO"),
        ("techreport", "journal", "RPRT", "JO"),
        ("misc", "journal", "GEN", "JO"),
        ("article", "journal", "JOUR", "JO"),
    ],
)
def test_cite_block_keeps_the_entry_type(
    kind: str, venue_field: str, ris_type: str, ris_venue: str
) -> None:
    field = "booktitle" if venue_field == "booktitle" else "journal"
    entries = bib(
        f"@{kind}{{k, title = {{T}}, author = {{Doe, Jane}}, {field} = {{Proc. X}},"
        " date = {2023-05-17}}"
    ).entries
    (paper,), _ = identity.merge(entries)
    written = citations.bibtex(paper, "doe2023t", "")
    assert written.startswith(f"@{kind}{{doe2023t,")
    assert f"  {venue_field} = {{Proc. X}}" in written
    assert "  date = {2023-05-17}" in written and "  month = may" in written
    ris = citations.ris(paper, "")
    assert f"TY  - {ris_type}\n" in ris and f"{ris_venue}  - Proc. X\n" in ris
    (back,) = bibtex.parse(written.encode(), "cite.bib").entries
    assert (back.entry_type, back.venue, back.published, back.published_precision) == (
        kind,
        "Proc. X",
        dt.date(2023, 5, 17),
        "day",
    )


def test_cite_block_of_a_day_from_year_month_day_fields() -> None:
    entries = bib("@article{k, title = {T}, year = 2020, month = feb, day = 29}").entries
    (paper,), _ = identity.merge(entries)
    written = citations.bibtex(paper, "k", "")
    assert "  year = {2020},\n  month = feb,\n  date = {2020-02-29}" in written


# LaTeX commands followed by an empty group (fresh-11 item 2): never text deleted.
EMPTY_GROUP_COMMANDS = [
    (
        r"Fewer Than 10 \textless{} Parameters: {{Models}} \textgreater{} Baselines with"
        r" \textbar{}x\textbar{} and \textalpha{}-Decay",
        "Fewer Than 10 < Parameters: Models > Baselines with |x| and α-Decay",
    ),
    (r"\textquotedbl{}quoted\textquotedbl{}", '"quoted"'),
    (r"\textbraceleft{}x\textbraceright{}", "{x}"),
    (r"snake\textunderscore{}case", "snake_case"),
    (r"x\^{}2", "x^2"),
    (r"\~{}user", "~user"),
    (r"a\'{}b", "a´b"),
    (r"\textperiodcentered{}", "·"),
    (r"\textalpha x and \textbeta", "αx and β"),
    (r"\textOmega{}-model", "Ω-model"),
    (r"\mbox{BERT} and \hbox{GPT}", "BERT and GPT"),
    (r"{\relax Ch}ristensen", "Christensen"),
    (r"\S{}3 \copyright{} 2020 \pounds{}5", "§3 © 2020 £5"),
    (r"\textdagger{} \textpm{}1 \texttimes{} 2", "† ±1 × 2"),
    (r"\textfoo{bar}", "bar"),  # an unknown text command keeps its argument
    (r"\textfoo{} x", r"\textfoo{} x"),  # and, with none, is kept as written
    (r"\foo{x}", r"\foo{x}"),
    (r"\ourMethod{} wins", r"\ourMethod{} wins"),
    (r"\textbf{} \emph{}x", "x"),  # a known command with nothing in it prints nothing
]


@pytest.mark.parametrize(("tex", "text"), EMPTY_GROUP_COMMANDS)
def test_commands_with_an_empty_group_keep_their_text(tex: str, text: str) -> None:
    assert latex.to_text(tex) == text


def test_letters_typed_as_commands_stay_in_their_word_in_prose() -> None:
    assert latex.to_text(r"\o re and Stra\ss e", prose=True) == "øre and Straße"
    assert latex.to_text(r"x^\mu (with \mu = 0", prose=True) == "x^μ (with μ = 0"
    assert latex.to_text(r"a\textunderscore{}b and S_{BH}", prose=True) == "a_b and S_{BH}"


def test_name_with_relax_and_page_with_empty_group_commands() -> None:
    entry = one(
        "@article{k, title = {Fewer Than 10 \\textless{} Parameters \\textgreater{} \\mbox{BERT}},"
        " author = {{\\relax Ch}ristensen, K.}, year = 2020}"
    )
    assert entry.title == "Fewer Than 10 < Parameters > BERT"
    assert entry.authors == ("K. Christensen",)
    (paper,), _ = identity.merge([entry])
    (back,) = bibtex.parse(citations.bibtex(paper, "k", "").encode(), "c.bib").entries
    assert back.title == entry.title


def test_a_huge_entry_type_is_shown_short_in_the_message() -> None:
    # Found by test_hostile_property: the type of an entry whose key has no comma was quoted
    # whole (5,000 digits).
    text = "@" + "9" * 5000 + "string{v = {Venue}}\n@article{k, title={T}, year={2021}}\n"
    result = bibtex.parse(text.encode(), "listings/x.bib")
    assert result.problems and all(len(p.reason) < 200 for p in result.problems)
    assert result.problems[0].reason.startswith("@" + "9" * 60 + "…")
