// Runs queries with the worker's own engine (search-core.js) over a folder of search files as
// the build writes them, each read as the worker reads its fetched bytes (readJSON: gzip with
// DecompressionStream, or plain JSON). Reads {"site": folder, "queries": [[text, typing], ...]}
// on stdin; writes, per query, {"total": n, "refs": [[ref, score], ...]} (all results, best
// first) as JSON.
const path = require("path");
const fs = require("fs");
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const core = require(path.join(__dirname, "..", "..", "overrides", "assets", "paper-archive", "search-core.js"));
const read = (name) =>
  core.readJSON(fs.readFileSync(path.join(input.site, "search", name.split("?")[0])));
(async () => {
  const manifest = (await read("search_index.json")).config.paper_archive;
  const engine = new core.Engine(manifest, read);
  const out = [];
  for (const [text, typing] of input.queries) {
    const found = await engine.search(core.parse(text, manifest, typing));
    out.push({ total: found.total, refs: found.results.map((r) => [r.ref, r.score]) });
  }
  process.stdout.write(JSON.stringify(out));
})();
