'use strict';
/* Part 2a, parent side: a simulator here, the node in a child process (bench/image-memory-child.js). */
const path = require('path');
const { spawn } = require('child_process');
const { startSimulator } = require('../simulator');

const API_KEY = 'bench-key';

async function imageMemoryRun() {
	const sim = await startSimulator({ port: 0, apiKey: API_KEY, taskSeconds: 3 });
	try {
		const child = spawn(
			process.execPath,
			['--expose-gc', path.join(__dirname, 'image-memory-child.js'), sim.url, API_KEY],
			{ stdio: ['ignore', 'pipe', 'pipe'] },
		);
		let out = '';
		let err = '';
		child.stdout.on('data', (d) => (out += d));
		child.stderr.on('data', (d) => (err += d));
		const code = await new Promise((resolve) => child.on('close', resolve));
		if (code !== 0) throw new Error(`image memory child failed (exit ${code}):\n${err}`);
		const result = JSON.parse(out.trim().split('\n').pop());
		const create = sim.requests.filter((r) => r.method === 'POST').pop();
		result.received = { status: create?.status, bodyBytes: create?.bodyBytes, imageBytes: create?.imageBytes };
		return result;
	} finally {
		await sim.close();
	}
}

module.exports = { imageMemoryRun };
