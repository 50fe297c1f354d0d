'use strict';
/*
 * Part 2a, run in its own process (node --expose-gc): the memory the node needs to send one large
 * PNG (Create, image from a binary field, sent inline as a data URL). The simulator runs in the
 * parent process, so receiving the 20 MB body is not counted here.
 *
 *   argv[2] = simulator URL, argv[3] = API key, argv[4] = "single" (default) or "firstLast": two ~7 MB
 *   PNGs as first and last frame (version 2, First and Last Frame to Video); prints one JSON line.
 *
 * Baseline: after a warm-up run with a small image and two full GCs, with the input item already
 * built (n8n holds it before the node runs). Peak: process.memoryUsage() sampled every 2 ms during
 * the run (V8 heap and `external`, which holds Buffers), and the kernel's exact peak RSS (VmHWM,
 * reset to the current RSS just before the run through /proc/self/clear_refs).
 */
require('./ts-register');
const fs = require('fs');
const { makePng } = require('../simulator/png');
const { runNode, binaryItem } = require('../test/helpers/n8nHarness.ts');
const { Vidu } = require('../nodes/Vidu/Vidu.node.ts');
const { VtrixApi } = require('../credentials/VtrixApi.credentials.ts');

const [simUrl, apiKey, shape = 'single'] = process.argv.slice(2);

/** What each shape sends: the node's version, its parameters, and the images (binary field → PNG size). */
const SHAPES = {
	single: { typeVersion: 1, parameters: { operation: 'create', imageSource: 'binary', prompt: 'memory check' }, images: { data: 2200 } },
	firstLast: {
		typeVersion: 2,
		parameters: {
			operation: 'create',
			videoMode: 'startEnd',
			model: 'viduq2_pro_start_end2video',
			imageSource: 'binary',
			lastFrameSource: 'binary',
			lastFrameBinaryPropertyName: 'last',
			prompt: 'memory check',
		},
		images: { data: 1550, last: 1550 },
	},
};
const { typeVersion, parameters, images } = SHAPES[shape];

function status(field) {
	const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync('/proc/self/status', 'utf8'));
	return m ? Number(m[1]) * 1024 : null;
}

function resetPeakRss() {
	try {
		fs.writeFileSync('/proc/self/clear_refs', '5');
		return true;
	} catch {
		return false;
	}
}

function fullGc() {
	global.gc();
	global.gc();
}

async function send(item) {
	const result = await runNode({
		nodeType: new Vidu(),
		credentialTypes: [new VtrixApi()],
		credentials: { type: 'vtrixApi', data: { apiKey, baseUrl: simUrl } },
		parameters,
		typeVersion,
		inputItems: [item],
	});
	if (result.error) throw new Error(`node run failed: ${result.error.message}`);
	if (!result.items[0]?.json.taskId && !result.items[0]?.json.id) {
		throw new Error(`no task in ${JSON.stringify(result.items[0]?.json)}`);
	}
}

/** An item with one noise PNG (side × side) per binary field; the same seed per field as for counting. */
async function itemOf(sides) {
	const item = { json: {}, binary: {} };
	for (const [field, side] of Object.entries(sides)) {
		const one = await binaryItem(makePng(side, side, { noise: true }), 'image/png', `${field}.png`, field);
		item.binary[field] = one.binary[field];
	}
	return item;
}

(async () => {
	if (typeof global.gc !== 'function') throw new Error('run with --expose-gc');
	await send(await itemOf(Object.fromEntries(Object.keys(images).map((field) => [field, 320]))));

	const imageBytes = Object.values(images).reduce((sum, side) => sum + makePng(side, side, { noise: true }).length, 0);
	const item = await itemOf(images);
	fullGc();
	const base = process.memoryUsage();
	const hwmReset = resetPeakRss();
	const baseRss = status('VmRSS');
	const peak = { heapUsed: base.heapUsed, external: base.external, js: base.heapUsed + base.external, rss: base.rss };
	const sample = () => {
		const m = process.memoryUsage();
		peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
		peak.external = Math.max(peak.external, m.external);
		peak.js = Math.max(peak.js, m.heapUsed + m.external);
		peak.rss = Math.max(peak.rss, m.rss);
	};
	const timer = setInterval(sample, 2);
	const started = Date.now();
	await send(item);
	const ms = Date.now() - started;
	sample();
	clearInterval(timer);
	const hwm = hwmReset ? status('VmHWM') : null;
	process.stdout.write(
		`${JSON.stringify({
			imageBytes,
			ms,
			base: { heapUsed: base.heapUsed, external: base.external, rss: baseRss },
			growth: {
				js: peak.js - (base.heapUsed + base.external),
				heapUsed: peak.heapUsed - base.heapUsed,
				external: peak.external - base.external,
				rssSampled: peak.rss - base.rss,
				rssPeak: hwm !== null ? hwm - baseRss : null,
			},
		})}\n`,
	);
})().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exit(1);
});
