/**
 * The Request Options n8n adds to every declarative node (Timeout, Proxy, Ignore SSL Issues, Batching)
 * work on this node as on any other: every request starts from what n8n's routing built.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { countingProxy, json, posts, pngItem, runVidu, withSim } from './fixtures';

describe('Request Options', () => {
	it.concurrent('Proxy: the create, the status reads and the video download all go through it', async () => {
		const proxy = await countingProxy();
		try {
			await withSim({}, async (sim) => {
				const result = await runVidu(
					{ operation: 'createAndWait', downloadVideo: true, requestOptions: { proxy: proxy.url } },
					{ baseUrl: sim.url },
				);
				expect(result.error).toBeUndefined();
				const taskId = json(result).taskId as string;
				const through = proxy.passed.map((request) => `${request.method} ${new URL(request.url).pathname}`);
				expect(through[0]).toBe('POST /model/v1/generation');
				expect(through).toContain(`GET /model/v1/generation/task/${taskId}`);
				expect(through[through.length - 1]).toBe(`GET /files/${taskId}.mp4`);
				// Nothing went around the proxy.
				expect(proxy.passed).toHaveLength(sim.requests.length);
			});
		} finally {
			await proxy.close();
		}
	});

	it.concurrent('Proxy: Get Status and its download go through it too', async () => {
		const proxy = await countingProxy();
		try {
			await withSim({}, async (sim) => {
				const created = await runVidu({ operation: 'create' }, { baseUrl: sim.url });
				const taskId = json(created).taskId as string;
				await sim.finishTask(taskId);
				const before = sim.requests.length;
				const result = await runVidu(
					{ operation: 'getStatus', taskId, downloadVideo: true, requestOptions: { proxy: proxy.url } },
					{ baseUrl: sim.url },
				);
				expect(result.items[0].binary?.data).toBeDefined();
				expect(proxy.passed.map((request) => `${request.method} ${new URL(request.url).pathname}`)).toEqual([
					`GET /model/v1/generation/task/${taskId}`,
					`GET /files/${taskId}.mp4`,
				]);
				expect(sim.requests.length - before).toBe(2);
			});
		} finally {
			await proxy.close();
		}
	});

	it.concurrent('Timeout shorter than the API takes: a clear error, and the create is not sent again', async () => {
		await withSim({}, async (sim) => {
			sim.inject({ method: 'POST', delayMs: 3000 });
			const result = await runVidu({ operation: 'create', requestOptions: { timeout: 300 } }, { baseUrl: sim.url });
			expect(result.error?.message).toBe('The Vtrix API did not answer within the Timeout of 300 ms: the task may exist');
			expect(result.error?.description).toContain('Request Options');
			expect(posts(sim)).toHaveLength(1);
		});
	});

	it.concurrent('Timeout on a status read: read again (a read is safe to repeat)', async () => {
		await withSim({}, async (sim) => {
			const created = await runVidu({ operation: 'create' }, { baseUrl: sim.url });
			const taskId = json(created).taskId as string;
			sim.inject({ method: 'GET', path: '/model/v1/generation/task/', delayMs: 3000 });
			const result = await runVidu(
				{ operation: 'getStatus', taskId, requestOptions: { timeout: 300 } },
				{ baseUrl: sim.url },
			);
			expect(result.error).toBeUndefined();
			expect(json(result).taskId).toBe(taskId);
			expect(sim.requests.filter((request) => request.method === 'GET')).toHaveLength(2);
		});
	});

	it.concurrent('Batching: the second batch of creates goes out only after the interval', async () => {
		await withSim({}, async (sim) => {
			const items = await Promise.all([0, 1, 2, 3].map(async (n) => ({ ...(await pngItem()), json: { n } })));
			const started = Date.now();
			const result = await runVidu(
				{
					operation: 'create',
					prompt: '={{ "clip " + $json.n }}',
					requestOptions: { batching: { batch: { batchSize: 2, batchInterval: 1500 } } },
				},
				{ baseUrl: sim.url, items },
			);
			expect(result.items).toHaveLength(4);
			const arrivals = posts(sim).map((request) => ({ prompt: request.body?.prompt, at: request.at }));
			expect(arrivals.slice(0, 2).map((a) => a.prompt).sort()).toEqual(['clip 0', 'clip 1']);
			expect(arrivals.slice(2).map((a) => a.prompt).sort()).toEqual(['clip 2', 'clip 3']);
			// A lower bound only: a slow machine can delay a create, never hurry one.
			expect(Math.min(...arrivals.slice(2).map((a) => a.at)) - started).toBeGreaterThanOrEqual(1500);
		});
	});
});

/** An https server on 127.0.0.1 with a self-signed certificate, passing every request on to `target`. */
async function selfSignedFront(target: () => string) {
	const dir = mkdtempSync(path.join(tmpdir(), 'vidu-tls-'));
	execFileSync('openssl', [
		'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
		'-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
	], { stdio: 'ignore' });
	const passed: string[] = [];
	const server = https.createServer(
		{ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) },
		(req, res) => {
			passed.push(`${req.method} ${req.url}`);
			const upstream = http.request(`${target()}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			});
			upstream.on('error', () => res.destroy());
			req.pipe(upstream);
		},
	);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	rmSync(dir, { recursive: true, force: true });
	return {
		url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
		passed,
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

describe('Request Options: Ignore SSL Issues', () => {
	it.concurrent('a self-signed certificate is refused by default, and accepted for the API and the download when set', async () => {
		let simUrl = '';
		const front = await selfSignedFront(() => simUrl);
		try {
			await withSim({ publicUrl: front.url }, async (sim) => {
				simUrl = sim.url;
				const refused = await runVidu({ operation: 'create' }, { baseUrl: front.url, continueOnFail: true });
				expect(json(refused)).toMatchObject({
					error: expect.stringMatching(/^The TLS certificate of the Vtrix API could not be verified \(\w+\)$/),
					description: expect.stringContaining('Ignore SSL Issues'),
					taskId: null,
				});
				expect(sim.tasks.size).toBe(0);

				const result = await runVidu(
					{ operation: 'createAndWait', downloadVideo: true, requestOptions: { allowUnauthorizedCerts: true } },
					{ baseUrl: front.url },
				);
				expect(result.error).toBeUndefined();
				const taskId = json(result).taskId as string;
				expect(front.passed[0]).toBe('POST /model/v1/generation');
				expect(front.passed).toContain(`GET /model/v1/generation/task/${taskId}`);
				expect(front.passed[front.passed.length - 1]).toBe(`GET /files/${taskId}.mp4`);
			});
		} finally {
			await front.close();
		}
	});
});
