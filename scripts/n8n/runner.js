'use strict';
/*
 * Drive a real n8n (installed by ./install.js) against a throw-away user
 * folder: install a community package the way n8n does, import credentials
 * and workflows, execute workflows from the CLI, or start the server.
 * Node's stdlib only (plus the system `tar` and `npm`). See e2e/README.md.
 *
 *   const r = require('./scripts/n8n/runner');
 *   const tgz = await r.packPackage(repoDir);
 *   const ctx = await r.createUserFolder({ line: 'v2', tgz });
 *   await r.importCredential(ctx, { id: 'cred1', name: 'Vtrix', type: 'vtrixApi', data: { apiKey: 'k' } });
 *   await r.importWorkflow(ctx, workflowJson);
 *   const res = await r.executeWorkflow(ctx, workflowJson.id);  // { ok, lastNodeItems, error, ... }
 *   const buf = r.readBinary(ctx, res.lastNodeItems[0].binary.data);
 *   const srv = await r.startN8n(ctx, { port }); ...; await srv.stop();
 *   r.removeUserFolder(ctx);
 */

const fs = require('fs');
const os = require('os');
const net = require('net');
const path = require('path');
const crypto = require('crypto');
const { spawn, spawnSync } = require('child_process');
const { ensureN8n } = require('./install');
const { childEnv } = require('./childEnv');
const rest = require('./rest');

/** Fixed key so imported (encrypted) credentials are readable by every run of a user folder. */
const ENCRYPTION_KEY = 'n8n-nodes-vidu-e2e-encryption-key-0001';
const DEFAULT_TIMEOUT_MS = 3 * 60 * 1000;

function run(cmd, args, opts = {}) {
	const res = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, ...opts });
	if (res.status !== 0 || res.error) {
		const msg = res.error ? res.error.message : `exit ${res.status}`;
		throw new Error(`${cmd} ${args.join(' ')} failed (${msg}):\n${res.stdout || ''}${res.stderr || ''}`);
	}
	return res.stdout;
}

/** A free TCP port on 127.0.0.1. */
function getFreePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = srv.address();
			srv.close(() => resolve(port));
		});
	});
}

/**
 * `npm pack` the repo (dist/ must already be built) into a temp dir.
 * @returns {Promise<string>} absolute path of the .tgz
 */
async function packPackage(repoDir = path.resolve(__dirname, '..', '..')) {
	const dest = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-vidu-pack-'));
	const out = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dest], {
		cwd: repoDir,
		env: childEnv({ npm_config_update_notifier: 'false' }),
	});
	const info = JSON.parse(out.slice(out.indexOf('[')));
	return path.join(dest, info[0].filename);
}

/**
 * Install a packed community package into `<userFolder>/.n8n/nodes` exactly as
 * n8n's CommunityPackagesService.downloadPackage does: untar into
 * node_modules/<name>, drop dev/peer/optional deps from its package.json,
 * `npm install` its runtime deps (only if it has any), and record it in
 * `.n8n/nodes/package.json`.
 */
function installPackageInto(userFolder, tgz) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	fs.mkdirSync(path.join(nodesDir, 'node_modules'), { recursive: true });
	const staging = fs.mkdtempSync(path.join(nodesDir, '.unpack-'));
	run('tar', ['-xzf', tgz, '-C', staging, '--strip-components=1']);
	const pkgPath = path.join(staging, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
	fs.writeFileSync(pkgPath, JSON.stringify(pkg, null, 2));
	const target = path.join(nodesDir, 'node_modules', ...pkg.name.split('/'));
	fs.mkdirSync(path.dirname(target), { recursive: true });
	fs.rmSync(target, { recursive: true, force: true });
	fs.renameSync(staging, target);
	if (pkg.dependencies && Object.keys(pkg.dependencies).length > 0) {
		run('npm', ['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'], {
			cwd: target,
			env: childEnv({ NODE_ENV: 'production' }),
		});
	}
	const listPath = path.join(nodesDir, 'package.json');
	let list = { name: 'installed-nodes', private: true, dependencies: {} };
	if (fs.existsSync(listPath)) list = JSON.parse(fs.readFileSync(listPath, 'utf8'));
	list.dependencies = { ...(list.dependencies || {}), [pkg.name]: pkg.version };
	fs.writeFileSync(listPath, JSON.stringify(list, null, 2));
	return { name: pkg.name, version: pkg.version, dir: target };
}

