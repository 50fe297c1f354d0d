/**
 * The README's manual install (`npm install n8n-nodes-vidu` in ~/.n8n/nodes) must bring no n8n-workflow of its
 * own: npm 7+ installs a required peer dependency, and a second n8n-workflow beside n8n's breaks class checks
 * (and its latest release needs a native build). Offline with an empty cache: if npm wanted the peer, it would
 * fail to fetch it. test/e2e/install-paths.test.ts runs the same command from a registry into a real n8n.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const repo = path.resolve(__dirname, '..', '..');

function npm(args: string[], cwd: string, cache: string): string {
	const res = spawnSync('npm', args, {
		cwd,
		encoding: 'utf8',
		env: { ...process.env, npm_config_cache: cache, npm_config_update_notifier: 'false' },
	});
	if (res.status !== 0) throw new Error(`npm ${args.join(' ')} failed (exit ${res.status}):\n${res.stdout}${res.stderr}`);
	return res.stdout;
}

describe('npm install of the packed package in an empty folder', () => {
	let work: string;
	let nodesDir: string;

	beforeAll(() => {
		if (!fs.existsSync(path.join(repo, 'dist', 'nodes', 'Vidu', 'Vidu.node.js'))) {
			throw new Error('dist/ is not built: run `npm run build` before `npm test` (CI does).');
		}
		work = fs.mkdtempSync(path.join(os.tmpdir(), 'vidu-manual-install-'));
		const cache = path.join(work, 'npm-cache');
		const out = npm(['pack', '--ignore-scripts', '--json', '--pack-destination', work], repo, cache);
		const tgz = path.join(work, JSON.parse(out.slice(out.indexOf('[')))[0].filename);
		nodesDir = path.join(work, 'nodes');
		fs.mkdirSync(nodesDir);
		npm(['install', tgz, '--offline', '--ignore-scripts', '--audit=false', '--fund=false'], nodesDir, cache);
	}, 60000);

	afterAll(() => {
		if (work) fs.rmSync(work, { recursive: true, force: true });
	});

	test('installs the package and nothing else: no n8n-workflow of its own', () => {
		const installed = fs.readdirSync(path.join(nodesDir, 'node_modules')).filter((name) => !name.startsWith('.'));
		expect(installed).toEqual(['n8n-nodes-vidu']);
	});
});
