// Stems words with lunr.js: reads a JSON list of words on stdin, writes their stems as JSON.
// Usage: node stem.js /path/to/lunr.js
global.lunr = require(require("path").resolve(process.argv[2]));
const words = JSON.parse(require("fs").readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(words.map((w) => lunr.stemmer(new lunr.Token(w)).toString())));
