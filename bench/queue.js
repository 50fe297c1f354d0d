'use strict';
/*
 * Part 3: the package in n8n 2.x queue mode (scripts/queue/cluster.js: Postgres, Redis, main, 2 workers,
 * webhook processor, binary data in `database` mode), against the simulator, T = 10 s:
 *   a. 200 items in one execution (Create and Wait + Download Video, Max Tasks in Flight 200): wall ÷ T;
 *   b. the callback path for 200 tasks (Create with the Vidu Trigger's URL as Callback URL): wall from the
 *      first create to the last trigger execution ÷ T, and executions open while the tasks run;
 *   c. peak RSS of the worker that downloads one 200 MiB video in `database` binary mode, next to the
 *      same run without the download;
 *   d. the batch-by-callback recipe (ledger + sweep every 20 s) and a provider that delivers each callback
 *      once (5 s wait): 200 tasks ending together, into one webhook processor and into two behind a
 *      round-robin balancer: answered within 5 s, finished by callback / by the sweep, time until all done.
 * The package is built and packed first; n8n 2.x, Redis and Postgres are installed when missing.
 */
require('./ts-register');
const fs = require('fs');
const path = require('path');
const runner = require('../scripts/n8n/runner');
const { build } = require('../scripts/demo');
const { startSimulator } = require('../simulator');
const q = require('../test/queue/helpers.ts');
const { table, fmt, verdict } = require('./lib');
const { startBalancer } = require('../scripts/queue/balancer');
const burst = require('../test/queue/onceBurst.ts');

const T = 10;
const BATCH = 200;
const VIDEO_MB = 200;
const REPO = path.resolve(__dirname, '..');
const SWEEP_EVERY_S = 20;
const SWEEP_GRACE_S = 5;

function readStatusKb(pid, field) {
	const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
	return m ? Number(m[1]) : null;
}

/** Resets the kernel's peak-RSS mark (VmHWM) of a process to its current RSS (Linux, same user or root). */
function resetPeak(pid) {
	fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
}

async function activeWorkflow(cluster, workflow) {
	const saved = await cluster.createWorkflow(workflow, { activate: true });
	const hooks = await q.waitFor('the production webhook', async () => {
		const list = await cluster.webhooksOf(saved.id);
		return list.length ? list : null;
	}, 30000);
	return { id: saved.id, url: cluster.webhookUrl(hooks[0].webhookPath) };
}

async function oneExecution(cluster, wf, body, timeoutMs = 300000) {
	const before = await cluster.executions(wf.id);
	await q.postJson(wf.url, body);
	const [execution] = await q.waitForExecutions(cluster, wf.id, before, 1, timeoutMs);
	return execution;
}

async function batchRun(cluster, sim, wf, log) {
	sim.reset();
	log(`a. ${BATCH} items in one execution`);
	const execution = await oneExecution(cluster, wf, q.batchBody('bench', BATCH));
	const started = Date.parse(execution.startedAt);
	const creates = q.createdTasks(sim).map((t) => t.at);
	const downloads = sim.requests.filter((r) => r.path.startsWith('/files/')).map((r) => r.at);
	return {
		status: execution.status,
		wallS: q.executionSeconds(execution),
		firstCreateS: (Math.min(...creates) - started) / 1000,
		createsSpanS: (Math.max(...creates) - Math.min(...creates)) / 1000,
		downloadsSpanS: downloads.length ? (Math.max(...downloads) - Math.min(...downloads)) / 1000 : null,
		creates: creates.length,
		downloads: downloads.length,
		statusReads: sim.stats().statusReads,
	};
}

