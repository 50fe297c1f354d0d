'use strict';
/*
 * n8n 2.x in queue mode on this machine: Postgres + Redis (./services.js), one main, N workers and
 * one webhook processor, each n8n process with its own user folder holding this package installed
 * as a community package (as separate containers would), one shared encryption key, binary data in
 * `database` mode. Loopback only.
 *
 *   const cluster = await startCluster({ tgz, log });
 *   const wf = await cluster.createWorkflow(json, { activate: true });  // via n8n's REST API
 *   cluster.webhookUrl(path); cluster.executions(wf.id); cluster.runData(executionId);
 *   await cluster.stop();
 *
 * What every process needs, and why (see README "Queue mode"): the same N8N_ENCRYPTION_KEY (credentials
 * are decrypted where the node runs), DB_* and QUEUE_BULL_REDIS_*; its own task-runner broker port,
 * HTTP port and log/event-log files (here: its own user folder), and a distinct host id.
 */
const fs = require('fs');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const runner = require('../n8n/runner');
const rest = require('../n8n/rest');
const { childEnv } = require('../n8n/childEnv');
const { ensureN8n } = require('../n8n/install');
const { startPostgres, startRedis } = require('./services');
const { spawnGroup, stopGroup, registerDir, forgetDir } = require('./procs');

const OWNER = { email: 'queue-owner@example.com', password: 'QueueOwner1234' };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @param {{tgz:string, workers?:number, workerConcurrency?:number, env?:Object, webhookEnv?:Object,
 *   extraWebhooks?:Array<{name:string, env?:Object}>, log?:(line:string)=>void}} opts
 *   workerConcurrency: jobs one worker runs at once (n8n's --concurrency, default 10 there);
 *   env: added to every process's environment; webhookEnv: to the webhook processor's only;
 *   extraWebhooks: more webhook processors (cluster.extraWebhooks[name]), e.g. with other settings.
 */
async function startCluster({ tgz, workers = 2, workerConcurrency = 10, env = {}, webhookEnv = {}, extraWebhooks = [], log = () => {} }) {
	const n8n = ensureN8n('v2');
	const t0 = Date.now();
	const say = (msg) => log(`${msg} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
	const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-vidu-queue-logs-'));
	registerDir(logDir);
	const procs = [];
	const userFolders = [];
	let pg;
	let redis;
	const stop = async () => {
		await Promise.all(procs.map((p) => p.stop()));
		if (redis) await redis.stop();
		if (pg) await pg.stop();
		for (const dir of userFolders) {
			fs.rmSync(dir, { recursive: true, force: true });
			forgetDir(dir);
		}
		if (!process.env.VIDU_QUEUE_KEEP_LOGS) fs.rmSync(logDir, { recursive: true, force: true });
		else log(`kept the n8n logs in ${logDir}`);
		forgetDir(logDir);
	};
	try {
		[pg, redis] = await Promise.all([startPostgres({ log: say }), startRedis({ log: say })]);
		const webhookPort = await runner.getFreePort();
		const shared = {
			EXECUTIONS_MODE: 'queue',
			N8N_ENCRYPTION_KEY: crypto.randomBytes(24).toString('hex'),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: pg.host,
			DB_POSTGRESDB_PORT: String(pg.port),
			DB_POSTGRESDB_DATABASE: pg.database,
			DB_POSTGRESDB_USER: pg.user,
			DB_POSTGRESDB_PASSWORD: pg.password,
			QUEUE_BULL_REDIS_HOST: redis.host,
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			N8N_DEFAULT_BINARY_DATA_MODE: 'database',
			// Production webhooks (and the Vidu Trigger's URL shown in the editor) go to the webhook processor.
			WEBHOOK_URL: `http://127.0.0.1:${webhookPort}/`,
			N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
			N8N_LOG_OUTPUT: 'console',
			N8N_LOG_LEVEL: 'info',
			NODE_OPTIONS: `--require ${path.join(__dirname, 'hostname.js')}`,
			...env,
		};
		const start = async (name, command, extra = {}) => {
			const ctx = await runner.createUserFolder({ line: 'v2', tgz, env: shared });
			userFolders.push(ctx.userFolder);
			registerDir(ctx.userFolder);
			const proc = await spawnN8n(ctx, name, command, logDir, extra);
			procs.push(proc);
			return proc;
		};

		// main first: it runs the database migrations.
		const main = await start('main', ['start']);
		await main.ready();
		say(`main ready on ${main.url}`);
		const others = [];
		for (let i = 1; i <= workers; i++) others.push(start(`worker-${i}`, ['worker', `--concurrency=${workerConcurrency}`]));
		others.push(start('webhook', ['webhook'], { ...webhookEnv, N8N_PORT: String(webhookPort) }));
		for (const extra of extraWebhooks) others.push(start(extra.name, ['webhook'], extra.env || {}));
		const started = await Promise.all(others);
		await Promise.all(started.map((p) => p.ready()));
		say(`${workers} workers and the webhook processor ready`);

		const ownerState = await rest.ensureOwner(main.url, OWNER);
		if (ownerState !== 'created' && ownerState !== 'exists') throw new Error(ownerState);
		const cookie = await rest.login(main.url, OWNER);
		const api = rest.sessionApi(main.url, cookie);

		return {
			n8n,
			pg,
			redis,
			logDir,
			main,
			webhook: started[workers],
			extraWebhooks: Object.fromEntries(started.slice(workers + 1).map((p) => [p.name, p])),
			workers: started.slice(0, workers),
			processes: procs,
			api,
			stop,
			createCredential: (cred) => rest.createCredential(main.url, cookie, cred),
			createWorkflow: (workflow, opts) => createWorkflow(api, workflow, opts),
			/** Production webhook URL of an active workflow's webhook (path as stored by n8n). */
			webhookUrl: (webhookPath) => `${shared.WEBHOOK_URL}webhook/${webhookPath}`,
			webhooksOf: (workflowId) =>
				pg.query(`select "webhookPath", method, node from webhook_entity where "workflowId" = '${sqlText(workflowId)}'`),
			executions: (workflowId) => executions(pg, workflowId),
			openExecutions: () => pg.query(`select id, "workflowId", status from execution_entity where status in ('new', 'running', 'waiting')`),
			runData: (executionId) => runData(n8n, pg, executionId),
			binaryRows: (executionId) =>
				pg.query(`select "fileId", "fileSize", "mimeType", "fileName", encode(data, 'hex') as data from binary_data where "sourceType" = 'execution' and "sourceId" = '${sqlText(executionId)}'`),
			/** "Worker started execution <id>" lines per worker: { 'worker-1': ['12', ...], ... }. */
			startedBy: () => startedBy(procs.filter((p) => p.command === 'worker')),
		};
	} catch (err) {
		err.message += `\n(n8n logs: ${logDir}; last lines:\n${procs.map((p) => `--- ${p.name}\n${p.tail(15)}`).join('\n')})`;
		process.env.VIDU_QUEUE_KEEP_LOGS = process.env.VIDU_QUEUE_KEEP_LOGS || '1';
		await stop();
		throw err;
	}
}

