// n8n's verification scanner, run locally: on the unpacked `npm pack` tarball (what users install)
// and on the sources, with the scanner's own rules. Exits non-zero on any finding.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const { packPackage } = createRequire(import.meta.url)('./n8n/runner.js');

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tarball = await packPackage(repo);
const work = path.dirname(tarball);
try {
	const unpacked = path.join(work, 'package');
	fs.mkdirSync(unpacked);
	execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);

	let failed = false;
	for (const [label, dir, patterns] of [
		['packed tarball', unpacked, undefined],
		['sources', repo, SOURCE_FILE_PATTERNS],
	]) {
		const result = await analyzePackage(dir, patterns);
		console.log(`scan of the ${label}: ${result.passed ? 'clean' : result.message}`);
		if (!result.passed) {
			failed = true;
			console.log(result.details ?? result.error ?? '');
		}
	}
	process.exitCode = failed ? 1 : 0;
} finally {
	fs.rmSync(work, { recursive: true, force: true });
}