/**
 * A user folder for one n8n line, with the packed package installed: a fresh temp folder, or
 * `userFolder` (created if missing, kept as it is otherwise: npm start reuses its folder).
 * @param {{line:'v1'|'v2', tgz?:string, userFolder?:string, env?:Object, binaryDataMode?:string, timeoutMs?:number}} opts
 *   binaryDataMode: 'default' keeps binaries in memory (base64 `data` in execute output) on both lines;
 *   leave unset for each line's own default (2.x: 'filesystem' -> binaries have an `id`; see readBinary).
 * @returns {Promise<Object>} ctx for the other functions; `ctx.package` = what was installed
 */
async function createUserFolder({ line, tgz, userFolder, env = {}, binaryDataMode, timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
	const n8n = ensureN8n(line);
	if (userFolder) fs.mkdirSync(userFolder, { recursive: true });
	else userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `n8n-vidu-${line}-`));
	const ctx = {
		line,
		n8n,
		userFolder,
		n8nFolder: path.join(userFolder, '.n8n'),
		package: tgz ? installPackageInto(userFolder, tgz) : null,
		timeoutMs,
		env: {
			...n8n.env,
			N8N_USER_FOLDER: userFolder,
			N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
			N8N_LOG_LEVEL: 'info',
			N8N_LOG_OUTPUT: 'console',
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: 'localhost',
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
			DB_TYPE: 'sqlite',
			...(binaryDataMode ? { N8N_DEFAULT_BINARY_DATA_MODE: binaryDataMode } : {}),
			...env,
		},
	};
	return ctx;
}

function removeUserFolder(ctx) {
	fs.rmSync(ctx.userFolder, { recursive: true, force: true });
}

/** Env for one n8n process: own task-runner broker port (and N8N_PORT) so runs can overlap. */
async function processEnv(ctx, extra = {}) {
	const env = childEnv({ ...ctx.env, ...extra });
	if (!extra.N8N_RUNNERS_BROKER_PORT && !ctx.env.N8N_RUNNERS_BROKER_PORT) env.N8N_RUNNERS_BROKER_PORT = String(await getFreePort());
	if (!extra.N8N_PORT && !ctx.env.N8N_PORT) env.N8N_PORT = String(await getFreePort());
	return env;
}

/**
 * Run `n8n <args>` with this ctx's node binary and env.
 * @returns {Promise<{code:number|null, signal:string|null, stdout:string, stderr:string, timedOut:boolean}>}
 */
async function runN8n(ctx, args, { timeoutMs = ctx.timeoutMs, env } = {}) {
	const childEnv = await processEnv(ctx, env);
	return new Promise((resolve, reject) => {
		const child = spawn(ctx.n8n.nodeBin, [ctx.n8n.n8nBin, ...args], {
			cwd: ctx.userFolder,
			env: childEnv,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true, // own process group: a timeout also kills the task runner it spawns
		});
		let stdout = '';
		let stderr = '';
		let timedOut = false;
		liveGroups.add(child);
		child.stdout.on('data', (d) => (stdout += d));
		child.stderr.on('data', (d) => (stderr += d));
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child, 'SIGKILL');
		}, timeoutMs);
		child.on('error', (err) => {
			clearTimeout(timer);
			reject(err);
		});
		child.on('close', (code, signal) => {
			liveGroups.delete(child);
			clearTimeout(timer);
			resolve({ code, signal, stdout, stderr, timedOut });
		});
	});
}

/** Process groups we started (detached): killed if this process exits without stopping them. */
const liveGroups = new Set();
process.on('exit', () => {
	for (const child of liveGroups) killGroup(child, 'SIGKILL');
});

function killGroup(child, signal) {
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* already gone */
		}
	}
}

function checkOk(what, res) {
	if (res.code !== 0 || res.timedOut) {
		throw new Error(`n8n ${what} failed (exit ${res.code}${res.timedOut ? ', timed out' : ''}):\n${res.stdout}\n${res.stderr}`);
	}
	return res;
}

function writeInput(ctx, prefix, data) {
	const file = path.join(ctx.userFolder, `${prefix}-${crypto.randomBytes(4).toString('hex')}.json`);
	fs.writeFileSync(file, JSON.stringify(data, null, 2));
	return file;
}

/**
 * Import one credential; `data` is a plain object (n8n encrypts it on import).
 * @param {{id:string, name:string, type:string, data:Object}} cred
 */
async function importCredential(ctx, { id, name, type, data }) {
	const file = writeInput(ctx, 'credential', [{ id, name, type, data }]);
	try {
		checkOk('import:credentials', await runN8n(ctx, ['import:credentials', `--input=${file}`]));
	} finally {
		fs.rmSync(file, { force: true });
	}
	return id;
}

/** A workflow id as n8n makes them (16 alphanumerics). */
function newWorkflowId() {
	const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	let id = '';
	for (const b of crypto.randomBytes(16)) id += abc[b % abc.length];
	return id;
}

