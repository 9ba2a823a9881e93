"""`paper-archive check` on 1 MB hostile inputs of every format: time and peak memory.

.venv/bin/python -m benchmarks.hostile [--size BYTES] [--only FORMAT]   (default 1,000,000)

For each listing format it writes inputs of about `--size` bytes built to hurt a reader (deep
nesting, huge numbers, alias bombs, runs of `\\(` or `)`, broken escapes, catastrophic
taxonomy patterns, …) and, as the baseline in the same run, a valid listing of the same size;
each is checked alone in a fresh process (`paper-archive check`), which reports its wall time
and peak resident memory. Results go to benchmarks/results/hostile.md and hostile.json.
"""

from __future__ import annotations

import argparse
import codecs
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
TAXONOMY = (ROOT / "content" / "taxonomy.yml").read_text("utf-8")

# Run in the child: `check` as the command line runs it, then its own time and peak memory.
CHILD = """
import json, resource, sys, time
from generator.cli import main
started = time.perf_counter()
try:
    main(["check", "--content", sys.argv[1]], standalone_mode=False)
    code = 0
except SystemExit as exit:
    code = exit.code
except Exception as error:  # a traceback: reported as such in the table
    code = f"{type(error).__name__}"
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
with open(sys.argv[2], "w") as out:
    json.dump({"seconds": seconds, "peak_mb": peak, "exit": code}, out)
"""


def hf_day(title: str, summary: str, count: int = 1) -> str:
    paper = {
        "title": title,
        "summary": summary,
        "authors": [{"name": "Ada Example"}],
        "publishedAt": "2025-03-10T00:00:00.000Z",
    }
    return json.dumps(
        [{"paper": {**paper, "id": f"2503.{n:05d}"}} for n in range(count)], ensure_ascii=False
    )


def laughs() -> bytes:
    """The billion laughs: ten entities, each ten of the one before."""
    entities = ['<!ENTITY a0 "lol">'] + [
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    ]
    return f'<?xml version="1.0"?><!DOCTYPE feed [{"".join(entities)}]><feed>&a9;</feed>'.encode()


