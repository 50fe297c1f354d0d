import * as http from 'http';
import { AddressInfo } from 'net';
import axios, { AxiosInstance } from 'axios';
import { Simulator } from '../../simulator';
import { makePng } from '../../simulator/png';
import { asset, body, dataUrl, start, sleep, waitFor, KEY } from './helpers';

let sim: Simulator;
let api: AxiosInstance;

beforeAll(async () => {
	({ sim, api } = await start());
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => {
	sim.reset();
});

const create = (b: unknown) => api.post('/model/v1/generation', b);
const read = (id: string) => api.get(`/model/v1/generation/task/${id}`);

describe('auth', () => {
	it('answers 401 with a JSON error without the key, with a wrong key, and with a non-Bearer scheme', async () => {
		for (const headers of [{ Authorization: '' }, { Authorization: 'Bearer nope' }, { Authorization: `Basic ${KEY}` }]) {
			const r = await axios.post(`${sim.url}/model/v1/generation`, body(), { headers, validateStatus: () => true });
			expect(r.status).toBe(401);
			expect(r.headers['content-type']).toMatch(/application\/json/);
			expect(r.data.error.code).toBe('401');
			expect(typeof r.data.error.message).toBe('string');
		}
		const r = await axios.get(`${sim.url}/model/v1/generation/task/task_x`, { validateStatus: () => true });
		expect(r.status).toBe(401);
		expect(sim.tasks.size).toBe(0);
	});

	it('logs the raw header separately and redacts it in headers', async () => {
		await create(body());
		const e = sim.requests[0];
		expect(e.authorization).toBe(`Bearer ${KEY}`);
		expect(e.headers.authorization).toBe('Bearer ***');
		expect(e.authOk).toBe(true);
	});

	it('never prints the API key', async () => {
		const lines: string[] = [];
		const loud = await (await import('../../simulator')).startSimulator({ port: 0, apiKey: 'secret-key-123', quiet: false, taskSeconds: 0.05, logger: (l) => lines.push(l) });
		try {
			const r = await axios.post(`${loud.url}/model/v1/generation`, body(), { headers: { Authorization: 'Bearer secret-key-123' } });
			await axios.get(`${loud.url}/model/v1/generation/task/${r.data.id}`, { headers: { Authorization: 'Bearer wrong-key-456' }, validateStatus: () => true });
			await sleep(100);
		} finally {
			await loud.close();
		}
		expect(lines.length).toBeGreaterThan(1);
		expect(lines.join('\n')).not.toMatch(/secret-key-123|wrong-key-456/);
	});
});

describe('validation', () => {
	const cases: Array<[string, Record<string, unknown>, string]> = [
		['wrong model', { model: 'viduq2_turbo' }, '008007002'],
		['unknown field', { style: 'anime' }, '008007002'],
		['images not an array', { images: 'x' }, '008007002'],
		['two images', { images: [dataUrl(asset('sample.png')), dataUrl(asset('sample.png'))] }, '008007002'],
		['no image', { images: [] }, '008007002'],
		['data URL without content type', { images: [`data:;base64,${asset('sample.png').toString('base64')}`] }, '008007002'],
		['data URL without data: prefix', { images: [asset('sample.png').toString('base64')] }, '008007002'],
		['content type does not match the bytes', { images: [dataUrl(asset('sample.png'), 'image/jpeg')] }, '008007002'],
		['unsupported content type', { images: [dataUrl(asset('sample.png'), 'image/gif')] }, '008007002'],
		['not an image', { images: [dataUrl(asset('sample.mp4'), 'image/png')] }, '008007002'],
		['bad aspect ratio', { images: [dataUrl(asset('wide.png'))] }, '008007002'],
		['ftp URL', { images: ['ftp://example.com/a.png'] }, '008007002'],
		['empty prompt', { prompt: '' }, '008007001'],
		['blank prompt', { prompt: '   ' }, '008007001'],
		['prompt not a string', { prompt: 5 }, '008007002'],
		['prompt over 2000 code points', { prompt: '😀'.repeat(2001) }, '008007002'],
		['movement_amplitude', { movement_amplitude: 'huge' }, '008007003'],
		['duration 0', { duration: 0 }, '008007004'],
		['duration 11', { duration: 11 }, '008007004'],
		['duration 2.5', { duration: 2.5 }, '008007004'],
		['duration string', { duration: '5' }, '008007004'],
		['resolution', { resolution: '4k' }, '008007005'],
		['audio not boolean', { audio: 'true' }, '008007002'],
		['bgm not boolean', { bgm: 1 }, '008007002'],
		['is_rec not boolean', { is_rec: 'no' }, '008007002'],
		['watermark not boolean', { watermark: null }, '008007002'],
		['off_peak with audio', { off_peak: true, audio: true }, '008007002'],
		['wm_position 5', { wm_position: 5 }, '008007002'],
		['seed negative', { seed: -1 }, '008007002'],
		['seed fraction', { seed: 1.5 }, '008007002'],
		['payload too long', { payload: 'x'.repeat(1048577) }, '008007002'],
		['payload not a string', { payload: { a: 1 } }, '008007002'],
		['voice_id not a string', { voice_id: 3 }, '008007002'],
		['callback_url not a string', { callback_url: true }, '008007002'],
	];
	it.each(cases.map(([n, e, c]) => [n, c, e] as const))('%s -> 400 %s', async (_name, code, extra) => {
		const r = await create(body(extra));
		expect(r.status).toBe(400);
		expect(r.data).toEqual({ error: { code, message: expect.any(String) } });
		expect(sim.tasks.size).toBe(0);
	});

	it('rejects a missing model and missing images', async () => {
		const b1 = body();
		delete b1.model;
		const b2 = body();
		delete b2.images;
		for (const b of [b1, b2]) {
			const r = await create(b);
			expect(r.status).toBe(400);
			expect(r.data.error.code).toBe('008007002');
		}
	});

	it('rejects a body that is not JSON or not an object', async () => {
		const r = await api.post('/model/v1/generation', 'not json{', { headers: { 'Content-Type': 'application/json' } });
		expect(r.status).toBe(400);
		expect(r.data.error.code).toBe('008007002');
		const r2 = await create([1, 2]);
		expect(r2.status).toBe(400);
	});

	it('accepts every documented parameter, all formats, a URL image, no prompt, and a blank prompt with is_rec', async () => {
		const full = body({
			audio: true,
			voice_id: 'v1',
			is_rec: false,
			bgm: true,
			duration: 10,
			seed: 0,
			resolution: '1080p',
			payload: 'p',
			off_peak: false,
			watermark: true,
			wm_position: 4,
			wm_url: 'https://example.com/wm.png',
			callback_url: 'http://127.0.0.1:9/cb',
			movement_amplitude: 'large',
			prompt: '😀'.repeat(2000),
		});
		const oks = [
			full,
			body({ images: [dataUrl(asset('sample.jpg'), 'image/jpeg')] }),
			body({ images: [dataUrl(asset('sample.webp'), 'image/webp')] }),
			body({ images: ['https://example.com/cat.png'] }),
			body({ prompt: undefined }),
			body({ prompt: '', is_rec: true }),
			body({ images: [dataUrl(makePng(100, 400))] }), // exactly 1:4
			body({ payload: 'x'.repeat(1048576) }),
		];
		for (const b of oks) {
			const r = await create(JSON.parse(JSON.stringify(b)));
			expect({ status: r.status, data: r.data }).toEqual({ status: 200, data: expect.objectContaining({ status: 'pending' }) });
		}
	});

	it('answers 413 for a body over 20 MB, without creating a task', async () => {
		const big = Buffer.alloc(20 * 1024 * 1024 + 10, 0x61);
		const r = await api.post('/model/v1/generation', big, { headers: { 'Content-Type': 'application/json' } });
		expect(r.status).toBe(413);
		expect(r.data.error.code).toBe('413');
		expect(sim.tasks.size).toBe(0);
	});

	it('answers 413 for a chunked body over 20 MB too', async () => {
		const status = await new Promise<number>((resolve, reject) => {
			const u = new URL(`${sim.url}/model/v1/generation`);
			const req = http.request(
				{ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' } },
				(res) => {
					res.resume();
					resolve(res.statusCode!);
				},
			);
			req.on('error', reject);
			const chunk = Buffer.alloc(1024 * 1024, 0x61);
			let n = 0;
			const write = () => {
				while (n < 22) {
					n++;
					if (!req.write(chunk)) return req.once('drain', write);
				}
				req.end();
			};
			write();
		});
		expect(status).toBe(413);
	});

	it('413 on a declared over-20 MB body: answers at once, keeps reading what is really sent (logged), cuts 64 MiB later', async () => {
		const MiB = 1024 * 1024;
		const u = new URL(sim.url);
		const req = http.request({
			host: u.hostname,
			port: u.port,
			path: u.pathname,
			method: 'POST',
			headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json', 'Content-Length': 90 * MiB },
		});
		let socketError: string | undefined;
		req.on('error', (err: NodeJS.ErrnoException) => (socketError = err.code));
		const answer = new Promise<{ status: number; body: any }>((resolve) =>
			req.on('response', (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString()) }));
			}),
		);
		req.flushHeaders();
		const r = await answer; // before any of the body is sent
		expect(r.status).toBe(413);
		expect(r.body.error.code).toBe('413');
		const entry = sim.requests[sim.requests.length - 1];
		expect(entry.status).toBe(413);
		expect(entry.bodyBytes).toBe(0);
		const chunk = Buffer.alloc(MiB, 0x61);
		const write = () => new Promise<void>((resolve) => req.write(chunk, () => resolve()));
		for (let i = 0; i < 4; i++) await write();
		await waitFor(() => entry.bodyBytes === 4 * MiB);
		expect(socketError).toBeUndefined();
		// past 64 MiB of discarding the connection is cut
		let sent = 4 * MiB;
		while (!socketError && sent < 90 * MiB) {
			await write();
			sent += MiB;
		}
		await waitFor(() => socketError);
		expect(entry.bodyBytes).toBeGreaterThan(64 * MiB);
		expect(entry.bodyBytes).toBeLessThan(68 * MiB);
		expect(sim.tasks.size).toBe(0);
	});

	it('accepts a ~15 MB noise PNG inline (under 20 MB body) and logs its size, not its data', async () => {
		const png = makePng(2200, 2200, { noise: true });
		expect(png.length).toBeGreaterThan(14_000_000);
		const r = await create(body({ images: [dataUrl(png)] }));
		expect(r.status).toBe(200);
		const e = sim.requests[sim.requests.length - 1];
		expect(e.imageBytes).toBe(png.length);
		expect(e.imageMime).toBe('image/png');
		expect(JSON.stringify(e.body).length).toBeLessThan(1000);
		expect(e.bodyBytes).toBeGreaterThan(png.length);
	});
});

