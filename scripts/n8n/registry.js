'use strict';
/*
 * A local npm registry for the install-path tests: verdaccio (a devDependency) on a free loopback
 * port, offline (no uplinks: it serves only what was published to it), its storage in a temp folder.
 *
 *   const registry = await startRegistry();
 *   await registry.publish(tgz);             // npm publish, as a maintainer does
 *   ... npm_config_registry = registry.url ...
 *   await registry.stop();                    // stops verdaccio and removes its folder
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn, spawnSync } = require('child_process');
const { childEnv } = require('./childEnv');
const { getFreePort } = require('./runner');
const rest = require('./rest');

const VERDACCIO_BIN = require.resolve('verdaccio/bin/verdaccio');

async function startRegistry({ timeoutMs = 60 * 1000 } = {}) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-vidu-registry-'));
	const port = await getFreePort();
	const url = `http://127.0.0.1:${port}`;
	// JSON is YAML: verdaccio reads it as its config file.
	const config = {
		storage: path.join(dir, 'storage'),
		auth: { htpasswd: { file: path.join(dir, 'htpasswd'), max_users: -1 } },
		uplinks: {},
		packages: { '**': { access: '$all', publish: '$all', unpublish: '$all' } },
		web: { enable: false },
		log: { type: 'stdout', format: 'pretty', level: 'warn' },
	};
	const configFile = path.join(dir, 'config.yaml');
	fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
	// npm refuses to publish without a token for the registry; with publish: $all verdaccio takes any.
	const npmrc = path.join(dir, 'npmrc');
	fs.writeFileSync(npmrc, `//127.0.0.1:${port}/:_authToken=local-test-registry\n`);

	const child = spawn(process.execPath, [VERDACCIO_BIN, '-c', configFile, '-l', `127.0.0.1:${port}`], {
		cwd: dir,
		env: childEnv(),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let out = '';
	child.stdout.on('data', (d) => (out += d));
	child.stderr.on('data', (d) => (out += d));
	let exited = null;
	const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exited = { code, signal }))));
	const killOnExit = () => child.kill('SIGKILL');
	process.on('exit', killOnExit);

	const stop = async () => {
		process.removeListener('exit', killOnExit);
		if (!exited) {
			child.kill('SIGTERM');
			const t = setTimeout(() => child.kill('SIGKILL'), 5000);
			await exitPromise;
			clearTimeout(t);
		}
		fs.rmSync(dir, { recursive: true, force: true });
	};

	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (exited) {
			await stop();
			throw new Error(`verdaccio exited (${JSON.stringify(exited)}) before it answered:\n${out}`);
		}
		const ping = await rest.request('GET', `${url}/-/ping`, undefined, { timeoutMs: 2000 }).catch(() => null);
		if (ping && ping.status === 200) break;
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`verdaccio did not answer ${url}/-/ping within ${timeoutMs} ms:\n${out}`);
		}
		await new Promise((r) => setTimeout(r, 200));
	}

	/** `npm publish <tgz>` to this registry; returns npm's output. */
	const publish = async (tgz) => {
		const res = spawnSync('npm', ['publish', tgz, `--registry=${url}/`, `--userconfig=${npmrc}`, '--ignore-scripts'], {
			encoding: 'utf8',
			cwd: dir,
			env: childEnv({ npm_config_cache: path.join(dir, 'npm-cache'), npm_config_update_notifier: 'false' }),
		});
		if (res.status !== 0) throw new Error(`npm publish to ${url} failed (exit ${res.status}):\n${res.stdout}${res.stderr}`);
		return `${res.stdout}${res.stderr}`;
	};

	return { url, dir, publish, stop, output: () => out };
}

module.exports = { startRegistry };
