/**
 * What `npm publish` would ship: exactly the compiled nodes and credential, their icons and codex files,
 * and npm's own four files. No source maps (the TypeScript sources are not shipped, so a map would point at
 * files the user does not have), no sources, no tests. Needs `npm run build` first (CI runs it before
 * `npm test`).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const repo = path.resolve(__dirname, '..', '..');

function listFiles(dir: string): string[] {
	return fs.readdirSync(path.join(repo, dir), { withFileTypes: true }).flatMap((entry) => {
		const rel = `${dir}/${entry.name}`;
		return entry.isDirectory() ? listFiles(rel) : [rel];
	});
}

/** dist/ as the build makes it from the sources: tsc's .js and codex .json, gulp's icons. */
function expectedFiles(): string[] {
	const sources = [...listFiles('nodes'), ...listFiles('credentials')];
	const dist = sources.flatMap((file) => {
		if (file.endsWith('.d.ts')) return [];
		if (file.endsWith('.ts')) return [`dist/${file.slice(0, -'.ts'.length)}.js`];
		if (/\.(json|svg|png)$/.test(file)) return [`dist/${file}`];
		return [];
	});
	return ['LICENSE.md', 'README.md', 'index.js', 'package.json', ...dist].sort();
}

function packedFiles(): string[] {
	const res = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
		cwd: repo,
		encoding: 'utf8',
		env: { ...process.env, npm_config_update_notifier: 'false' },
	});
	if (res.status !== 0) throw new Error(`npm pack --dry-run failed (exit ${res.status}):\n${res.stderr}`);
	const [info] = JSON.parse(res.stdout.slice(res.stdout.indexOf('[')));
	return (info.files as Array<{ path: string }>).map((f) => f.path).sort();
}

describe('the packed package', () => {
	let packed: string[];

	beforeAll(() => {
		if (!fs.existsSync(path.join(repo, 'dist', 'nodes', 'Vidu', 'Vidu.node.js'))) {
			throw new Error('dist/ is not built: run `npm run build` before `npm test` (CI does).');
		}
		packed = packedFiles();
	});

	test('holds exactly the built files and npm’s own four, nothing else', () => {
		expect(packed).toEqual(expectedFiles());
	});

	test('ships no source maps and no TypeScript', () => {
		expect(packed.filter((f) => /\.(map|ts|tsbuildinfo)$/.test(f))).toEqual([]);
	});

	test('holds every node and credential that package.json registers with n8n', () => {
		const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
		const registered: string[] = [...pkg.n8n.nodes, ...pkg.n8n.credentials];
		expect(registered.length).toBeGreaterThan(0);
		expect(registered.filter((f) => !packed.includes(f))).toEqual([]);
	});
});
