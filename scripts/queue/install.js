#!/usr/bin/env node
'use strict';
/*
 * What `npm run test:queue` needs besides n8n: Redis and PostgreSQL server binaries, from
 * Debian's packages (`redis-server`, `postgresql`), plus the `postgres` system user that the
 * `postgresql` package creates (initdb refuses to run as root).
 *
 *   node scripts/queue/install.js        -> installs what is missing (as root), prints what it uses
 *   require('./install').ensureQueueDeps() -> { redisServer, pgBin, psql, pgUser }
 *
 * Missing packages: `apt-get update` once, then `apt-get install -y --no-install-recommends`.
 * Node's stdlib only.
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const PG_ROOT = '/usr/lib/postgresql';
const PG_USER = 'postgres';

function log(msg) {
	process.stderr.write(`[queue-install] ${msg}\n`);
}

function which(cmd) {
	const res = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
	return res.status === 0 ? res.stdout.trim() : null;
}

/** The bin dir of the newest PostgreSQL server installed the Debian way, or null. */
function findPgBin() {
	let versions = [];
	try {
		versions = fs.readdirSync(PG_ROOT).filter((v) => /^\d+$/.test(v));
	} catch {
		return null;
	}
	versions.sort((a, b) => Number(b) - Number(a));
	for (const v of versions) {
		const bin = path.join(PG_ROOT, v, 'bin');
		if (['initdb', 'postgres', 'psql'].every((b) => fs.existsSync(path.join(bin, b)))) return bin;
	}
	return null;
}

function userExists(name) {
	return spawnSync('id', ['-u', name]).status === 0;
}

function found() {
	const pgBin = findPgBin();
	return {
		redisServer: which('redis-server'),
		pgBin,
		psql: pgBin ? path.join(pgBin, 'psql') : null,
		pgUser: userExists(PG_USER) ? PG_USER : null,
	};
}

function missingPackages(deps) {
	const list = [];
	if (!deps.redisServer) list.push('redis-server');
	if (!deps.pgBin || !deps.pgUser) list.push('postgresql');
	return list;
}

function apt(args) {
	log(`apt-get ${args.join(' ')}`);
	const res = spawnSync('apt-get', args, {
		stdio: ['ignore', 'inherit', 'inherit'],
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		timeout: 15 * 60 * 1000,
	});
	return res.status === 0;
}

/**
 * Redis and PostgreSQL, installed with apt-get when missing.
 * @returns {{redisServer:string, pgBin:string, psql:string, pgUser:string}}
 */
function ensureQueueDeps() {
	let deps = found();
	const missing = missingPackages(deps);
	if (missing.length === 0) return deps;
	const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	if (!isRoot || !which('apt-get')) {
		throw new Error(`queue mode tests need ${missing.join(' and ')}: install them (Debian: apt-get install -y ${missing.join(' ')}) or run this as root on Debian`);
	}
	// The package lists may be stale or absent on a fresh machine: install, and on failure update once and retry.
	const installArgs = ['install', '-y', '--no-install-recommends', ...missing];
	if (!apt(installArgs)) {
		if (!apt(['update'])) throw new Error('apt-get update failed');
		if (!apt(installArgs)) throw new Error(`apt-get install ${missing.join(' ')} failed`);
	}
	deps = found();
	const still = missingPackages(deps);
	if (still.length) throw new Error(`still missing after apt-get install: ${still.join(', ')}`);
	return deps;
}

module.exports = { ensureQueueDeps };

if (require.main === module) {
	try {
		const deps = ensureQueueDeps();
		for (const [k, v] of Object.entries(deps)) process.stdout.write(`${k}\t${v}\n`);
	} catch (err) {
		log(`ERROR: ${err.message}`);
		process.exit(1);
	}
}
