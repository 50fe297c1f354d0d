#!/usr/bin/env node
'use strict';
/*
 * `npm run bench`: throughput and memory of the Vidu node against the local simulator.
 * Not part of `npm test`. Takes about 3 minutes. Needs the cached n8n 2.x install for part 2b
 * (scripts/n8n/install.js v2; skip that part with --parts=batch,image).
 *
 *   node bench/run.js [--parts=batch,image,video,queue] [--strict]
 *
 *   1. batch  – 1, 10, 50 items (Create and Wait, small PNG from a binary field), task time T = 3 s,
 *               through n8n-core's WorkflowExecute (test/helpers/n8nHarness.ts); next to the same
 *               batch done one task after another.
 *   2a. image – memory to send one 14.5 MB (13.9 MiB) PNG inline, and two ~7 MB frames (First and Last
 *       Frame to Video), each in a child process (--expose-gc).
 *   2b. video – peak RSS of a real n8n 2.x (filesystem binary mode) downloading a 200 MiB video,
 *               as shipped and with NODE_OPTIONS=--max-semi-space-size=1.
 *   3. queue  – n8n 2.x in queue mode (bench/queue.js): 200 items in one execution, 200 tasks by
 *               callback, a worker's peak RSS storing a 200 MiB video in `database` binary mode.
 *
 * Prints a report (markdown) and writes it to bench/results/latest.md. --strict: exit 1 when a
 * target fails.
 */
const fs = require('fs');
const path = require('path');
const { machine, table, fmt, mb, verdict } = require('./lib');

const T = 3;
const SIZES = [1, 10, 50];
/** Sequential baselines take N × (T + poll slack): measured for these sizes, 50 is 5 × the 10-item run. */
const SEQUENTIAL_MEASURED = [1, 10];
const READS_TARGET = T / 1 + 3;
const WALL_TARGET = 1.5;
const IMAGE_TARGET_FACTOR = 3;
const VIDEO_TARGET_MB = 64;

const args = process.argv.slice(2);
const partsArg = args.find((a) => a.startsWith('--parts='));
const parts = new Set((partsArg ? partsArg.slice('--parts='.length) : 'batch,image,video,queue').split(','));
const strict = args.includes('--strict');

const progress = (line) => process.stderr.write(`[bench] ${line}\n`);

async function batchPart(report, verdicts) {
	const { nodeRun, httpWaitLoopRun } = require('./batch');
	const rows = [];
	const node = {};
	for (const n of SIZES) {
		progress(`node, ${n} item(s), T = ${T} s`);
		node[n] = await nodeRun(T, n);
		if (node[n].completed !== n) throw new Error(`node run: ${node[n].completed} of ${n} tasks completed`);
	}
	const sequential = { node1s: {}, wait5s: {} };
	for (const n of SEQUENTIAL_MEASURED) {
		progress(`node one at a time (Max Tasks in Flight 1, Max Poll Interval 1 s), ${n} item(s)`);
		sequential.node1s[n] = await nodeRun(T, n, { maxPollInterval: 1 }, { maxTasksInFlight: 1 });
		progress(`HTTP Request + Wait 5 s loop, ${n} item(s)`);
		sequential.wait5s[n] = await httpWaitLoopRun(T, n, 5);
	}
	for (const key of Object.keys(sequential)) {
		const ten = sequential[key][10];
		sequential[key][50] = { ...ten, wallMs: ten.wallMs * 5, extrapolated: true };
	}

	const row = (label, n, r, reference) => [
		label,
		n,
		`${r.extrapolated ? '≈ ' : ''}${fmt(r.wallMs / 1000, 1)}`,
		`${r.extrapolated ? '≈ ' : ''}${fmt(r.wallMs / 1000 / T, 2)}`,
		fmt(r.readsPerTask, 1) + (r.maxReadsOneTask !== undefined ? ` (max ${r.maxReadsOneTask})` : ''),
		r.extrapolated ? '–' : r.peakInFlightCreates,
		r.extrapolated ? '–' : r.peakTasksRunning,
		r.extrapolated ? '–' : fmt(r.createSpreadMs / 1000, 2),
		r.meanLagMs === null || r.extrapolated ? '–' : fmt(r.meanLagMs / 1000, 2),
		reference ? `${fmt(r.wallMs / reference.wallMs, 1)}×` : '',
	];
	for (const n of SIZES) rows.push(row('**node** (defaults: 50 in flight, adaptive poll)', n, node[n]));
	for (const n of SIZES) rows.push(row('node one at a time, poll every 1 s', n, sequential.node1s[n], node[n]));
	for (const n of SIZES) rows.push(row('HTTP Request + Wait 5 s loop', n, sequential.wait5s[n], node[n]));

	report.push(`## 1. Batch throughput (task time T = ${T} s)`, '');
	report.push(
		table(
			['run', 'items', 'wall s', 'wall ÷ T', 'status reads / task', 'peak creates in flight', 'peak tasks running', 'first→last create s', 'mean lag after task end s', 'wall ÷ node wall'],
			rows,
		),
		'',
	);
	report.push(
		'- **node**: one n8n execution with N input items (320×240 PNG in a binary field), Create and Wait, defaults; run through n8n-core\'s WorkflowExecute + RoutingNode (test/helpers/n8nHarness.ts), simulator in the same process.',
		'- **node one at a time**: the same with Max Tasks in Flight = 1 and Max Poll Interval = 1 s, i.e. one task after another, a status read every 1 s.',
		'- **HTTP Request + Wait 5 s loop**: what a workflow without this node does (Loop Over Items → HTTP Request create → Wait 5 s → HTTP Request status → If not done, back to Wait), emulated with plain HTTP calls, one task after another.',
		'- wall: from the start of the run to its end. Reads, peaks and lag come from the simulator: reads = status reads ÷ tasks; peak creates in flight = create requests open at once (the simulator answers one in about a millisecond, so they barely overlap even when all items submit together); peak tasks running = tasks between create and end at once; lag = from a task\'s end to the read that saw it.',
		'- ≈ = extrapolated: a sequential run takes N × one task, so 50 items = 5 × the measured 10-item run.',
		'',
	);

	const fifty = node[50];
	const wallRatio = fifty.wallMs / 1000 / T;
	verdicts.push([`1. wall ÷ T for 50 items ≤ ${WALL_TARGET}`, fmt(wallRatio, 2), verdict(wallRatio <= WALL_TARGET)]);
	for (const n of SIZES) {
		const ok = node[n].readsPerTask <= READS_TARGET;
		verdicts.push([
			`1. status reads per task ≤ T ÷ 1 s + 3 = ${READS_TARGET} (${n} item${n > 1 ? 's' : ''})`,
			`${fmt(node[n].readsPerTask, 1)} (max ${node[n].maxReadsOneTask})`,
			verdict(ok),
		]);
	}
	return { node, sequential };
}