async function callbackRun(cluster, sim, wfCreate, wfTrigger, label, log) {
	sim.reset();
	log(`b. ${BATCH} tasks by callback, ${label}`);
	const beforeTrigger = await cluster.executions(wfTrigger.id);
	const createExecution = await oneExecution(cluster, wfCreate, q.batchBody('bench-callback', BATCH));
	const open = [];
	while (sim.callbacks.length === 0) {
		open.push((await cluster.openExecutions()).length);
		await q.sleep(250);
	}
	let triggerExecutions;
	try {
		triggerExecutions = await q.waitForExecutions(cluster, wfTrigger.id, beforeTrigger, BATCH, (T + 60) * 1000);
	} catch {
		triggerExecutions = (await cluster.executions(wfTrigger.id)).filter((e) => !beforeTrigger.some((b) => b.id === e.id) && e.stoppedAt);
	}
	const creates = q.createdTasks(sim).map((t) => t.at);
	const lastTrigger = triggerExecutions.length ? Math.max(...triggerExecutions.map((e) => Date.parse(e.stoppedAt))) : null;
	return {
		label,
		createStatus: createExecution.status,
		triggerExecutions: triggerExecutions.length,
		wallS: lastTrigger === null ? null : (lastTrigger - Math.min(...creates)) / 1000,
		heldMax: Math.max(...open),
		samples: open.length,
		callbacks: q.callbackSummary(sim),
	};
}

/** d. The recipe against a provider that calls once: `receiverUrl` is one processor's or the balancer's. */
async function onceRun(cluster, sim, recipe, ledger, receiverUrl, label, log) {
	sim.reset();
	sim.setCallbackDelivery('once');
	log(`d. ${BATCH} tasks, the recipe, a provider that calls once, ${label}`);
	const taskIds = await burst.createRecordedTasks(cluster, sim, ledger, BATCH, receiverUrl, `bench-once-${label.length}`);
	const reached = await burst.waitUntilReached(cluster, recipe.id, taskIds, (T + SWEEP_EVERY_S + SWEEP_GRACE_S + 240) * 1000);
	return { label, ...burst.summarize(sim, taskIds, reached) };
}

async function videoRun(cluster, sim, wf, download, log) {
	sim.reset();
	log(`c. one ${download ? `${VIDEO_MB} MiB video downloaded` : 'task, no download'} on a worker`);
	// The run goes to whichever worker takes the job: reset both peaks, read the one that ran it.
	for (const w of cluster.workers) resetPeak(w.pid);
	const base = Object.fromEntries(cluster.workers.map((w) => [w.name, readStatusKb(w.pid, 'VmRSS')]));
	const execution = await oneExecution(cluster, wf, { items: [{ key: 'video', prompt: `[sim:bigvideo=${VIDEO_MB}] bench video` }] });
	const worker = cluster.workers.find((w) => (cluster.startedBy()[w.name] || []).includes(execution.id));
	const peakKb = readStatusKb(worker.pid, 'VmHWM');
	let stored = null;
	if (download) {
		const rows = await cluster.pg.query(`select "fileSize" from binary_data where "sourceType" = 'execution' and "sourceId" = '${execution.id}'`);
		stored = rows.length ? Number(rows[0].fileSize) : null;
	}
	return { status: execution.status, worker: worker.name, rssBeforeKb: base[worker.name], peakKb, storedBytes: stored, wallS: q.executionSeconds(execution) };
}