/**
 * Import one workflow (object with nodes/connections), or several with one n8n command. Adds an
 * `id` to a workflow that has none.
 * @returns {Promise<string|string[]>} the workflow id (ids for a list)
 */
async function importWorkflow(ctx, workflowOrList) {
	const list = (Array.isArray(workflowOrList) ? workflowOrList : [workflowOrList]).map((workflow) => {
		const wf = { active: false, settings: {}, connections: {}, ...workflow };
		if (!wf.id) wf.id = newWorkflowId();
		if (!wf.name) wf.name = `e2e ${wf.id}`;
		return wf;
	});
	const file = writeInput(ctx, 'workflow', list);
	try {
		checkOk('import:workflow', await runN8n(ctx, ['import:workflow', `--input=${file}`]));
	} finally {
		fs.rmSync(file, { force: true });
	}
	const ids = list.map((wf) => wf.id);
	return Array.isArray(workflowOrList) ? ids : ids[0];
}

/**
 * Find the execution JSON (IRun, printed with JSON.stringify(data, null, 2)) in
 * n8n's output: a top-level object starts with a line "{" and ends with a line "}".
 * Returns the last such object that has data.resultData, or null.
 */
function findRunJson(text) {
	const lines = text.split(/\r?\n/);
	let found = null;
	for (let i = 0; i < lines.length; i++) {
		if (lines[i] !== '{') continue;
		for (let j = i + 1; j < lines.length; j++) {
			if (lines[j] !== '}') continue;
			try {
				const obj = JSON.parse(lines.slice(i, j + 1).join('\n'));
				if (obj && obj.data && obj.data.resultData) found = obj;
				i = j;
				break;
			} catch {
				/* keep looking for the closing line */
			}
		}
	}
	return found;
}

function simplifyError(err) {
	if (!err) return null;
	const out = {
		message: err.message,
		description: err.description,
		name: err.name,
		node: err.node && err.node.name,
		httpCode: err.httpCode,
		context: err.context,
	};
	for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
	return out;
}

/**
 * `n8n execute --id=<id> --rawOutput` and parse what it prints.
 * @returns {Promise<{ok:boolean, status:string|undefined, lastNodeExecuted:string|undefined,
 *   lastNodeItems:Array<{json:Object, binary?:Object}>, nodeItems:Object<string,Array>, runData:Object|undefined,
 *   error:Object|null, run:Object|null, raw:{code:number|null, stdout:string, stderr:string, timedOut:boolean}}>}
 *   nodeItems: items of the first main output of each node's last run.
 */
async function executeWorkflow(ctx, id, { timeoutMs } = {}) {
	const res = await runN8n(ctx, ['execute', `--id=${id}`, '--rawOutput'], { timeoutMs });
	const raw = { code: res.code, signal: res.signal, stdout: res.stdout, stderr: res.stderr, timedOut: res.timedOut };
	const runJson = findRunJson(res.stdout) || findRunJson(res.stderr);
	const resultData = runJson ? runJson.data.resultData : undefined;
	const runData = resultData ? resultData.runData : undefined;
	const nodeItems = {};
	for (const [name, runs] of Object.entries(runData || {})) {
		const last = runs[runs.length - 1];
		nodeItems[name] = (last && last.data && last.data.main && last.data.main[0]) || [];
	}
	const lastNodeExecuted = resultData ? resultData.lastNodeExecuted : undefined;
	let error = resultData && resultData.error ? simplifyError(resultData.error) : null;
	if (!runJson) {
		const text = `${res.stdout}\n${res.stderr}`.trim();
		// Errors before/outside the run (e.g. "Unrecognized node type: x.y") are printed as
		// "Execution error:\n====...\n<message>"; keep that line as the message.
		const m = /Execution error:\s*\n=+\s*\n([^\n]+)/.exec(text) || /^(The workflow with the id .*)$/m.exec(text);
		error = {
			message: res.timedOut ? `n8n execute timed out after ${timeoutMs || ctx.timeoutMs} ms` : m ? m[1].trim() : `n8n execute printed no run data (exit ${res.code})`,
			output: text.split('\n').slice(-30).join('\n'),
		};
	}
	const ok = Boolean(runJson) && !resultData.error && res.code === 0 && !res.timedOut;
	return {
		ok,
		status: runJson ? runJson.status : undefined,
		lastNodeExecuted,
		lastNodeItems: lastNodeExecuted ? nodeItems[lastNodeExecuted] || [] : [],
		nodeItems,
		runData,
		error,
		run: runJson,
		raw,
	};
}

/**
 * Bytes of a binary entry from execute output ({ data, id, mimeType, ... }).
 * In memory mode ('default': 1.x's default) `data` holds base64. In filesystem
 * mode (2.x's default) `id` is "filesystem-v2:<path>" relative to the storage dir
 * (<n8nFolder>/storage on 2.x, <n8nFolder>/binaryData on 1.x).
 */