function sqlText(value) {
	return String(value).replace(/'/g, "''");
}

/** One n8n process (`n8n <command>`) in its own process group, output to <logDir>/<name>.log. */
async function spawnN8n(ctx, name, commandArgs, logDir, extra) {
	const logFile = path.join(logDir, `${name}.log`);
	const fd = fs.openSync(logFile, 'a');
	const port = extra.N8N_PORT || String(await runner.getFreePort());
	const env = childEnv({
		...ctx.env,
		N8N_PORT: port,
		N8N_RUNNERS_BROKER_PORT: String(await runner.getFreePort()),
		N8N_VIDU_QUEUE_HOSTNAME: `vidu-${name}`,
		...extra,
	});
	const proc = spawnGroup(name, ctx.n8n.nodeBin, [ctx.n8n.n8nBin, ...commandArgs], { cwd: ctx.userFolder, env, stdio: ['ignore', fd, fd] });
	fs.closeSync(fd);
	const command = commandArgs[0];
	const url = `http://127.0.0.1:${port}`;
	const read = () => fs.readFileSync(logFile, 'utf8');
	const self = {
		name,
		command,
		url,
		logFile,
		userFolder: ctx.userFolder,
		hostId: `${command === 'start' ? 'main' : command}-vidu-${name}`,
		get pid() {
			return proc.child.pid;
		},
		isRunning: proc.isRunning,
		exited: proc.exited,
		log: read,
		tail: (n = 30) => {
			try {
				return read().split('\n').slice(-n).join('\n');
			} catch {
				return '';
			}
		},
		/** SIGKILL the whole group at once (the worker and its task runner), as a crash would. */
		kill: () => {
			try {
				process.kill(-proc.child.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
		},
		stop: () => stopGroup(proc, { signal: 'SIGTERM', graceMs: 20000 }),
		ready: () => waitReady(self, command),
	};
	return self;
}

async function waitReady(proc, command, timeoutMs = 240000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (!proc.isRunning()) throw new Error(`n8n ${proc.name} exited before it was ready:\n${proc.tail(40)}`);
		if (await isReady(proc, command)) return;
		if (Date.now() > deadline) throw new Error(`n8n ${proc.name} not ready after ${timeoutMs / 1000} s:\n${proc.tail(40)}`);
		await sleep(500);
	}
}

async function isReady(proc, command) {
	if (command === 'worker') return /n8n worker is now ready/.test(proc.log());
	const get = (route) => rest.request('GET', `${proc.url}${route}`, undefined, { timeoutMs: 3000 }).catch(() => null);
	const ready = await get('/healthz/readiness');
	if (!ready || ready.status !== 200) return false;
	if (command === 'webhook') return true;
	const settings = await get('/rest/settings');
	return Boolean(settings && settings.status === 200 && !/starting up/i.test(settings.text));
}

/** POST /rest/workflows, then (activate) POST /rest/workflows/:id/activate with the saved version. */
async function createWorkflow(api, workflow, { activate = false } = {}) {
	const { id: _ignored, active: _active, ...body } = workflow;
	const saved = await api('POST', '/workflows', { settings: {}, ...body });
	if (!activate) return saved;
	return api('POST', `/workflows/${saved.id}/activate`, { versionId: saved.versionId });
}

function executions(pg, workflowId) {
	return pg.query(
		`select id::text as id, status, mode, finished, "startedAt", "stoppedAt", "createdAt" from execution_entity where "workflowId" = '${sqlText(workflowId)}' order by id`,
	);
}

/** The stored run data of an execution (n8n keeps it in execution_data as `flatted` JSON). */
async function runData(n8n, pg, executionId) {
	const rows = await pg.query(`select data from execution_data where "executionId" = ${Number(executionId)}`);
	if (!rows.length) return null;
	// n8n's own copy of the format's parser.
	const { parse } = require(path.join(n8n.dir, 'node_modules', 'flatted'));
	return parse(rows[0].data);
}

function startedBy(workers) {
	const out = {};
	for (const w of workers) {
		out[w.name] = [...w.log().matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]);
	}
	return out;
}

module.exports = { startCluster, OWNER };
