"""Papers per second of every parser, on inputs made large from the real samples.

.venv/bin/python -m benchmarks.parsers
"""

from __future__ import annotations

import json
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks import synthetic
from generator.model import ParseResult
from generator.sources import arxiv_atom, arxiv_snapshot, bibtex, curator, hf_api, hf_dump

SAMPLES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "samples"
COPIES = 100


def inputs() -> dict[str, tuple[Callable[[bytes, str], ParseResult], bytes, str]]:
    daily = json.loads((SAMPLES / "hf-daily-papers-api" / "2025-10-03.json").read_bytes())
    atom = (SAMPLES / "arxiv-atom" / "arxiv_api_query_all-science_2019-08-10.xml").read_text()
    head, _, rest = atom.partition("<entry>")
    body, _, tail = ("<entry>" + rest).rpartition("</entry>")
    snapshot = (
        SAMPLES / "arxiv-metadata-snapshot" / "arxiv-metadata-oai-snapshot.sample.jsonl"
    ).read_bytes()
    bib = (SAMPLES / "bibtex" / "srush_do-we-need-attention_anthology.bib").read_text()
    bibs = "".join(re.sub(r"@(\w+)\{([^,]+),", rf"@\1{{\2-{i},", bib) for i in range(COPIES))
    with tempfile.TemporaryDirectory() as tmp:
        synthetic.generate(5_000, Path(tmp) / "content")
        days = sorted((Path(tmp) / "content" / "listings").glob("*.txt"))
        # One long page: the first day's header, then every day's date line and papers.
        dump = days[0].read_bytes() + b"".join(
            b"\n\n" + p.read_bytes().split(b"research community\n\n", 1)[1] for p in days[1:]
        )
    records = "".join(
        f"- {{arxiv: '2501.{i:05d}', note: 'checked', tags: [+alignment]}}\n" for i in range(10_000)
    )
    return {
        "Hugging Face daily API": (
            hf_api.parse_daily,
            json.dumps(daily * COPIES).encode(),
            "2025-10-03.json",
        ),
        "arXiv Atom": (
            arxiv_atom.parse,
            (head + (body + "</entry>") * COPIES + tail).encode(),
            "q.xml",
        ),
        "arXiv snapshot": (arxiv_snapshot.parse, snapshot * COPIES, "s.jsonl"),
        "BibTeX": (bibtex.parse, bibs.encode(), "refs.bib"),
        "Daily Papers dump": (hf_dump.parse, dump, "hf-daily-papers-2025-01-02.txt"),
        "curator YAML": (curator.parse, records.encode(), "curated.yml"),
    }


def main() -> None:
    print("| parser | papers | seconds | papers/s |\n| --- | ---: | ---: | ---: |")
    for name, (parse, data, path) in inputs().items():
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            result = parse(data, path)
            best = min(best, time.perf_counter() - start)
        assert not result.problems, result.problems[:1]
        count = len(result.entries)
        print(f"| {name} | {count:,} | {best:.2f} | {count / best:,.0f} |")


if __name__ == "__main__":
    main()