function readBinary(ctx, bin) {
	if (!bin) throw new Error('no binary entry');
	if (bin.id) return fs.readFileSync(binaryPath(ctx, bin));
	if (typeof bin.data === 'string') return Buffer.from(bin.data, 'base64');
	throw new Error('binary entry has neither id nor data');
}

/** The file behind a filesystem-mode binary entry (one with an `id`). */
function binaryPath(ctx, bin) {
	const m = /^([a-z0-9-]+):(.*)$/i.exec(bin.id || '');
	if (!m || !m[1].startsWith('filesystem')) throw new Error(`cannot read binary id ${bin.id}`);
	const base = ctx.env.N8N_BINARY_DATA_STORAGE_PATH || ctx.env.N8N_STORAGE_PATH;
	const candidates = base ? [base] : [path.join(ctx.n8nFolder, 'storage'), path.join(ctx.n8nFolder, 'binaryData')];
	const file = candidates.map((dir) => path.join(dir, m[2])).find((f) => fs.existsSync(f));
	if (!file) throw new Error(`binary file for ${bin.id} not found under ${candidates.join(', ')}`);
	return file;
}

/** GET that never throws: null when nothing answered (n8n not listening yet). */
function httpGet(url) {
	return rest.request('GET', url, undefined, { timeoutMs: 2000 }).catch(() => null);
}

/**
 * `n8n start` in this user folder; resolves when GET <url>/healthz answers 200.
 * @param {{port?:number, timeoutMs?:number, env?:Object, stdio?:'pipe'|'inherit'}} opts
 * @returns {Promise<{url:string, port:number, process:import('child_process').ChildProcess, output:()=>string, stop:()=>Promise<void>}>}
 */
async function startN8n(ctx, { port, timeoutMs = 180 * 1000, env = {}, stdio = 'pipe' } = {}) {
	port = port || (await getFreePort());
	const childEnv = await processEnv(ctx, { ...env, N8N_PORT: String(port) });
	const url = `http://127.0.0.1:${port}`;
	const child = spawn(ctx.n8n.nodeBin, [ctx.n8n.n8nBin, 'start'], {
		cwd: ctx.userFolder,
		env: childEnv,
		stdio: stdio === 'inherit' ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let out = '';
	if (child.stdout) child.stdout.on('data', (d) => (out += d));
	if (child.stderr) child.stderr.on('data', (d) => (out += d));
	let exited = null;
	liveGroups.add(child);
	const exitPromise = new Promise((resolve) =>
		child.on('exit', (code, signal) => {
			liveGroups.delete(child);
			resolve((exited = { code, signal }));
		}),
	);

	const stop = async () => {
		if (exited) return;
		killGroup(child, 'SIGTERM');
		const t = setTimeout(() => killGroup(child, 'SIGKILL'), 20 * 1000);
		await exitPromise;
		clearTimeout(t);
		killGroup(child, 'SIGKILL'); // leftovers of the group (task runner)
	};

	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (exited) throw new Error(`n8n start exited (${JSON.stringify(exited)}) before it was healthy:\n${out}`);
		// /healthz answers as soon as the HTTP server listens (migrations may still run);
		// /healthz/readiness once the DB is up; n8n serves "n8n is starting up" until init is done.
		const health = await httpGet(`${url}/healthz`);
		const ready = health && health.status === 200 ? await httpGet(`${url}/healthz/readiness`) : null;
		const settings = ready && ready.status === 200 ? await httpGet(`${url}/rest/settings`) : null;
		if (settings && settings.status === 200 && !/starting up/i.test(settings.text)) break;
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`n8n start: ${url}/healthz not ready after ${timeoutMs} ms:\n${out}`);
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	return { url, port, process: child, output: () => out, stop };
}

/**
 * What a line needs for the Data Table recipe. n8n 1.x's default SQLite runs without a pool: Data Table updates
 * at once (three callbacks' claims) break its transactions ("no such savepoint"), and every later Data Table call
 * fails ("near "-": syntax error") until a restart (scripts/n8n/probe-sqlite-claims.js). With the pool size n8n
 * 2.x defaults to, they do not. The README asks 1.x users for the same.
 */
const RECIPE_ENV = { v1: { DB_SQLITE_POOL_SIZE: '3' }, v2: {} };

module.exports = {
	ENCRYPTION_KEY,
	RECIPE_ENV,
	packPackage,
	installPackageInto,
	createUserFolder,
	removeUserFolder,
	runN8n,
	importCredential,
	importWorkflow,
	executeWorkflow,
	readBinary,
	binaryPath,
	startN8n,
	getFreePort,
};
