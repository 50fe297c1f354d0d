'use strict';
/*
 * Throw-away PostgreSQL and Redis for n8n's queue mode: a temp data dir each, loopback only, a
 * free port each, no persistence, stopped by stop() or by ./procs.js whatever happens.
 *
 *   const pg = await startPostgres();   // { host, port, user, password, database, query(sql), stop() }
 *   const redis = await startRedis();   // { host, port, stop() }
 *
 * Postgres runs as the `postgres` system user when this process is root (initdb refuses root).
 * Durability is switched off (fsync, synchronous_commit): these databases live for one test run.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawnSync, execFile } = require('child_process');
const { ensureQueueDeps } = require('./install');
const { spawnGroup, stopGroup, registerDir, forgetDir } = require('./procs');
const { getFreePort } = require('../n8n/runner');

const DB_NAME = 'n8n';
const DB_USER = 'n8n';
const DB_PASSWORD = 'n8n-queue-test';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function idOf(user) {
	const uid = spawnSync('id', ['-u', user], { encoding: 'utf8' });
	const gid = spawnSync('id', ['-g', user], { encoding: 'utf8' });
	if (uid.status !== 0 || gid.status !== 0) throw new Error(`no system user "${user}"`);
	return { uid: Number(uid.stdout), gid: Number(gid.stdout) };
}

function tail(text, n = 30) {
	return text.split('\n').slice(-n).join('\n');
}

/** Output of a child kept in memory (last 64 KiB) for error messages. */
function collect(child) {
	let out = '';
	const add = (d) => {
		out = (out + d).slice(-65536);
	};
	if (child.stdout) child.stdout.on('data', add);
	if (child.stderr) child.stderr.on('data', add);
	return () => out;
}

async function startPostgres({ log = () => {} } = {}) {
	const deps = ensureQueueDeps();
	const asUser = process.getuid && process.getuid() === 0 ? idOf(deps.pgUser) : null;
	const base = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-vidu-pg-'));
	registerDir(base);
	const dataDir = path.join(base, 'data');
	const socketDir = path.join(base, 'run');
	fs.mkdirSync(dataDir);
	fs.mkdirSync(socketDir);
	const pwFile = path.join(base, 'pw');
	fs.writeFileSync(pwFile, DB_PASSWORD);
	if (asUser) for (const p of [base, dataDir, socketDir, pwFile]) fs.chownSync(p, asUser.uid, asUser.gid);
	const runAs = asUser ? { uid: asUser.uid, gid: asUser.gid } : {};
	const env = { ...process.env, LC_ALL: 'C', HOME: base };

	const init = spawnSync(
		path.join(deps.pgBin, 'initdb'),
		['-D', dataDir, '-U', DB_USER, `--pwfile=${pwFile}`, '--auth=scram-sha-256', '--no-sync', '-E', 'UTF8', '--locale=C'],
		{ encoding: 'utf8', env, cwd: base, ...runAs },
	);
	if (init.status !== 0) throw new Error(`initdb failed:\n${tail(init.stdout + init.stderr)}`);

	const port = await getFreePort();
	const proc = spawnGroup(
		'postgres',
		path.join(deps.pgBin, 'postgres'),
		[
			'-D', dataDir,
			'-p', String(port),
			'-c', 'listen_addresses=127.0.0.1',
			'-c', `unix_socket_directories=${socketDir}`,
			'-c', 'fsync=off',
			'-c', 'synchronous_commit=off',
			'-c', 'full_page_writes=off',
			'-c', 'max_connections=200',
		],
		{ env, cwd: base, stdio: ['ignore', 'pipe', 'pipe'], ...runAs },
	);
	const output = collect(proc.child);
	const pg = {
		host: '127.0.0.1',
		port,
		user: DB_USER,
		password: DB_PASSWORD,
		database: DB_NAME,
		pid: proc.child.pid,
		output,
		/** Rows of a SELECT as objects (the query is wrapped in json_agg); async, so the event loop keeps serving. */
		query: (sql) => query(deps.psql, pg, sql),
		/** psql -c for statements that return nothing useful. */
		exec: (sql, database = DB_NAME) => psql(deps.psql, pg, sql, database),
		stop: async () => {
			// SIGINT = Postgres's fast shutdown.
			await stopGroup(proc, { signal: 'SIGINT', graceMs: 10000 });
			fs.rmSync(base, { recursive: true, force: true });
			forgetDir(base);
		},
	};
	const deadline = Date.now() + 60000;
	for (;;) {
		if (!proc.isRunning()) throw new Error(`postgres exited at start:\n${tail(output())}`);
		try {
			psql(deps.psql, pg, 'select 1', 'postgres');
			break;
		} catch (err) {
			if (Date.now() > deadline) {
				await pg.stop();
				throw new Error(`postgres did not accept connections within 60 s: ${err.message}\n${tail(output())}`);
			}
			await sleep(250);
		}
	}
	psql(deps.psql, pg, `create database ${DB_NAME}`, 'postgres');
	log(`postgres ${port} (data ${dataDir})`);
	return pg;
}

