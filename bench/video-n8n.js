'use strict';
/*
 * Part 2b: the n8n process's peak RSS while the node downloads a 200 MiB result video, inside a real
 * n8n 2.x (cached install, scripts/n8n/runner.js) in its default binary data mode (filesystem).
 *
 * The package is built (npm run build), packed and installed into a throw-away n8n user folder; the credential points at a simulator started here.
 * Each `n8n execute` is a fresh process; bench/rss-probe.js (NODE_OPTIONS --require) records its
 * peak RSS at exit. Runs alternate: Create and Wait without download (baseline) and with Download
 * Video on (prompt "[sim:bigvideo=200]": the result is a streamed 200 MiB MP4), then once 800 MiB (does the
 * growth follow the file size?), then the same in an n8n started with a smaller young generation
 * (NODE_OPTIONS=--max-semi-space-size=1, an n8n-side setting), then a diagnostic pair with a
 * young-generation GC forced every 20 ms.
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');
const runner = require('../scripts/n8n/runner');
const { build } = require('../scripts/demo');
const { startSimulator } = require('../simulator');

const REPO = path.resolve(__dirname, '..');
const API_KEY = 'bench-key';

function workflow(simUrl, download, videoMb) {
	return {
		name: `bench video ${download ? `download ${videoMb} MB` : 'baseline'}`,
		nodes: [
			{ id: 'n1', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'n2',
				name: 'Vidu',
				type: 'n8n-nodes-vidu.vidu',
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					operation: 'createAndWait',
					imageSource: 'url',
					imageUrl: `${simUrl}/images/sample.png`,
					prompt: `[sim:bigvideo=${videoMb}] a train crossing a bridge`,
					downloadVideo: download,
				},
				credentials: { vtrixApi: { id: 'benchVtrixCred01', name: 'Vtrix (bench)' } },
			},
		],
		connections: { Manual: { main: [[{ node: 'Vidu', type: 'main', index: 0 }]] } },
	};
}

/** How the n8n process of a run is started. */
const PROCESS_VARIANTS = {
	shipped: { label: 'as shipped' },
	// V8 frees the socket chunks of a download at a young-generation GC, or at the full GC that
	// 64 MiB of new ArrayBuffers trigger: does a 1 MiB young generation free them earlier?
	smallYoungGen: { label: 'NODE_OPTIONS=--max-semi-space-size=1', nodeOptions: '--max-semi-space-size=1' },
	// Diagnostic: a young-generation GC every 20 ms inside n8n (see rss-probe.js).
	forcedGc: { label: 'diagnostic: minor GC every 20 ms', nodeOptions: '--expose-gc', minorGcMs: 20 },
};

/** Alternating runs per process variant: the baseline (no download) and downloads of `mb` MB. */
const DEFAULT_PLAN = [
	{ kind: 'baseline', variant: 'shipped' },
	{ kind: 'download', mb: 200, variant: 'shipped' },
	{ kind: 'baseline', variant: 'shipped' },
	{ kind: 'download', mb: 200, variant: 'shipped' },
	{ kind: 'download', mb: 800, variant: 'shipped' },
	{ kind: 'baseline', variant: 'smallYoungGen' },
	{ kind: 'download', mb: 200, variant: 'smallYoungGen' },
	{ kind: 'baseline', variant: 'smallYoungGen' },
	{ kind: 'download', mb: 200, variant: 'smallYoungGen' },
	{ kind: 'baseline', variant: 'forcedGc' },
	{ kind: 'download', mb: 200, variant: 'forcedGc' },
];

