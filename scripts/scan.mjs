// n8n's verification scanner, run locally: on the unpacked `npm pack` tarball (what users install)
// and on the sources, with the scanner's own rules. Exits non-zero on any finding.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { analyzePackage, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vidu-scan-'));
try {
	const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], {
		cwd: repo,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore'],
	});
	const tarball = path.join(work, JSON.parse(packed)[0].filename);
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
