// Splits texts into search words with the worker's own code (search-core.js): reads a JSON list
// of texts on stdin, writes the list of each one's words as JSON. Usage: node analyse.js
const path = require("path");
const core = require(path.join(__dirname, "..", "..", "overrides", "assets", "paper-archive", "search-core.js"));
const texts = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(texts.map((t) => core.tokens(t))));
