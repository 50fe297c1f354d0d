#!/usr/bin/env node
'use strict';
/*
 * npm run test:live: one cheapest task per mode on the real Vtrix API, polled at the read path, then a table of the
 * assumptions of docs/api-notes.md that held and did not. Costs money: see docs/live-test.md. Without
 * VTRIX_API_KEY it prints "skipped: VTRIX_API_KEY not set" and exits 0. Exit 1 when an assumption did not hold,
 * 2 on a malformed setting. The key is sent in the Authorization header and never printed.
 */
const crypto = require('crypto');
const { readConfig } = require('./config');
const { plan } = require('./bodies');
const { createGateway, redact } = require('./gateway');
const { startReceiver } = require('./receiver');
const { checkAssumptions, taskSummary, NOT_HELD } = require('./checks');
const { table } = require('./report');

const ENDED = ['completed', 'failed'];
const MAX_FAILED_READS = 5; // consecutive non-200 reads before a task's polling stops
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const idOf = (json) => (json && typeof json === 'object' ? json.id ?? json.task_id ?? null : null);

async function runTask(gateway, item, config, say) {
	const started = Date.now();
	const t = { mode: item.mode, model: item.model, payload: item.body.payload, create: null, reads: [], timedOut: false, seconds: 0 };
	t.create = await gateway.create(item.body);
	const id = t.create.status === 200 ? idOf(t.create.json) : null;
	if (id === null) {
		say(`${item.mode}: create answered ${t.create.status === null ? `nothing (${t.create.error})` : `HTTP ${t.create.status} ${t.create.text}`}`);
		return t;
	}
	say(`${item.mode}: created ${id} (${item.model})`);
	let failedReads = 0;
	for (;;) {
		if (Date.now() - started > config.timeoutSeconds * 1000) {
			t.timedOut = true;
			break;
		}
		await sleep(config.pollSeconds * 1000);
		const r = await gateway.read(id);
		t.reads.push(r);
		if (r.status !== 200) {
			if (++failedReads >= MAX_FAILED_READS) break;
			continue;
		}
		failedReads = 0;
		if (r.json && ENDED.includes(r.json.status)) break;
	}
	t.seconds = Math.round((Date.now() - started) / 1000);
	const last = t.reads[t.reads.length - 1];
	say(`${item.mode}: ${last ? (last.status === 200 && last.json ? last.json.status : `read HTTP ${last.status}`) : 'not read'} after ${t.seconds} s`);
	return t;
}

/** Waits until every created task has an ended callback, or the wait runs out; returns the seconds waited. */
async function awaitCallbacks(receiver, tasks, seconds) {
	const ids = tasks.map((t) => (t.create.status === 200 ? idOf(t.create.json) : null)).filter((id) => id !== null);
	const started = Date.now();
	const done = () => ids.every((id) => receiver.calls.some((c) => idOf(c.json) === id && c.json && ENDED.includes(c.json.status)));
	while (!done() && Date.now() - started < seconds * 1000) await sleep(500);
	return Math.round((Date.now() - started) / 1000);
}

async function main(env, write) {
	let config;
	try {
		config = readConfig(env);
	} catch (err) {
		write(`live test: ${err.message}`);
		return 2;
	}
	if (!config) {
		write('skipped: VTRIX_API_KEY not set');
		return 0;
	}
	const say = (line) => write(redact(line, config.apiKey));
	const runId = crypto.randomBytes(4).toString('hex');
	const items = plan(config, (mode) => `n8n-nodes-vidu live test ${mode} ${runId}`);
	const toRun = items.filter((i) => !i.skipped);
	const skipped = items.filter((i) => i.skipped);
	say(`Live test against ${config.baseUrl}, run ${runId}: ${toRun.map((i) => `${i.mode} (${i.model})`).join(', ') || 'no mode'}`);
	for (const s of skipped) say(`${s.mode}: skipped, ${s.skipped}`);

	const receiver = config.callbackUrl && config.callbackPort ? await startReceiver(config.callbackPort) : null;
	if (receiver) say(`callbacks: listening on 127.0.0.1:${receiver.port} for ${config.callbackUrl}`);
	try {
		const gateway = createGateway(config);
		const tasks = await Promise.all(toRun.map((i) => runTask(gateway, i, config, say)));
		const missingRead = await gateway.read(`live-test-missing-${runId}`);
		const wrongKeyRead = await gateway.readWithWrongKey(`live-test-missing-${runId}`);
		const callback = { setup: !config.callbackUrl ? 'none' : receiver ? 'received' : 'url-only', calls: receiver ? receiver.calls : [], waitedSeconds: 0 };
		if (receiver) callback.waitedSeconds = await awaitCallbacks(receiver, tasks, config.callbackWaitSeconds);
		const record = { tasks, missingRead, wrongKeyRead, callback, nowSeconds: Math.floor(Date.now() / 1000) };
		const rows = checkAssumptions(record);
		say('');
		say(table([['mode', 'mode'], ['model', 'model'], ['task', 'task'], ['status', 'status'], ['cost', 'usage.cost'], ['seconds', 'seconds']], taskSummary(record, skipped)));
		say('');
		say(table([['n', '#'], ['assumption', 'assumption (docs/api-notes.md)'], ['result', 'result']], rows.map((r, i) => ({ ...r, n: i + 1 }))));
		say('');
		say('Seen:');
		rows.forEach((r, i) => say(`${i + 1}. ${r.detail}`));
		return rows.some((r) => r.result === NOT_HELD) ? 1 : 0;
	} finally {
		if (receiver) await receiver.close();
	}
}

if (require.main === module) {
	main(process.env, (line) => process.stdout.write(`${line}\n`)).then(
		(code) => process.exit(code),
		(err) => {
			process.stdout.write(`live test failed: ${redact(String(err && err.stack ? err.stack : err), process.env.VTRIX_API_KEY)}\n`);
			process.exit(2);
		},
	);
}

module.exports = { main };