async function queueRun({ log = () => {} } = {}) {
	build();
	const tgz = await runner.packPackage(REPO);
	const sim = await startSimulator({ port: 0, apiKey: q.SIM_KEY, taskSeconds: T, callbackDelivery: { retries: 4, retryDelayMs: 3000 }, maxLogEntries: 100000 });
	let cluster;
	try {
		// The callback path twice: to the webhook processor on n8n's defaults, and to one on the legacy expression engine.
		cluster = await q.openCluster(tgz, { extraWebhooks: [{ name: 'webhook-legacy', env: q.LEGACY_EXPRESSIONS_ENV }, { name: 'webhook-2' }] });
		log(`cluster up (logs ${cluster.logDir})`);
		const credentialId = await cluster.createCredential({ name: q.CREDENTIAL_NAME, type: 'vtrixApi', data: { apiKey: q.SIM_KEY, baseUrl: sim.url } });
		const createAndWait = (extra) => ({ operation: 'createAndWait', ...extra, additionalOptions: { maxTasksInFlight: BATCH } });
		const batch = await activeWorkflow(cluster, q.batchWorkflow('bench: batch', 'bench-batch', credentialId, sim.url, createAndWait({ downloadVideo: true })));
		const noDownload = await activeWorkflow(cluster, q.batchWorkflow('bench: no download', 'bench-no-download', credentialId, sim.url, createAndWait({ downloadVideo: false })));
		const trigger = await activeWorkflow(cluster, q.triggerWorkflow('bench: trigger', credentialId));
		const receivers = [
			{ label: "webhook processor with n8n's defaults", url: trigger.url },
			{
				label: `webhook processor with ${Object.entries(q.LEGACY_EXPRESSIONS_ENV).map(([k, v]) => `${k}=${v}`).join(' ')}`,
				url: trigger.url.replace(cluster.webhook.url, cluster.extraWebhooks['webhook-legacy'].url),
			},
		];
		const byCallback = [];
		for (const [i, receiver] of receivers.entries()) {
			const wf = q.batchWorkflow(`bench: by callback ${i}`, `bench-by-callback-${i}`, credentialId, sim.url, { operation: 'create', additionalOptions: { callbackUrl: receiver.url } });
			byCallback.push(await activeWorkflow(cluster, wf));
		}
		const batchResult = await batchRun(cluster, sim, batch, log);
		const callbackResults = [];
		for (const [i, receiver] of receivers.entries()) callbackResults.push(await callbackRun(cluster, sim, byCallback[i], trigger, receiver.label, log));
		const ledger = await burst.openLedger(cluster);
		const recipe = await activeWorkflow(cluster, burst.receiveRecipe(credentialId, ledger, SWEEP_EVERY_S, SWEEP_GRACE_S, '7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f'));
		const balancer = await startBalancer([cluster.webhook.url, cluster.extraWebhooks['webhook-2'].url]);
		const once = [];
		try {
			once.push(await onceRun(cluster, sim, recipe, ledger, recipe.url, "one webhook processor on n8n's defaults", log));
			once.push(await onceRun(cluster, sim, recipe, ledger, recipe.url.replace(cluster.webhook.url, balancer.url), "two webhook processors on n8n's defaults behind a round-robin balancer", log));
		} finally {
			await balancer.close();
		}
		sim.setTaskSeconds(1);
		const video = [];
		for (const download of [false, true, false, true]) video.push({ download, ...(await videoRun(cluster, sim, download ? batch : noDownload, download, log)) });
		return { version: cluster.n8n.version, T, batch: batchResult, callbacks: callbackResults, once, video };
	} finally {
		if (cluster) await cluster.stop();
		await sim.close();
		fs.rmSync(path.dirname(tgz), { recursive: true, force: true });
	}
}

const WALL_TARGET = 1.5;
const mib = (kb) => (kb / 1024).toFixed(0);

