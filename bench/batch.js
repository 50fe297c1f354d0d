'use strict';
/*
 * Part 1: a batch of N items through the node (Create and Wait, image from a binary field) against
 * the simulator with task time T, next to the same batch done one task after another.
 *
 * Everything here runs in the bench process; the node runs through n8n-core's WorkflowExecute +
 * RoutingNode (test/helpers/n8nHarness.ts), the simulator in the same process on a free port.
 */
require('./ts-register');
const { startSimulator } = require('../simulator');
const { makePng } = require('../simulator/png');
const { runNode, binaryItem } = require('../test/helpers/n8nHarness.ts');
const { Vidu } = require('../nodes/Vidu/Vidu.node.ts');
const { VtrixApi } = require('../credentials/VtrixApi.credentials.ts');
const { MODEL_ID, CREATE_PATH, taskPath } = require('../nodes/Vidu/constants.ts');
const { sleep, simFigures } = require('./lib');

const API_KEY = 'bench-key';
const PROMPT = 'a slow pan over a quiet harbour';

async function withSimulator(taskSeconds, fn) {
	const sim = await startSimulator({ port: 0, apiKey: API_KEY, taskSeconds, maxLogEntries: 100000 });
	try {
		return await fn(sim);
	} finally {
		await sim.close();
	}
}

async function inputItems(count) {
	const png = makePng(320, 240);
	const items = [];
	for (let i = 0; i < count; i++) items.push(await binaryItem(png, 'image/png', `frame-${i}.png`));
	return { items, pngBytes: png.length };
}

/** The node with `count` items; `waitOptions` and `additionalOptions` as a user would set them. */
async function nodeRun(taskSeconds, count, waitOptions = {}, additionalOptions = {}) {
	const { items } = await inputItems(count);
	return await withSimulator(taskSeconds, async (sim) => {
		const started = Date.now();
		const result = await runNode({
			nodeType: new Vidu(),
			credentialTypes: [new VtrixApi()],
			credentials: { type: 'vtrixApi', data: { apiKey: API_KEY, baseUrl: sim.url } },
			parameters: { operation: 'createAndWait', imageSource: 'binary', prompt: PROMPT, waitOptions, additionalOptions },
			inputItems: items,
			timeoutMs: 10 * 60_000,
		});
		const wallMs = Date.now() - started;
		if (result.error) throw new Error(`node run failed: ${result.error.message}`);
		const completed = result.items.filter((i) => i.json.status === 'completed' || i.json.state === 'completed').length;
		if (result.items.length !== count) throw new Error(`node run gave ${result.items.length} items for ${count}`);
		return { wallMs, completed, ...simFigures(sim) };
	});
}

/**
 * What a user builds without this node: Loop Over Items (batch size 1) -> HTTP Request (create) ->
 * Wait (fixed seconds) -> HTTP Request (status) -> If not finished, back to Wait. Emulated with plain
 * HTTP, the same create body as the node sends, one item after another.
 */
async function httpWaitLoopRun(taskSeconds, count, waitSeconds) {
	const png = makePng(320, 240);
	const body = JSON.stringify({
		model: MODEL_ID,
		images: [`data:image/png;base64,${png.toString('base64')}`],
		prompt: PROMPT,
		duration: 5,
	});
	return await withSimulator(taskSeconds, async (sim) => {
		const headers = { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' };
		const started = Date.now();
		let completed = 0;
		for (let i = 0; i < count; i++) {
			const created = await (await fetch(sim.url + CREATE_PATH, { method: 'POST', headers, body })).json();
			for (;;) {
				await sleep(waitSeconds * 1000);
				const task = await (await fetch(sim.url + taskPath(created.id), { headers })).json();
				if (task.status === 'completed') completed++;
				if (task.status === 'completed' || task.status === 'failed') break;
			}
		}
		return { wallMs: Date.now() - started, completed, ...simFigures(sim) };
	});
}

module.exports = { nodeRun, httpWaitLoopRun };
