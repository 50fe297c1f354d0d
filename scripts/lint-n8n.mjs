// `n8n-node lint` (strict mode: eslint.config.mjs must be n8n-node's default) on what the package ships.
// n8n-node runs `eslint .` with a config that has no ignores, so it would also lint test/ and simulator/, which
// use Node's globals and modules on purpose and never ship. It runs here in a copy holding only the files
// n8n's scanner lints from the source (package.json, nodes/, credentials/, see SOURCE_FILE_PATTERNS in
// @n8n/scan-community-package) with the unchanged eslint.config.mjs and a link to node_modules.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SHIPPED_SOURCES = ['package.json', 'eslint.config.mjs', 'tsconfig.json', 'nodes', 'credentials'];

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(repo, 'node_modules', '@n8n', 'node-cli', 'bin', 'n8n-node.mjs');

const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-node-lint-'));
try {
	for (const entry of SHIPPED_SOURCES) {
		fs.cpSync(path.join(repo, entry), path.join(copy, entry), { recursive: true });
	}
	fs.symlinkSync(path.join(repo, 'node_modules'), path.join(copy, 'node_modules'), 'dir');

	const res = spawnSync(process.execPath, [cli, 'lint'], {
		cwd: copy,
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
	});
	// Findings name the repo's files, not the copy's.
	const output = `${res.stdout ?? ''}${res.stderr ?? ''}`.split(copy).join(repo);
	process.stdout.write(output);
	if (res.error) throw res.error;
	process.exitCode = res.status ?? 1;
} finally {
	fs.rmSync(copy, { recursive: true, force: true });
}
