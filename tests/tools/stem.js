// Stems words with lunr.js and with the worker's copy of its stemmer (search-core.js): reads a
// JSON list of words on stdin, writes [lunr.js stems, search-core.js stems] as JSON.
// Usage: node stem.js /path/to/lunr.js
const path = require("path");
const lunr = require(path.resolve(process.argv[2]));
const core = require(path.join(__dirname, "..", "..", "overrides", "assets", "paper-archive", "search-core.js"));
const words = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify([
  words.map((w) => lunr.stemmer(new lunr.Token(w)).toString()),
  words.map((w) => core.stem(w)),
]));