async function imagePart(report, verdicts) {
	const { imageMemoryRun, firstLastMemoryRun } = require('./image-memory');
	progress('memory while sending one large PNG (child process)');
	const r = await imageMemoryRun();
	const factor = r.growth.js / r.imageBytes;
	progress('memory while sending two ~7 MB frames (child process)');
	const pair = await firstLastMemoryRun();
	const pairFactor = pair.growth.js / pair.imageBytes;
	const row = (x, what, f) => [
		`${x.imageBytes.toLocaleString('en')} bytes = ${mb(x.imageBytes)} MiB ${what}`,
		mb(x.growth.js),
		mb(x.growth.heapUsed),
		mb(x.growth.external),
		mb(x.growth.rssPeak ?? x.growth.rssSampled),
		`${fmt(f, 1)}×`,
		mb(x.received.bodyBytes),
	];
	report.push('## 2a. Memory: sending large PNGs inline', '');
	report.push(
		table(
			['image', 'peak growth heap + external MiB', '… V8 heap MiB', '… Buffers (external) MiB', 'peak RSS growth MiB', 'growth ÷ image', 'request body MiB'],
			[
				row(r, 'PNG (2200×2200 noise), Image to Video', factor),
				row(pair, 'in two PNGs (1550×1550 noise each), First and Last Frame to Video (version 2; a plain server takes the create)', pairFactor),
			],
		),
		'',
	);
	report.push(
		'Child process with --expose-gc; the simulator runs in the parent. Baseline: after a warm-up run and two full GCs, with the input item built (in n8n\'s default binary mode it holds the image as base64). Peak heap + external (V8 heap and Buffers) sampled every 2 ms during one Create run; peak RSS = kernel VmHWM, reset through /proc/self/clear_refs just before the run.',
		'',
	);
	verdicts.push([`2a. heap growth sending the PNG < ${IMAGE_TARGET_FACTOR} × image`, `${mb(r.growth.js)} MiB = ${fmt(factor, 1)}×`, verdict(factor < IMAGE_TARGET_FACTOR)]);
	verdicts.push([`2a. heap growth sending two frames < ${IMAGE_TARGET_FACTOR} × images`, `${mb(pair.growth.js)} MiB = ${fmt(pairFactor, 1)}×`, verdict(pairFactor < IMAGE_TARGET_FACTOR)]);
	return r;
}

