/**
 * Security of what the node sends: task ids cannot steer the path, the key never travels over plain
 * http to another machine, the key goes to the API's own origin only (not to a CDN, not across a
 * redirect), and only http(s) result URLs are fetched.
 */
import { networkInterfaces } from 'node:os';

import { readBinary } from '../helpers/n8nHarness';
import {
	json,
	onlyTaskId,
	reads,
	runVidu,
	secretKey,
	TASK_PATH,
	tinyServer,
	withSim,
} from './fixtures';

const KEY = secretKey();
const run = (
	baseUrl: string,
	parameters: Record<string, unknown>,
	extra: { continueOnFail?: boolean } = {},
) => runVidu(parameters as never, { apiKey: KEY, baseUrl, ...extra });

describe('task ids are one encoded path segment', () => {
	it.concurrent.each([
		['../x', '..%2Fx'],
		['a/b?c', 'a%2Fb%3Fc'],
		['a#b', 'a%23b'],
		['%2e%2e', '%252e%252e'],
		['task 1&x=y', 'task%201%26x%3Dy'],
	])('Get Status of %p reads %s under the task path, nothing else', async (taskId, segment) => {
		await withSim({ apiKey: KEY }, async (sim) => {
			const raw: string[] = [];
			sim.server.on('request', (req: { url: string }) => raw.push(req.url));
			const result = await run(sim.url, { operation: 'getStatus', taskId });

			expect(raw).toEqual([`${TASK_PATH}${segment}`]);
			expect(reads(sim).map((r) => [r.path, r.query])).toEqual([[`${TASK_PATH}${segment}`, {}]]);
			// The simulator knows no such task: a 404 that names the id as given.
			expect(result.error?.message).toBe(`The task was not found: check the task ID (task ${taskId})`);
		});
	});

	it.concurrent.each(['..', '.'])('Get Status of %p (a path step, even when percent-encoded) is refused, nothing sent', async (taskId) => {
		await withSim({ apiKey: KEY }, async (sim) => {
			const result = await run(sim.url, { operation: 'getStatus', taskId });

			expect(sim.requests).toHaveLength(0);
			expect(result.error?.message).toBe(`"${taskId}" is not a valid task ID`);
		});
	});
});

describe('the Base URL of the credential', () => {
	it.concurrent('plain http to a host that is not this machine (http://example.com): refused before anything is sent', async () => {
		const result = await run('http://example.com', { operation: 'create', prompt: 'a fox' });

		expect(result.error?.message).toBe(
			'Refusing to send the API key over plain http:// to a host that is not on this machine',
		);
		expect(result.error?.description).toContain('Use an https:// Base URL');
	});

	// The same, against a server that would answer: this machine's own non-loopback address.
	const lanAddress = Object.values(networkInterfaces())
		.flat()
		.find((entry) => entry && entry.family === 'IPv4' && !entry.internal)?.address;
	(lanAddress ? it.concurrent : it.concurrent.skip)(
		`plain http to this machine's network address (${lanAddress ?? 'none'}): refused, the listening simulator gets nothing`,
		async () => {
			await withSim({ apiKey: KEY, host: '0.0.0.0' }, async (sim) => {
				const port = new URL(sim.url).port;
				for (const operation of ['create', 'createAndWait', 'getStatus']) {
					const result = await run(`http://${lanAddress}:${port}`, {
						operation,
						prompt: 'a fox',
						taskId: 'task_1',
					});
					expect(result.error?.message).toBe(
						'Refusing to send the API key over plain http:// to a host that is not on this machine',
					);
				}
				expect(sim.requests).toHaveLength(0);
			});
		},
	);

	it.concurrent('a Base URL that is not http(s) is refused', async () => {
		const result = await run('ftp://127.0.0.1/', { operation: 'getStatus', taskId: 'task_1' });
		expect(result.error?.message).toBe('The Base URL of the Vtrix API credential is not a valid http(s) URL');
	});
});

