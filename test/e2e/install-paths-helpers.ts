/*
 * For install-paths.test.ts: the README's npm command as typed, a given npm major to run it with,
 * n8n's Community Nodes REST calls, and what sits in a user folder's `.n8n/nodes`.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { REPO_DIR } from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const rest = require('../../scripts/n8n/rest');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { childEnv } = require('../../scripts/n8n/childEnv');

export const PACKAGE_NAME = 'n8n-nodes-vidu';

/** The first ```bash block of the README's `## Install` section: the manual install, as users copy it. */
export function readmeInstallCommand(): string {
	const readme = fs.readFileSync(path.join(REPO_DIR, 'README.md'), 'utf8');
	const section = /^## Install\n([\s\S]*?)^## /m.exec(readme);
	if (!section) throw new Error('README.md has no "## Install" section');
	const block = /^```bash\n([\s\S]*?)^```/m.exec(section[1]);
	if (!block) throw new Error('the README\'s "## Install" section has no ```bash block');
	return block[1];
}

function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): string {
	const res = spawnSync(cmd, args, { encoding: 'utf8', cwd: opts.cwd, env: opts.env ?? childEnv() });
	if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${res.status}):\n${res.stdout}${res.stderr}`);
	return `${res.stdout}${res.stderr}`;
}

/**
 * A folder whose `npm` is the latest release of one npm major, taken from the registry the user's npm
 * is set to (not the test registry: only the package under test comes from there). Put it first in PATH.
 */
export function npmMajorBin(major: number, workDir: string): string {
	const dir = path.join(workDir, `npm${major}`);
	fs.mkdirSync(dir, { recursive: true });
	const out = run('npm', ['pack', `npm@${major}`, '--json', '--pack-destination', dir], { cwd: dir });
	const tgz = path.join(dir, JSON.parse(out.slice(out.indexOf('[')))[0].filename);
	run('tar', ['-xzf', tgz, '-C', dir], { cwd: dir });
	const bin = path.join(dir, 'bin');
	fs.mkdirSync(bin);
	// npm's own bin/npm looks for its files next to the node binary; a shim runs its CLI file directly.
	fs.writeFileSync(path.join(bin, 'npm'), `#!/bin/sh\nexec node "${path.join(dir, 'package', 'bin', 'npm-cli.js')}" "$@"\n`, { mode: 0o755 });
	return bin;
}

/**
 * Runs the README's install command in bash, as a user whose home is `home` and whose npm uses
 * `registryUrl`; `npmBin` first in PATH. Returns what it printed (npm's version first).
 */
export function runReadmeInstall(command: string, { home, registryUrl, npmBin }: { home: string; registryUrl: string; npmBin: string }): string {
	const env = childEnv({
		HOME: home,
		PATH: `${npmBin}${path.delimiter}${process.env.PATH}`,
		npm_config_registry: `${registryUrl}/`,
		npm_config_cache: path.join(home, '.npm'),
		npm_config_update_notifier: 'false',
	});
	return run('bash', ['-euo', 'pipefail', '-c', `npm --version\n${command}`], { cwd: home, env });
}

/** Top-level entries of `<userFolder>/.n8n/nodes/node_modules` (scopes as `@scope/name`), dot files left out. */
export function installedModules(userFolder: string): string[] {
	const dir = path.join(userFolder, '.n8n', 'nodes', 'node_modules');
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((name) => !name.startsWith('.'))
		.flatMap((name) => (name.startsWith('@') ? fs.readdirSync(path.join(dir, name)).map((sub) => `${name}/${sub}`) : [name]))
		.sort();
}

/** Every folder named n8n-workflow anywhere under `<userFolder>/.n8n/nodes` (a copy beside n8n's own). */
export function n8nWorkflowCopies(userFolder: string): string[] {
	const found: string[] = [];
	const walk = (dir: string) => {
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			if (!entry.isDirectory()) continue;
			const full = path.join(dir, entry.name);
			if (entry.name === 'n8n-workflow') found.push(path.relative(userFolder, full));
			walk(full);
		}
	};
	const root = path.join(userFolder, '.n8n', 'nodes');
	if (fs.existsSync(root)) walk(root);
	return found;
}

/** The `dependencies` n8n's `.n8n/nodes/package.json` records. */
export function recordedDependencies(userFolder: string): Record<string, string> {
	const file = path.join(userFolder, '.n8n', 'nodes', 'package.json');
	return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')).dependencies ?? {}) : {};
}

/*
 * n8n's Community Nodes REST API, as *Settings → Community Nodes* calls it. A registry other than
 * registry.npmjs.org is a licensed feature (feat:communityNodes:customRegistry); n8n's own e2e mode
 * (E2E_TESTS=true) serves PATCH /rest/e2e/feature, with which n8n's tests switch features on.
 */

export async function enableCustomRegistry(url: string): Promise<void> {
	const res = await rest.request('PATCH', `${url}/rest/e2e/feature`, { feature: 'feat:communityNodes:customRegistry', enabled: true });
	if (res.status !== 200) throw new Error(`PATCH /rest/e2e/feature answered ${res.status}: ${res.text.slice(0, 300)}`);
}

export interface InstalledPackage {
	packageName: string;
	installedVersion: string;
	installedNodes: Array<{ name: string; type: string }>;
}

export async function installCommunityPackage(url: string, cookie: string, name: string): Promise<InstalledPackage> {
	const res = await rest.request('POST', `${url}/rest/community-packages`, { name }, { cookie, timeoutMs: 120_000 });
	if (res.status !== 200 || !res.json?.data) throw new Error(`POST /rest/community-packages answered ${res.status}: ${res.text.slice(0, 500)}`);
	return res.json.data;
}

export async function listCommunityPackages(url: string, cookie: string): Promise<InstalledPackage[]> {
	const res = await rest.request('GET', `${url}/rest/community-packages`, undefined, { cookie, timeoutMs: 120_000 });
	if (res.status !== 200 || !res.json) throw new Error(`GET /rest/community-packages answered ${res.status}: ${res.text.slice(0, 500)}`);
	return res.json.data;
}

export async function uninstallCommunityPackage(url: string, cookie: string, name: string): Promise<void> {
	const res = await rest.request('DELETE', `${url}/rest/community-packages?name=${encodeURIComponent(name)}`, undefined, { cookie, timeoutMs: 120_000 });
	if (res.status !== 200) throw new Error(`DELETE /rest/community-packages answered ${res.status}: ${res.text.slice(0, 500)}`);
}
