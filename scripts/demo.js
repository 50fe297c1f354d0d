#!/usr/bin/env node
'use strict';
/*
 * npm run demo: the shipped example examples/image-to-video.json, headless in a real n8n
 * (import + `n8n execute`) against the local simulator. Prints the task id, status, video URL
 * and the downloaded video's MIME type and size; exits non-zero if anything fails.
 *
 *   N8N_LINE=v2 (default) | v1      which n8n: 2.x (on the Node 24 the installer fetches) or 1.x
 *   VTRIX_SIM_TASK_SECONDS=3        how long the simulated task takes
 *
 * The first run of a line installs that n8n into ~/.cache/n8n-nodes-vidu (minutes; see e2e/README.md).
 * Also a small library for scripts/start.js (exports below).
 */
const fs = require('fs');
const path = require('path');
const { spawnSync } = require('child_process');

const runner = require('./n8n/runner');
const { ensureN8n } = require('./n8n/install');
const { childEnv } = require('./n8n/childEnv');
const { startSimulator } = require('../simulator');

const REPO_DIR = path.resolve(__dirname, '..');
const EXAMPLES_DIR = path.join(REPO_DIR, 'examples');
/** Where the shipped examples expect the simulator. */
const EXAMPLE_SIM_URL = 'http://127.0.0.1:4010';
/** The credential the examples reference; imported under this id and name. */
const CREDENTIAL = { id: 'VtrixApiExample1', name: 'Vtrix API', type: 'vtrixApi' };
const SIM_KEY = 'sim-key';
/** Fixed workflow ids, so importing again replaces instead of duplicating. */
const EXAMPLES = [
	{ file: 'image-to-video.json', id: 'ViduImageToVideo' },
	{ file: 'create-then-status.json', id: 'ViduCreateStatus' },
	{ file: 'batch-by-callback-receive.json', id: 'ViduBatchReceive', activate: true, ledger: true },
	{ file: 'batch-by-callback-create.json', id: 'ViduBatchCreate1', ledger: true },
	{ file: 'one-item-wait.json', id: 'ViduOneItemWait1' },
	{ file: 'first-last-frame-to-video.json', id: 'ViduFirstLastFrm' },
	{ file: 'text-to-video.json', id: 'ViduTextToVideo1' },
	{ file: 'reference-to-video.json', id: 'ViduReferenceVid' },
	{ file: 'extend-video.json', id: 'ViduExtendVideo1' },
];
/** Where the shipped callback recipes expect n8n (their Callback URL is the trigger's production URL there). */
const EXAMPLE_N8N_URL = 'http://localhost:5678';

function say(msg) {
	process.stdout.write(`${msg}\n`);
}

/** `npm run build`; throws with its output when it fails. */
function build() {
	const res = spawnSync('npm', ['run', 'build'], { cwd: REPO_DIR, encoding: 'utf8', env: childEnv() });
	if (res.status !== 0) throw new Error(`npm run build failed:\n${res.stdout}${res.stderr}`);
}

/**
 * The n8n line to use: N8N_LINE if set (v1|v2), else v2, falling back to v1 when 2.x cannot be
 * installed (e.g. Node 24 cannot be fetched). Installs it into the cache if needed.
 */
function chooseLine() {
	const wanted = (process.env.N8N_LINE || '').trim();
	if (wanted && wanted !== 'v1' && wanted !== 'v2') throw new Error(`N8N_LINE must be v1 or v2, not "${wanted}"`);
	const line = wanted || 'v2';
	say(`Preparing n8n ${line} (the first time installs it into the cache: a few minutes)...`);
	try {
		return ensureN8n(line);
	} catch (err) {
		if (wanted) throw err;
		say(`n8n 2.x could not be installed:\n${err.message}\nFalling back to n8n 1.x (N8N_LINE=v2 makes this an error instead).`);
		return ensureN8n('v1');
	}
}

/** A shipped example with the simulator and n8n URLs replaced by the ones in use, and its fixed id. */
function loadExample({ file, id }, simUrl = EXAMPLE_SIM_URL, n8nUrl = EXAMPLE_N8N_URL) {
	const text = fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8');
	return { ...JSON.parse(text.split(EXAMPLE_SIM_URL).join(simUrl).split(EXAMPLE_N8N_URL).join(n8nUrl)), id };
}

async function main() {
	const t0 = Date.now();
	say('Building the package...');
	build();
	const n8n = chooseLine();
	const sim = await startSimulator({
		port: 0,
		apiKey: SIM_KEY,
		taskSeconds: Number(process.env.VTRIX_SIM_TASK_SECONDS || 3),
	});
	let ctx;
	let tgzDir;
	try {
		const tgz = await runner.packPackage(REPO_DIR);
		tgzDir = path.dirname(tgz);
		ctx = await runner.createUserFolder({ line: n8n.line, tgz });
		say(`Running examples/image-to-video.json on n8n ${n8n.version} (${n8n.line}) against the simulator at ${sim.url}...`);
		await runner.importCredential(ctx, { ...CREDENTIAL, data: { apiKey: SIM_KEY, baseUrl: sim.url } });
		const workflow = loadExample(EXAMPLES[0], sim.url);
		await runner.importWorkflow(ctx, workflow);
		const res = await runner.executeWorkflow(ctx, workflow.id);
		if (!res.ok) {
			const err = res.error || {};
			say(`\nThe workflow failed${err.node ? ` in node "${err.node}"` : ''}: ${err.message || 'unknown error'}`);
			if (err.description) say(`  ${err.description}`);
			if (err.output) say(err.output);
			return 1;
		}
		const item = res.lastNodeItems[0];
		if (!item) {
			say('Unexpected result: the Vidu node returned no item.');
			return 1;
		}
		const video = item.binary && item.binary.data;
		const bytes = video ? runner.readBinary(ctx, video) : null;
		say('');
		say(`  node:        ${res.lastNodeExecuted}`);
		say(`  task id:     ${item.json.taskId}`);
		say(`  status:      ${item.json.status}`);
		say(`  video URL:   ${item.json.videoUrl}`);
		say(`  binary data: ${video ? `${video.mimeType}, ${video.fileName}, ${bytes.length} bytes` : 'none'}`);
		say('');
		if (item.json.status !== 'completed' || !item.json.videoUrl || !bytes || video.mimeType !== 'video/mp4' || bytes.length === 0) {
			say('Unexpected result: expected a completed task with a video/mp4 file.');
			return 1;
		}
		say(`Done in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
		return 0;
	} finally {
		if (ctx) runner.removeUserFolder(ctx);
		if (tgzDir) fs.rmSync(tgzDir, { recursive: true, force: true });
		await sim.close();
	}
}

module.exports = { REPO_DIR, EXAMPLE_SIM_URL, EXAMPLE_N8N_URL, CREDENTIAL, SIM_KEY, EXAMPLES, build, chooseLine, loadExample, say };

if (require.main === module) {
	main().then(
		(code) => process.exit(code),
		(err) => {
			process.stderr.write(`demo failed: ${err.stack || err.message}\n`);
			process.exit(1);
		},
	);
}
