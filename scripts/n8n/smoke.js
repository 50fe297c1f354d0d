#!/usr/bin/env node
'use strict';
/*
 * Smoke check of the cached n8n installs: Manual Trigger -> Code -> Set on each
 * line through the CLI (import:workflow + execute), without the community package.
 *   node scripts/n8n/smoke.js [v1|v2|all]
 * Prints "N passed, N failed" and exits non-zero on a failure.
 */
const runner = require('./runner');
const { LINES } = require('./install');

const workflow = {
	id: 'smokeWorkflow001',
	name: 'smoke',
	nodes: [
		{ id: 'n1', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'n2',
			name: 'Code',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [200, 0],
			parameters: {
				jsCode:
					"return [{ json: { hello: 'world', n: 1 + 1 }, binary: { data: { data: Buffer.from('hi there').toString('base64'), mimeType: 'text/plain', fileName: 'a.txt' } } }];",
			},
		},
		{
			id: 'n3',
			name: 'Set',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [400, 0],
			parameters: {
				mode: 'manual',
				includeOtherFields: true,
				assignments: { assignments: [{ id: 'a', name: 'answer', value: '={{ $json.n * 21 }}', type: 'number' }] },
			},
		},
	],
	connections: {
		Manual: { main: [[{ node: 'Code', type: 'main', index: 0 }]] },
		Code: { main: [[{ node: 'Set', type: 'main', index: 0 }]] },
	},
};

async function smoke(line) {
	const ctx = await runner.createUserFolder({ line });
	try {
		await runner.importWorkflow(ctx, workflow);
		const res = await runner.executeWorkflow(ctx, workflow.id);
		const item = res.lastNodeItems[0];
		if (!res.ok || !item || item.json.answer !== 42 || item.json.hello !== 'world') {
			throw new Error(`unexpected result: ${JSON.stringify({ ok: res.ok, error: res.error, items: res.lastNodeItems })}`);
		}
		const bytes = runner.readBinary(ctx, item.binary.data).toString();
		if (bytes !== 'hi there') throw new Error(`unexpected binary ${JSON.stringify(bytes)}`);
	} finally {
		runner.removeUserFolder(ctx);
	}
}

(async () => {
	const arg = process.argv[2] || 'all';
	const lines = arg === 'all' ? LINES : [arg];
	let passed = 0;
	let failed = 0;
	for (const line of lines) {
		const t0 = Date.now();
		try {
			await smoke(line);
			passed++;
			console.log(`ok - n8n ${line} smoke (${Date.now() - t0} ms)`);
		} catch (err) {
			failed++;
			console.log(`not ok - n8n ${line} smoke: ${err.stack || err.message}`);
		}
	}
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
})();