def cases(size: int) -> dict[str, dict[str, tuple[str, bytes]]]:
    """Per format: case name to (file name, bytes), the first case the valid baseline."""
    n = size
    abstract = "We align models with care and report results. " * 3
    per_paper = len(hf_day("A title of a paper", abstract).encode())
    papers = max(1, n // per_paper)
    bib_entry = (
        "@article{{k{0}, title={{A Paper Number {0}}}, author={{Ada Example}}, year={{2021}}}}\n"
    )
    atom_entry = (
        "<entry><id>http://arxiv.org/abs/2503.{0:05d}v1</id><title>Paper {0}</title>"
        "<summary>{1}</summary><published>2025-03-01T00:00:00Z</published></entry>\n"
    )
    feed = '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
    yml_record = "- title: A Curated Paper {0}\n  date: 2025-03-02\n  authors: [Ada Example]\n"
    snap = (
        '{{"id": "2503.{0:05d}", "title": "Paper {0}", "abstract": "{1}", "authors": "A B", '
        '"versions": [{{"created": "Mon, 2 Apr 2007 19:18:42 GMT"}}]}}\n'
    )
    txt_head = "Mar 11\n\n"
    bomb = ["- &a0 [" + ", ".join(["lol"] * 9) + "]"]
    while sum(map(len, bomb)) < n:
        level = len(bomb)
        bomb.append(f"- &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    return {
        "HF API JSON": {
            "valid": ("2025-03-11.json", hf_day("A title of a paper", abstract, papers).encode()),
            "nested 500,000 deep": ("2025-03-11.json", b"[" * (n // 2) + b"]" * (n // 2)),
            "one number of 1 MB": (
                "2025-03-11.json",
                hf_day("T", "A")[:-3].encode() + b', "upvotes": ' + b"9" * n + b"}}]",
            ),
            "lone surrogates": (
                "2025-03-11.json",
                hf_day("T @" * (n // 10), "A").replace("@", "\\ud83d").encode(),
            ),
            "title of \\(": ("2025-03-11.json", hf_day("\\\\(" * (n // 4), "A").encode()),
            "URL and ) run": ("2025-03-11.json", hf_day("T", "https://x.org/a" + ")" * n).encode()),
            "UTF-16 with BOM": (
                "2025-03-11.json",
                codecs.BOM_UTF16_LE
                + hf_day("A title of a paper", abstract, papers // 2).encode("utf-16-le"),
            ),
        },
        "arXiv snapshot JSONL": {
            "valid": (
                "s.jsonl",
                "".join(snap.format(i, abstract) for i in range(n // 300)).encode(),
            ),
            "one line nested deep": (
                "s.jsonl",
                b"{" + b'"a":[' * (n // 5) + b"]" * (n // 5) + b"}",
            ),
            "one line, \\( abstract": ("s.jsonl", snap.format(1, "\\\\(" * (n // 4)).encode()),
        },
        "arXiv Atom XML": {
            "valid": (
                "q.xml",
                (
                    feed
                    + "".join(atom_entry.format(i, abstract) for i in range(n // 300))
                    + "</feed>\n"
                ).encode(),
            ),
            "nested deep": ("q.xml", b"<a>" * (n // 7) + b"</a>" * (n // 7)),
            "entity expansion": ("q.xml", laughs()),
            "summary of ) after URL": (
                "q.xml",
                (feed + atom_entry.format(1, "https://x.org/a" + ")" * n) + "</feed>").encode(),
            ),
        },
        "BibTeX": {
            "valid": ("r.bib", "".join(bib_entry.format(i) for i in range(n // 90)).encode()),
            "unclosed braces": ("r.bib", b"@article{k, title={" + b"{" * n),
            "only @": ("r.bib", b"@" * n),
            "title of \\(": (
                "r.bib",
                ("@article{k, title={" + "\\(" * (n // 2) + "}, year={2021}}\n").encode(),
            ),
            "UTF-16 with BOM": (
                "r.bib",
                codecs.BOM_UTF16_LE
                + "".join(bib_entry.format(i) for i in range(n // 180)).encode("utf-16-le"),
            ),
        },
        "curator YAML": {
            "valid": ("c.yml", "".join(yml_record.format(i) for i in range(n // 70)).encode()),
            "alias bomb": (
                "c.yml",
                ("\n".join(bomb) + f"\n- title: T\n  date: *a{len(bomb) - 1}\n").encode(),
            ),
            "impossible dates": (
                "c.yml",
                ("- title: T\n  date: 2025-02-30\n" * (n // 32)).encode(),
            ),
            "nested deep": ("c.yml", b"[" * (n // 2) + b"]" * (n // 2)),
            "one integer of 1 MB": ("c.yml", b"- title: T\n  arxiv: " + b"9" * n + b"\n"),
        },
        "HF page copy (text)": {
            "valid": (
                "hf-daily-papers-2025-03-11.txt",
                (
                    txt_head
                    + "".join(f"A Paper Titled {i}\n\n{abstract}\n\n" for i in range(n // 190))
                ).encode(),
            ),
            "one line of \\(": (
                "hf-daily-papers-2025-03-11.txt",
                (txt_head + "T\n\n" + "\\(" * (n // 2) + "\n").encode(),
            ),
            "control characters": (
                "hf-daily-papers-2025-03-11.txt",
                (txt_head + "T\x07\u202e\n\n" + "a\x01\u202e\u2067" * (n // 8) + "\n").encode(),
            ),
            "not UTF-8": ("hf-daily-papers-2025-03-11.txt", bytes(range(128, 256)) * (n // 128)),
        },
        "taxonomy pattern": {
            "valid": ("2025-03-11.json", hf_day("a" * 40, "a" * (n - 200)).encode()),
            "(a|a)* on 1 MB": (
                "2025-03-11.json",
                hf_day("a" * 40 + "!", "a" * (n - 200) + "!").encode(),
            ),
        },
    }


def measure(folder: Path) -> dict[str, object]:
    out = folder / "measure.json"
    subprocess.run(
        [sys.executable, "-c", CHILD, str(folder / "content"), str(out)],
        capture_output=True,
        cwd=ROOT,
        check=False,
        timeout=600,
    )
    return json.loads(out.read_text("utf-8"))  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--only", help="one format, e.g. 'curator YAML' (no result files)")
    args = parser.parse_args()
    rows = []
    for fmt, named in cases(args.size).items():
        if args.only and fmt != args.only:
            continue
        for case, (name, data) in named.items():
            with tempfile.TemporaryDirectory(prefix="paper-archive-hostile-") as work:
                folder = Path(work)
                listings = folder / "content" / "listings"
                listings.mkdir(parents=True)
                taxonomy = TAXONOMY
                if fmt == "taxonomy pattern":
                    taxonomy = TAXONOMY.replace(
                        "tags:\n", "tags:\n  - name: Greedy\n    patterns: ['^(a|a)*$']\n", 1
                    )
                (folder / "content" / "taxonomy.yml").write_text(taxonomy, "utf-8")
                (listings / name).write_bytes(data)
                found = measure(folder)
            row = {"format": fmt, "case": case, "bytes": len(data), **found}
            rows.append(row)
            print(
                f"{fmt:22} {case:26} {len(data):>10,} B {row['seconds']:7.2f} s "
                f"{row['peak_mb']:7.1f} MB exit {row['exit']}",
                flush=True,
            )
    if args.only:
        return
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "hostile.json").write_text(json.dumps(rows, indent=1) + "\n", "utf-8")
    lines = [
        "| format | input | bytes | check time | peak memory | exit |",
        "| --- | --- | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        lines.append(
            f"| {row['format']} | {row['case']} | {row['bytes']:,} | {row['seconds']:.2f} s "
            f"| {row['peak_mb']:.0f} MB | {row['exit']} |"
        )
    (RESULTS / "hostile.md").write_text("\n".join(lines) + "\n", "utf-8")


if __name__ == "__main__":
    main()