async function videoMemoryRun({ plan = DEFAULT_PLAN, log = () => {} } = {}) {
	build();
	const sim = await startSimulator({ port: await runner.getFreePort(), apiKey: API_KEY, taskSeconds: 1 });
	let ctx;
	let tgz;
	try {
		tgz = await runner.packPackage(REPO);
		ctx = await runner.createUserFolder({ line: 'v2', tgz });
		let mode = ctx.env.N8N_DEFAULT_BINARY_DATA_MODE ?? process.env.N8N_DEFAULT_BINARY_DATA_MODE ?? 'default of 2.x';
		const nodeVersion = spawnSync(ctx.n8n.nodeBin, ['-v'], { encoding: 'utf8' }).stdout.trim();
		log(`n8n ${ctx.n8n.version} on Node ${nodeVersion}`);
		await runner.importCredential(ctx, {
			id: 'benchVtrixCred01',
			name: 'Vtrix (bench)',
			type: 'vtrixApi',
			data: { apiKey: API_KEY, baseUrl: sim.url },
		});
		const probeFile = path.join(ctx.userFolder, 'rss-probe.jsonl');
		const ids = new Map();
		const runs = [];
		for (const { kind, mb, variant } of plan) {
			const { nodeOptions, minorGcMs } = PROCESS_VARIANTS[variant];
			const key = kind === 'baseline' ? 'baseline' : `download-${mb}`;
			if (!ids.has(key)) {
				delete ctx.env.NODE_OPTIONS;
				ids.set(key, await runner.importWorkflow(ctx, workflow(sim.url, kind !== 'baseline', mb)));
			}
			ctx.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, nodeOptions, `--require ${path.join(__dirname, 'rss-probe.js')}`].filter(Boolean).join(' ');
			ctx.env.BENCH_RSS_PROBE_FILE = probeFile;
			ctx.env.BENCH_RSS_PROBE_MINOR_GC_MS = String(minorGcMs ?? 0);
			fs.rmSync(probeFile, { force: true });
			const started = Date.now();
			const res = await runner.executeWorkflow(ctx, ids.get(key));
			const ms = Date.now() - started;
			if (!res.ok) throw new Error(`n8n ${key} run failed: ${JSON.stringify(res.error)}`);
			const probes = fs.existsSync(probeFile)
				? fs.readFileSync(probeFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
				: [];
			const main = probes.find((p) => /\bexecute\b/.test(p.argv));
			if (!main) throw new Error(`no RSS probe line from the n8n execute process (got ${JSON.stringify(probes)})`);
			const item = res.lastNodeItems[0];
			if (item?.json.status !== 'completed') throw new Error(`n8n ${key} run: task not completed: ${JSON.stringify(item?.json)}`);
			let fileBytes = null;
			const bin = item.binary?.data;
			if (kind === 'download') {
				if (!bin?.id) throw new Error(`download run: no filesystem binary in ${JSON.stringify(item.binary)}`);
				const file = runner.binaryPath(ctx, bin);
				fileBytes = fs.statSync(file).size;
				if (fileBytes !== mb * 1024 * 1024) throw new Error(`video file has ${fileBytes} bytes, expected ${mb} MiB`);
				fs.rmSync(file, { force: true });
				mode = `${bin.id.split(':')[0]} (as stored)`;
			}
			const run = { kind, mb: kind === 'download' ? mb : 0, variant, peakRssBytes: main.maxRssKb * 1024, sampled: main.sampledPeakBytes, ms, fileBytes, binaryId: bin?.id ?? null };
			runs.push(run);
			log(
				`${key} (${PROCESS_VARIANTS[variant].label}): peak RSS ${(run.peakRssBytes / 1048576).toFixed(1)} MiB (sampled peaks MiB: ${Object.entries(run.sampled)
					.map(([k, v]) => `${k} ${(v / 1048576).toFixed(1)}`)
					.join(', ')}), ${ms} ms${fileBytes ? `, file ${(fileBytes / 1048576).toFixed(1)} MiB (${bin.id.split(':')[0]})` : ''}`,
			);
		}
		return { version: ctx.n8n.version, nodeVersion, mode, runs, fileDownloads: sim.stats().fileDownloads };
	} finally {
		await sim.close();
		if (ctx) runner.removeUserFolder(ctx);
		if (tgz) fs.rmSync(path.dirname(tgz), { recursive: true, force: true });
	}
}

module.exports = { videoMemoryRun, PROCESS_VARIANTS };