describe('downloading the result: the key goes to the API origin only', () => {
	it.concurrent('same origin as the API: the download carries the Authorization header', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			const result = await run(sim.url, { operation: 'createAndWait', prompt: 'a fox', downloadVideo: true });

			expect(result.error).toBeUndefined();
			const taskId = onlyTaskId(sim);
			const download = sim.requests.filter((r) => r.path === `/files/${taskId}.mp4`);
			expect(download).toHaveLength(1);
			expect(download[0].authorization).toBe(`Bearer ${KEY}`);
			expect((await readBinary(result.items[0])).subarray(4, 8).toString('latin1')).toBe('ftyp');
		});
	});

	it.concurrent('another origin (a CDN): the download carries no Authorization header', async () => {
		const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 16]), Buffer.from('ftypisom'), Buffer.alloc(4)]);
		const cdn = await tinyServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(mp4.length) });
			res.end(mp4);
		});
		try {
			await withSim({ apiKey: KEY, publicUrl: cdn.url }, async (sim) => {
				const result = await run(sim.url, { operation: 'createAndWait', prompt: 'a fox', downloadVideo: true });

				expect(result.error).toBeUndefined();
				const taskId = onlyTaskId(sim);
				expect(json(result).videoUrl).toBe(`${cdn.url}/files/${taskId}.mp4`);
				expect(cdn.received.map((r) => r.url)).toEqual([`/files/${taskId}.mp4`]);
				expect(cdn.received[0].headers.authorization).toBeUndefined();
				expect(JSON.stringify(cdn.received)).not.toContain(KEY);
				expect(await readBinary(result.items[0])).toEqual(mp4);
			});
		} finally {
			await cdn.close();
		}
	});

	it.concurrent('localhost vs 127.0.0.1 are different origins: no Authorization to the other one', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			const port = new URL(sim.url).port;
			sim.inject({
				method: 'GET',
				path: TASK_PATH,
				status: 200,
				body: {
					id: 'task_1',
					status: 'completed',
					output: [{ content: [{ type: 'video', url: `http://localhost:${port}/files/sample.mp4` }] }],
				},
			});
			const result = await run(sim.url, { operation: 'getStatus', taskId: 'task_1', downloadVideo: true });

			expect(result.error).toBeUndefined();
			const download = sim.requests.filter((r) => r.path === '/files/sample.mp4');
			expect(download).toHaveLength(1);
			expect(download[0].authorization).toBeNull();
		});
	});

	it.concurrent('a redirect from the API origin to another host: the Authorization header is not carried over', async () => {
		const mp4 = Buffer.concat([Buffer.from([0, 0, 0, 16]), Buffer.from('ftypisom'), Buffer.alloc(4)]);
		const cdn = await tinyServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'video/mp4' });
			res.end(mp4);
		});
		try {
			await withSim({ apiKey: KEY }, async (sim) => {
				sim.inject({ method: 'GET', path: '/files/', status: 302, headers: { Location: `${cdn.url}/moved.mp4` }, body: '' });
				const result = await run(sim.url, { operation: 'createAndWait', prompt: 'a fox', downloadVideo: true });

				const taskId = onlyTaskId(sim);
				const first = sim.requests.filter((r) => r.path === `/files/${taskId}.mp4`);
				expect(first).toHaveLength(1);
				expect(first[0].authorization).toBe(`Bearer ${KEY}`); // same origin as the API
				// The redirect is followed, without the key.
				expect(result.error).toBeUndefined();
				expect(cdn.received.map((r) => r.url)).toEqual(['/moved.mp4']);
				expect(cdn.received[0].headers.authorization).toBeUndefined();
				expect(JSON.stringify(cdn.received)).not.toContain(KEY);
				expect(await readBinary(result.items[0])).toEqual(mp4);
			});
		} finally {
			await cdn.close();
		}
	});

	it.concurrent('a redirect within the API origin keeps the key; a redirect to file: is refused', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			sim.inject([
				{ method: 'GET', path: '/files/task_', status: 302, headers: { Location: '/files/sample.mp4' }, body: '' },
				{ method: 'GET', path: '/files/sample.mp4', status: 302, headers: { Location: 'file:///etc/passwd' }, body: '' },
			]);
			const result = await run(sim.url, { operation: 'createAndWait', prompt: 'a fox', downloadVideo: true });

			const taskId = onlyTaskId(sim);
			const files = sim.requests.filter((r) => r.path.startsWith('/files/'));
			expect(files.map((r) => [r.path, r.authorization])).toEqual([
				[`/files/${taskId}.mp4`, `Bearer ${KEY}`],
				['/files/sample.mp4', `Bearer ${KEY}`],
			]);
			expect(result.error?.message).toBe(`The task finished but its video could not be downloaded (task ${taskId})`);
		});
	});

	it.concurrent('a 404 on the download: the status and the task id, and how to try again', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			sim.inject({ method: 'GET', path: '/files/', status: 404 });
			const result = await run(sim.url, { operation: 'createAndWait', prompt: 'a fox', downloadVideo: true });

			const taskId = onlyTaskId(sim);
			expect(result.error?.message).toBe(`The task finished but its video could not be downloaded (task ${taskId})`);
			expect(result.error?.description).toContain('HTTP 404.');
			expect(result.error?.description).toContain('run Get Status with Download Video on to try again');
		});
	});

	it.concurrent('the API redirecting a status read to another origin: the key is not carried over', async () => {
		const other = await tinyServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ id: 'task_1', status: 'processing', progress: 0.5 }));
		});
		try {
			await withSim({ apiKey: KEY }, async (sim) => {
				sim.inject({ method: 'GET', path: TASK_PATH, status: 307, headers: { Location: `${other.url}/elsewhere` }, body: '' });
				await run(sim.url, { operation: 'getStatus', taskId: 'task_1' });

				expect(reads(sim)[0].authorization).toBe(`Bearer ${KEY}`);
				expect(other.received.map((r) => r.url)).toEqual(['/elsewhere']); // followed
				for (const request of other.received) expect(request.headers.authorization).toBeUndefined();
				expect(JSON.stringify(other.received)).not.toContain(KEY);
			});
		} finally {
			await other.close();
		}
	});

	it.concurrent.each(['file:///etc/passwd', 'ftp://127.0.0.1/video.mp4', 'data:video/mp4;base64,AAAA'])(
		'a result URL %s is refused, nothing fetched',
		async (videoUrl) => {
			await withSim({ apiKey: KEY }, async (sim) => {
				sim.inject({
					method: 'GET',
					path: TASK_PATH,
					status: 200,
					body: { id: 'task_1', status: 'completed', output: [{ content: [{ type: 'video', url: videoUrl }] }] },
				});
				const result = await run(sim.url, { operation: 'getStatus', taskId: 'task_1', downloadVideo: true });

				expect(result.error?.message).toBe('The task finished but its video URL is not an http(s) URL (task task_1)');
				expect(result.error?.description).toContain(`Video URL: ${videoUrl}`);
				expect(sim.requests.map((r) => r.path)).toEqual([`${TASK_PATH}task_1`]);
			});
		},
	);

	it.concurrent('a download cut in the middle: a clear error with the task id (not a bare "aborted"), no half file', async () => {
		const cdn = await tinyServer((_req, res) => {
			res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': '100000' });
			res.write(Buffer.alloc(1000));
			setTimeout(() => res.destroy(), 50);
		});
		try {
			await withSim({ apiKey: KEY, publicUrl: cdn.url }, async (sim) => {
				const result = await run(sim.url, { operation: 'createAndWait', prompt: 'a fox', downloadVideo: true });

				const taskId = onlyTaskId(sim);
				expect(cdn.received).toHaveLength(1);
				expect(result.items).toHaveLength(0);
				expect(result.error?.message).toBe(`The task finished but its video could not be downloaded (task ${taskId})`);
				expect(result.error?.description).toContain('run Get Status with Download Video on to try again');
				expect(result.error?.context?.taskId).toBe(taskId);
			});
		} finally {
			await cdn.close();
		}
	});
});
