'use strict';
/* Part 2a, parent side: a simulator here, the node in a child process (bench/image-memory-child.js). */
const path = require('path');
const { spawn } = require('child_process');
const http = require('http');
const { startSimulator } = require('../simulator');

const API_KEY = 'bench-key';

async function imageMemoryRun() {
	const sim = await startSimulator({ port: 0, apiKey: API_KEY, taskSeconds: 3 });
	try {
		const result = await childRun(sim.url, 'single');
		const create = sim.requests.filter((r) => r.method === 'POST').pop();
		result.received = { status: create?.status, bodyBytes: create?.bodyBytes, imageBytes: create?.imageBytes };
		return result;
	} finally {
		await sim.close();
	}
}

/**
 * Two ~7 MB frames inline (version 2, First and Last Frame to Video). The simulator knows the seed model
 * only, so a plain server takes this create: it counts the body's bytes and answers a pending task.
 */
async function firstLastMemoryRun() {
	const received = [];
	const server = http.createServer((req, res) => {
		let bytes = 0;
		req.on('data', (chunk) => (bytes += chunk.length));
		req.on('end', () => {
			received.push({ method: req.method, bytes });
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ id: `task_bench_${received.length}`, status: 'pending' }));
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	try {
		const result = await childRun(`http://127.0.0.1:${server.address().port}`, 'firstLast');
		const create = received.filter((r) => r.method === 'POST').pop();
		result.received = { status: 200, bodyBytes: create?.bytes };
		return result;
	} finally {
		await new Promise((resolve) => server.close(resolve));
	}
}

async function childRun(url, shape) {
	const child = spawn(process.execPath, ['--expose-gc', path.join(__dirname, 'image-memory-child.js'), url, API_KEY, shape], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let out = '';
	let err = '';
	child.stdout.on('data', (d) => (out += d));
	child.stderr.on('data', (d) => (err += d));
	const code = await new Promise((resolve) => child.on('close', resolve));
	if (code !== 0) throw new Error(`image memory child failed (exit ${code}):\n${err}`);
	return JSON.parse(out.trim().split('\n').pop());
}

module.exports = { imageMemoryRun, firstLastMemoryRun };