describe('task lifecycle', () => {
	it('create -> pending -> processing with rising progress -> completed with a video and usage', async () => {
		sim.setTaskSeconds(0.6);
		const c = await create(body({ payload: '{"k":1}' }));
		expect(c.status).toBe(200);
		expect(c.data).toEqual({
			id: expect.stringMatching(/^task_[0-9a-f]+$/),
			status: 'pending',
			model: 'viduq2_turbo_img2video',
			created_at: expect.any(Number),
			progress: 0,
			metadata: { payload: '{"k":1}' },
		});
		expect(Math.abs(c.data.created_at - Date.now() / 1000)).toBeLessThan(5);
		const id = c.data.id;
		const seen: Array<{ status: string; progress: number }> = [];
		let last: any;
		for (;;) {
			const r = await read(id);
			expect(r.status).toBe(200);
			last = r.data;
			seen.push({ status: last.status, progress: last.progress });
			if (last.status === 'completed') break;
			expect(last.output).toBeUndefined();
			expect(last.usage).toBeUndefined();
			await sleep(40);
		}
		expect(seen.map((s) => s.status)).toContain('processing');
		const progresses = seen.filter((s) => s.status === 'processing').map((s) => s.progress);
		expect(progresses.length).toBeGreaterThan(1);
		for (let i = 1; i < progresses.length; i++) expect(progresses[i]).toBeGreaterThanOrEqual(progresses[i - 1]);
		for (const p of progresses) expect(p).toBeLessThan(1);
		expect(last).toEqual({
			id,
			status: 'completed',
			model: 'viduq2_turbo_img2video',
			created_at: c.data.created_at,
			progress: 1,
			output: [{ content: [{ type: 'video', url: `${sim.url}/files/${id}.mp4` }] }],
			usage: { cost: '0.07', discount: 0 },
			metadata: { payload: '{"k":1}' },
		});
		expect(sim.stats().statusReadsByTask[id]).toBe(seen.length);
	});

	it('with a task time of 0 the create answer is still pending (no output, usage or error); the next read has the end', async () => {
		sim.setTaskSeconds(0);
		const ok = await create(body());
		const bad = await create(body({ prompt: '[sim:fail]' }));
		for (const c of [ok, bad]) {
			expect(c.status).toBe(200);
			expect(Object.keys(c.data).sort()).toEqual(['created_at', 'id', 'metadata', 'model', 'progress', 'status']);
			expect(c.data).toMatchObject({ status: 'pending', progress: 0 });
		}
		const r = await read(ok.data.id);
		expect(r.data.status).toBe('completed');
		expect(r.data.output).toEqual([{ content: [{ type: 'video', url: `${sim.url}/files/${ok.data.id}.mp4` }] }]);
		expect(r.data.usage).toEqual({ cost: '0.07', discount: 0 });
		const f = await read(bad.data.id);
		expect(f.data.status).toBe('failed');
		expect(f.data.error).toEqual({ code: 8007095, error_message: 'Internal generation error' });
	});

	it('[sim:fail] fails with 8007095 and an error_message', async () => {
		const c = await create(body({ prompt: 'x [sim:fail]' }));
		await sleep(400);
		const r = await read(c.data.id);
		expect(r.data.status).toBe('failed');
		expect(r.data.error).toEqual({ code: 8007095, error_message: 'Internal generation error' });
		expect(r.data.output).toBeUndefined();
		expect(r.data.usage).toBeUndefined();
	});

	it('[sim:fail:CODE], [sim:errorstring] and [sim:errorshape=message]', async () => {
		const a = await create(body({ prompt: '[sim:fail:8007099]' }));
		const b = await create(body({ prompt: '[sim:fail:008007096]' }));
		const c = await create(body({ prompt: '[sim:fail] [sim:errorstring]' }));
		const d = await create(body({ prompt: '[sim:fail] [sim:errorshape=message]' }));
		await sleep(400);
		expect((await read(a.data.id)).data.error).toEqual({ code: 8007099, error_message: 'Service unavailable' });
		expect((await read(b.data.id)).data.error).toEqual({ code: '008007096', error_message: 'Result parsing error' });
		const ce = (await read(c.data.id)).data.error;
		expect(typeof ce).toBe('string');
		expect(ce).toMatch(/Internal generation error/);
		expect((await read(d.data.id)).data.error).toEqual({ code: 8007095, message: 'Internal generation error' });
	});

	it('[sim:never] stays unfinished with progress below 1', async () => {
		const c = await create(body({ prompt: '[sim:never]' }));
		await sleep(500);
		const r = await read(c.data.id);
		expect(['pending', 'processing']).toContain(r.data.status);
		expect(r.data.progress).toBeLessThan(1);
		expect(sim.tasks.get(c.data.id)!.ended).toBe(false);
	});

	it('[sim:status=weird] reports that status forever; [sim:in_progress] uses in_progress', async () => {
		const w = await create(body({ prompt: '[sim:status=weird]' }));
		expect(w.data.status).toBe('weird');
		const ip = await create(body({ prompt: '[sim:in_progress] [sim:seconds=1]' }));
		await sleep(450);
		expect((await read(w.data.id)).data.status).toBe('weird');
		expect((await read(ip.data.id)).data.status).toBe('in_progress');
	});

	it('[sim:seconds=N] overrides the task time; finishTask ends it at once', async () => {
		const c = await create(body({ prompt: '[sim:seconds=30]' }));
		expect(sim.tasks.get(c.data.id)!.seconds).toBe(30);
		await sleep(350);
		expect((await read(c.data.id)).data.status).not.toBe('completed');
		expect(sim.finishTask(c.data.id)).toBe(true);
		expect((await read(c.data.id)).data.status).toBe('completed');
		const f = await create(body({ prompt: '[sim:never]' }));
		sim.finishTask(f.data.id, { fail: 8007098 });
		expect((await read(f.data.id)).data.error.code).toBe(8007098);
	});

	it('[sim:id=task_id] answers with task_id instead of id', async () => {
		const c = await create(body({ prompt: '[sim:id=task_id]' }));
		expect(c.data.id).toBeUndefined();
		expect(c.data.task_id).toMatch(/^task_/);
		await sleep(400);
		const r = await read(c.data.task_id);
		expect(r.data.id).toBeUndefined();
		expect(r.data.task_id).toBe(c.data.task_id);
		expect(r.data.status).toBe('completed');
	});

	it('[sim:novideo] completes without output; [sim:videotype=video_url] changes the content type', async () => {
		const a = await create(body({ prompt: '[sim:novideo]' }));
		const b = await create(body({ prompt: '[sim:videotype=video_url]' }));
		await sleep(400);
		const ra = (await read(a.data.id)).data;
		expect(ra.status).toBe('completed');
		expect(ra.output).toBeUndefined();
		const rb = (await read(b.data.id)).data;
		expect(rb.output[0].content[0].type).toBe('video_url');
	});

	it('markers are read from payload too', async () => {
		const c = await create(body({ prompt: undefined, payload: '[sim:fail]' }));
		await sleep(400);
		expect((await read(c.data.id)).data.status).toBe('failed');
	});

	it('unknown task id -> 404 JSON', async () => {
		const r = await read('task_nope');
		expect(r.status).toBe(404);
		expect(r.data.error.code).toBe('404');
	});
});

