// A tag's BibTeX download, made in the browser: each paper's entry is written once, in its
// month's `.bib` file; a tag's `bibtex.json` names the month files that hold its papers and the
// keys to take from each (generator/pages/tags.py, `bibtex_index`). Loaded by tag pages only.
// Without scripts the link shows that JSON, whose paths lead to the month files.
(() => {
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
            return entries(await answer.text());
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

  document.addEventListener("click", async (event) => {
    const link = event.target.closest && event.target.closest('a[href$="bibtex.json"]');
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    link.setAttribute("aria-busy", "true");
    try {
      const { name, text } = await build(link.href);
      const url = URL.createObjectURL(new Blob([text], { type: "application/x-bibtex" }));
      const save = Object.assign(document.createElement("a"), { href: url, download: name });
      document.body.append(save);
      save.click();
      save.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch (error) {
      // Fall back to what the link points at: the index of month files.
      console.error("paper-archive: BibTeX download failed:", error);
      location.href = link.href;
    } finally {
      link.removeAttribute("aria-busy");
    }
  });
})();