/** Runs part 3 and appends its tables to `report`, its targets to `verdicts`. */
async function queuePart(report, verdicts, progress) {
	progress('queue mode: n8n 2.x main + 2 workers + webhook processor, Postgres, Redis (a few minutes)');
	const r = await queueRun({ log: (line) => progress(`  ${line}`) });
	const b = r.batch;
	const c = r.callbacks[0];
	report.push(`## 3. Queue mode: n8n ${r.version}, main + 2 workers + webhook processor, Postgres, Redis, binary data in \`database\` mode (T = ${r.T} s)`, '');
	report.push(
		table(
			['run', 'wall s', 'wall ÷ T', 'notes'],
			[
				[
					`a. ${BATCH} items, one execution, Create and Wait + Download Video, Max Tasks in Flight ${BATCH}`,
					fmt(b.wallS, 1),
					fmt(b.wallS / r.T, 2),
					`${b.status}; first create ${fmt(b.firstCreateS, 1)} s after the start, creates over ${fmt(b.createsSpanS, 1)} s, downloads over ${fmt(b.downloadsSpanS, 1)} s; ${b.creates} creates, ${(b.statusReads / b.creates).toFixed(1)} reads per task`,
				],
				...r.callbacks.map((x) => [
					`b. ${BATCH} tasks by callback (Create → Vidu Trigger), first create → last trigger execution; ${x.label}`,
					fmt(x.wallS, 1),
					x.wallS === null ? '–' : fmt(x.wallS / r.T, 2),
					`${x.triggerExecutions} of ${BATCH} trigger executions; executions open while the tasks ran: at most ${x.heldMax} (${x.samples} samples); callbacks answered 2xx at the first try ${x.callbacks.firstTry}, after retries ${x.callbacks.afterRetry}, never ${x.callbacks.never} (the simulator waits 5 s for an answer and retries 4 times, 3 s apart)`,
				]),
			],
			['l', 'r', 'r', 'l'],
		),
		'',
	);
	report.push(
		table(
			['d. the recipe, a provider that calls once (5 s wait), 200 tasks ending together', 'answered within 5 s', 'by callback', 'by the sweep', 'reached the last node once / twice / never', 'first task end → all done, s'],
			r.once.map((x) => [
				x.label,
				`${x.answered} of ${x.tasks}`,
				String(x.byCallback),
				String(x.bySweep),
				`${x.once} / ${x.twice} / ${x.lost}`,
				x.allDoneS === null ? '–' : fmt(x.allDoneS, 1),
			]),
			['l', 'r', 'r', 'r', 'r', 'r'],
		),
		'',
		`The receive recipe (examples/batch-by-callback-receive.json) with its sweep every ${SWEEP_EVERY_S} s for tasks older than ${SWEEP_GRACE_S} s (shipped: every 5 minutes, older than 5 minutes); the tasks recorded in its Data Table as the create workflow records them; the tasks' ends spread over ${r.once.map((x) => `${x.endSpreadMs} ms`).join(' and ')}.`,
		'',
	);
	report.push(
		table(
			['worker run (1 item, task 1 s)', 'worker', 'RSS before MiB', 'peak RSS MiB', 'growth MiB', 'stored bytes', 'run s'],
			r.video.map((v) => [
				v.download ? `Create and Wait + Download Video, ${VIDEO_MB} MiB, \`database\` mode` : 'Create and Wait, no download (baseline)',
				v.worker,
				mib(v.rssBeforeKb),
				mib(v.peakKb),
				mib(v.peakKb - v.rssBeforeKb),
				v.storedBytes ?? '',
				fmt(v.wallS, 1),
			]),
			['l', 'l', 'r', 'r', 'r', 'r', 'r'],
		),
		'',
		'Peak RSS = the worker process\'s VmHWM, reset (/proc/<pid>/clear_refs) just before the run; a worker that stored a video before keeps much of that memory (a high RSS before, a small growth). In `database` mode n8n 2.41 collects the whole file into one Buffer (binaryToBuffer) and inserts it as one `bytea` parameter, so a worker holds the video several times over while it stores it; `N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE` (default 512 MiB) caps the file.',
		'',
	);
	verdicts.push([`3a. queue mode, ${BATCH} items in one execution: wall ÷ T ≤ ${WALL_TARGET}`, fmt(b.wallS / r.T, 2), verdict(b.wallS / r.T <= WALL_TARGET)]);
	verdicts.push([`3b. callback path, ${BATCH} tasks: executions held while tasks run = 0`, String(c.heldMax), verdict(c.heldMax === 0)]);
	verdicts.push([`3b. callback path: ${BATCH} trigger executions (n8n's defaults)`, String(c.triggerExecutions), verdict(c.triggerExecutions === BATCH)]);
	verdicts.push([`3b. callback path: every callback answered 2xx, at the first try or a retry (n8n's defaults)`, `${c.callbacks.never} never`, verdict(c.callbacks.never === 0)]);
	for (const x of r.once) {
		verdicts.push([`3d. the recipe, a provider that calls once, ${x.label}: every task reaches the last node exactly once`, `${x.once} once, ${x.twice} twice, ${x.lost} never`, verdict(x.once === BATCH)]);
	}
	return r;
}

module.exports = { queueRun, queuePart, T, BATCH, VIDEO_MB };