describe('callback_url', () => {
	let server: http.Server;
	let received: Array<{ body: any; headers: http.IncomingHttpHeaders }>;
	let cbUrl: string;
	beforeAll(async () => {
		received = [];
		server = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c) => chunks.push(c));
			req.on('end', () => {
				received.push({ body: JSON.parse(Buffer.concat(chunks).toString()), headers: req.headers });
				res.end('ok');
			});
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		cbUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
	});
	afterAll(() => new Promise<void>((r) => server.close(() => r())));

	it('POSTs the final task to the callback URL and logs it', async () => {
		const ok = await create(body({ callback_url: cbUrl }));
		const bad = await create(body({ callback_url: cbUrl, prompt: '[sim:fail]' }));
		await waitFor(() => received.length >= 2);
		const byId = Object.fromEntries(received.map((r) => [r.body.id, r]));
		expect(byId[ok.data.id].body.status).toBe('completed');
		expect(byId[ok.data.id].body.output[0].content[0].url).toContain(ok.data.id);
		expect(byId[ok.data.id].headers['content-type']).toBe('application/json');
		expect(byId[bad.data.id].body.status).toBe('failed');
		await waitFor(() => sim.callbacks.length === 2 && sim.callbacks.every((c) => c.status === 200));
	});

	it('survives an unreachable or non-http callback URL', async () => {
		await create(body({ callback_url: 'http://127.0.0.1:1/nothing' }));
		await create(body({ callback_url: 'mailto:a@b.c' }));
		await waitFor(() => sim.callbacks.length === 2 && sim.callbacks.every((c) => c.error));
		const r = await read('task_nope');
		expect(r.status).toBe(404); // still alive
	});
});