async function videoPart(report, verdicts) {
	const { videoMemoryRun, PROCESS_VARIANTS } = require('./video-n8n');
	progress('real n8n 2.x: peak RSS with and without a 200 MiB video download (takes about two minutes)');
	const r = await videoMemoryRun({ log: (line) => progress(`  ${line}`) });
	const mean = (list) => list.reduce((a, b) => a + b, 0) / list.length;
	const baselines = (variant) => r.runs.filter((x) => x.kind === 'baseline' && x.variant === variant);
	const baselineOf = (variant, pick) => mean(baselines(variant).map(pick));
	const rss = (x) => x.peakRssBytes;
	const growth = (x, pick) => `${mb(pick(x))} (+${mb(pick(x) - baselineOf(x.variant, pick))})`;
	const rows = r.runs.map((x) => [
		x.kind === 'baseline' ? 'Create and Wait, no download (baseline)' : `Create and Wait + Download Video, ${x.mb} MiB`,
		PROCESS_VARIANTS[x.variant].label,
		mb(x.peakRssBytes),
		x.kind === 'baseline' ? '' : mb(x.peakRssBytes - baselineOf(x.variant, rss)),
		x.kind === 'baseline' ? mb(x.sampled.heapUsed) : growth(x, (y) => y.sampled.heapUsed),
		x.kind === 'baseline' ? mb(x.sampled.arrayBuffers) : growth(x, (y) => y.sampled.arrayBuffers),
		fmt(x.ms / 1000, 1),
	]);
	report.push(`## 2b. Memory: downloading a large video in a real n8n ${r.version} (Node ${r.nodeVersion}, binary data mode ${r.mode})`, '');
	report.push(
		table(
			['n8n execute run', 'n8n process', 'peak RSS MiB', 'RSS growth over baseline MiB', 'peak V8 heap MiB', 'peak ArrayBuffers MiB', 'run s'],
			rows,
			['l', 'l', 'r', 'r', 'r', 'r', 'r'],
		),
		'',
	);
	report.push(
		'Each row is one `n8n execute` (a fresh n8n process, package installed as a community package, credential pointing at the simulator, image by URL, task 1 s). Peak RSS = getrusage maxRSS of the n8n process at exit (bench/rss-probe.js via NODE_OPTIONS --require); V8 heap (heapUsed) and ArrayBuffers = peaks of process.memoryUsage() sampled every 10 ms. Growth = peak − mean of the baselines of the same n8n process kind.',
		'',
		'The video never sits in the V8 heap: it streams from the socket into the file in 64 KiB chunks. What RSS gains is chunks already written that V8 has not collected yet: it frees them at a young-generation GC, or at the full GC it starts once 64 MiB of new ArrayBuffers have piled up since the last one. n8n\'s large young generation rarely fills during a download, so that 64 MiB trigger is what bounds the growth (the 800 MiB row grows about as much as the 200 MiB rows). A smaller young generation (`--max-semi-space-size=1`, an n8n-side setting) makes young-generation GCs more frequent, but a download puts so little on the V8 heap per chunk that even a 1 MiB young generation fills only every few tens of MiB of video: it helps in some runs, not reliably. The diagnostic rows force a young-generation GC every 20 ms and show what the download itself holds.',
		'',
	);
	const worstGrowth = (variant, size) => {
		const runs = r.runs.filter((x) => x.kind === 'download' && x.mb === size && x.variant === variant);
		return { n: runs.length, bytes: Math.max(...runs.map(rss)) - baselineOf(variant, rss) };
	};
	const limit = VIDEO_TARGET_MB * 1024 * 1024;
	const shipped = worstGrowth('shipped', 200);
	verdicts.push([`2b. n8n peak RSS growth downloading 200 MiB < ${VIDEO_TARGET_MB} MiB, n8n as shipped (worst of ${shipped.n})`, `${mb(shipped.bytes)} MiB`, verdict(shipped.bytes < limit)]);
	const tuned = worstGrowth('smallYoungGen', 200);
	verdicts.push([`2b. (n8n-side setting, not the target) the same with ${PROCESS_VARIANTS.smallYoungGen.label} (worst of ${tuned.n})`, `${mb(tuned.bytes)} MiB`, `(${verdict(tuned.bytes < limit)})`]);
	const held = worstGrowth('forcedGc', 200);
	verdicts.push([`2b. (diagnostic, not the target) the same with a young-generation GC every 20 ms`, `${mb(held.bytes)} MiB`, `(${verdict(held.bytes < limit)})`]);
	return r;
}

(async () => {
	const started = Date.now();
	const m = machine();
	const report = ['# Vidu node benchmark', ''];
	report.push(
		`Machine: ${m.cores} cores, ${fmt(m.memoryGb, 1)} GiB RAM, ${m.cpu}, ${m.os}; bench on Node ${m.node}. ${new Date().toISOString()}`,
		'',
	);
	const verdicts = [];
	if (parts.has('batch')) await batchPart(report, verdicts);
	if (parts.has('image')) await imagePart(report, verdicts);
	if (parts.has('video')) await videoPart(report, verdicts);
	if (parts.has('queue')) await require('./queue').queuePart(report, verdicts, progress);
	report.push('## Targets', '', table(['target', 'measured', 'result'], verdicts, ['l', 'r', 'l']), '');
	report.push(`Bench time: ${fmt((Date.now() - started) / 1000, 0)} s.`, '');
	const text = report.join('\n');
	process.stdout.write(`${text}\n`);
	const dir = path.join(__dirname, 'results');
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, 'latest.md'), text);
	progress(`written to ${path.relative(process.cwd(), path.join(dir, 'latest.md'))}`);
	const failed = verdicts.some((v) => v[2] === 'FAIL'); // diagnostic rows say '(FAIL)'
	process.exit(strict && failed ? 1 : 0);
})().catch((error) => {
	process.stderr.write(`[bench] failed: ${error.stack || error}\n`);
	process.exit(2);
});