function psqlArgs(pg, sql, database) {
	return ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-h', pg.host, '-p', String(pg.port), '-U', pg.user, '-d', database, '-c', sql];
}

const psqlOptions = (pg) => ({
	encoding: 'utf8',
	maxBuffer: 1024 * 1024 * 1024,
	env: { ...process.env, PGPASSWORD: pg.password, PGCONNECT_TIMEOUT: '5' },
});

function psql(bin, pg, sql, database) {
	const res = spawnSync(bin, psqlArgs(pg, sql, database), psqlOptions(pg));
	if (res.status !== 0) throw new Error(`psql failed (${sql.slice(0, 200)}): ${(res.stderr || res.error?.message || '').trim()}`);
	return res.stdout;
}

function query(bin, pg, sql) {
	const wrapped = `select coalesce(json_agg(t), '[]'::json) from (${sql}) t`;
	return new Promise((resolve, reject) => {
		execFile(bin, psqlArgs(pg, wrapped, pg.database), psqlOptions(pg), (err, stdout, stderr) => {
			if (err) return reject(new Error(`psql failed (${sql.slice(0, 200)}): ${(stderr || err.message).trim()}`));
			resolve(JSON.parse(stdout.trim() || '[]'));
		});
	});
}

async function startRedis({ log = () => {} } = {}) {
	const deps = ensureQueueDeps();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-vidu-redis-'));
	registerDir(dir);
	const port = await getFreePort();
	const proc = spawnGroup(
		'redis',
		deps.redisServer,
		['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'],
		{ cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const output = collect(proc.child);
	const redis = {
		host: '127.0.0.1',
		port,
		pid: proc.child.pid,
		output,
		stop: async () => {
			await stopGroup(proc, { signal: 'SIGTERM', graceMs: 5000 });
			fs.rmSync(dir, { recursive: true, force: true });
			forgetDir(dir);
		},
	};
	const deadline = Date.now() + 30000;
	while (!(await ping(port))) {
		if (!proc.isRunning() || Date.now() > deadline) {
			await redis.stop();
			throw new Error(`redis did not start:\n${tail(output())}`);
		}
		await sleep(100);
	}
	log(`redis ${port}`);
	return redis;
}

/** PING over a raw socket: true on +PONG. */
function ping(port) {
	const net = require('net');
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		let data = '';
		const done = (ok) => {
			socket.destroy();
			resolve(ok);
		};
		socket.setTimeout(1000, () => done(false));
		socket.on('error', () => done(false));
		socket.on('connect', () => socket.write('PING\r\n'));
		socket.on('data', (d) => {
			data += d;
			if (data.includes('\r\n')) done(data.startsWith('+PONG'));
		});
	});
}

module.exports = { startPostgres, startRedis };
