// BibTeX downloads, made in the browser. Each paper's entry is written once, in its month's
// `papers.bib.gz` (gzip: generator/pages/dates.py); a month's (or year's) page links that file,
// and this offers it unpacked, as `2025-10.bib`. A tag's `bibtex.json` names the month files that
// hold its papers and the keys to take from each (generator/pages/tags.py, `bibtex_index`),
// and this puts the tag's `.bib` together. Loaded by tag pages and the date pages with a `.bib`.
// Without scripts a month's link downloads the `.gz`, a tag's shows the JSON, whose paths lead
// to the month files.
(() => {
  // Loaded twice on a page that links a `.bib` under instant navigation (overrides/main.html):
  // one handler, one download.
  if (window.paperArchiveBibtex) return;
  window.paperArchiveBibtex = true;
  // A fetched file's text: gzip is unpacked here, unless the host sent it with
  // `Content-Encoding: gzip` and the browser has already.
  const text = async (answer) => {
    const bytes = new Uint8Array(await answer.arrayBuffer());
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return new TextDecoder().decode(bytes);
    const unpacked = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(unpacked).text();
  };

  // Entries as generator/citations.py writes them: `@kind{key,` at the start of a line, every
  // field on one line (values never hold a line break), closed by `}` alone on a line.
  const entries = (text) => {
    const found = new Map();
    for (const entry of text.split(/\n(?=@)/)) {
      const match = /^@\w+\{([^,\s]+),/.exec(entry.trimStart());
      if (match) found.set(match[1], entry.trim() + "\n");
    }
    return found;
  };

  const build = async (indexUrl) => {
    const index = await (await fetch(indexUrl)).json();
    const loads = new Map(); // a file the tag's order comes back to is fetched once
    const load = (path) => {
      if (!loads.has(path)) {
        loads.set(
          path,
          fetch(new URL(path, indexUrl)).then(async (answer) => {
            if (!answer.ok) throw new Error(`${path}: ${answer.status}`);
            return entries(await text(answer));
          }),
        );
      }
      return loads.get(path);
    };
    const files = await Promise.all(index.parts.map(([path]) => load(path)));
    const out = [];
    index.parts.forEach(([path, keys], at) => {
      for (const key of keys) {
        const entry = files[at].get(key);
        if (!entry) throw new Error(`${path}: no entry ${key}`);
        out.push(entry);
      }
    });
    return { name: index.file, text: out.join("\n") };
  };

  // A month's (`dates/2025/10/papers.bib.gz`) or year's file, offered as `2025-10.bib`.
  const period = async (url) => {
    const answer = await fetch(url);
    if (!answer.ok) throw new Error(`${url}: ${answer.status}`);
    const date = /\/(\d{4})\/(?:(\d{2})\/)?[^/]*\.bib\.gz$/.exec(new URL(url).pathname);
    const name = date ? `${date[1]}${date[2] ? `-${date[2]}` : ""}.bib` : "papers.bib";
    return { name, text: await text(answer) };
  };

  document.addEventListener("click", async (event) => {
    const link =
      event.target.closest && event.target.closest('a[href$="bibtex.json"], a[href$=".bib.gz"]');
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    link.setAttribute("aria-busy", "true");
    try {
      const made = link.href.endsWith(".gz") ? period(link.href) : build(link.href);
      const { name, text: bib } = await made;
      const url = URL.createObjectURL(new Blob([bib], { type: "application/x-bibtex" }));
      const save = Object.assign(document.createElement("a"), { href: url, download: name });
      document.body.append(save);
      save.click();
      save.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      // Fall back to what the link points at: the month's `.gz`, or a tag's index of them.
      console.error("paper-archive: BibTeX download failed:", error);
      location.href = link.href;
    } finally {
      link.removeAttribute("aria-busy");
    }
  });
})();
