import * as http from 'http';
import axios, { AxiosInstance } from 'axios';
import { Simulator } from '../../simulator';
import { body, start, sleep, waitFor, KEY } from './helpers';

let sim: Simulator;
let api: AxiosInstance;
beforeAll(async () => {
	({ sim, api } = await start({ taskSeconds: 0.3 }));
});
afterAll(() => sim.close());
beforeEach(() => {
	sim.reset();
});

const create = (b: unknown = body(), timeout = 5000) => api.post('/model/v1/generation', b, { timeout });

describe('fault injection', () => {
	it('429 with Retry-After, consumed after `times` uses; no task is created', async () => {
		sim.inject({ method: 'POST', path: '/model/v1/generation', status: 429, headers: { 'Retry-After': '1' }, times: 2 });
		const a = await create();
		const b = await create();
		const c = await create();
		expect([a.status, b.status, c.status]).toEqual([429, 429, 200]);
		expect(a.headers['retry-after']).toBe('1');
		expect(a.data.error.code).toBe('429');
		expect(sim.tasks.size).toBe(1);
		expect(sim.requests.map((r) => r.fault?.kind ?? null)).toEqual(['status', 'status', null]);
		expect(sim.requests[0].status).toBe(429);
		expect(sim.faults.length).toBe(0);
	});

	it.each([500, 502, 503, 504])('%s, with a non-JSON body', async (status) => {
		sim.inject({ status, body: '<html>bad gateway</html>', headers: { 'Content-Type': 'text/html' } });
		const r = await create();
		expect(r.status).toBe(status);
		expect(r.data).toBe('<html>bad gateway</html>');
		expect(r.headers['content-type']).toBe('text/html');
		expect((await create()).status).toBe(200);
	});

	it('applies rules in order, matching method and path (prefix or regex)', async () => {
		sim.inject([
			{ method: 'GET', path: '/model/v1/generation/task/', status: 503 },
			{ path: 'task/task_[0-9a-f]+$', status: 502 },
			{ method: 'POST', status: 500 },
		]);
		const c1 = await create();
		expect(c1.status).toBe(500);
		const c2 = await create();
		const id = c2.data.id;
		expect((await api.get(`/model/v1/generation/task/${id}`)).status).toBe(503);
		expect((await api.get(`/model/v1/generation/task/${id}`)).status).toBe(502);
		expect((await api.get(`/model/v1/generation/task/${id}`)).status).toBe(200);
	});

	it('times: -1 applies forever until cleared', async () => {
		sim.inject({ path: '/model', status: 503, times: -1 });
		for (let i = 0; i < 3; i++) expect((await create()).status).toBe(503);
		sim.clearFaults();
		expect((await create()).status).toBe(200);
	});

	it('delayMs answers slowly, then normally', async () => {
		sim.inject({ method: 'POST', delayMs: 300 });
		const t0 = Date.now();
		const r = await create();
		expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
		expect(r.status).toBe(200);
		expect(sim.requests[0].fault).toMatchObject({ kind: 'delay', delayMs: 300 });
	});

	it("destroy: 'before' cuts the connection and creates nothing", async () => {
		sim.inject({ method: 'POST', destroy: 'before' });
		const err = await create().catch((e) => e);
		expect(axios.isAxiosError(err)).toBe(true);
		expect(err.response).toBeUndefined();
		expect(sim.tasks.size).toBe(0);
		expect(sim.requests[0]).toMatchObject({ status: null, fault: { kind: 'destroy-before' } });
	});

	it("destroy: 'after' creates the task (logged) and cuts the connection without answering", async () => {
		sim.inject({ method: 'POST', destroy: 'after' });
		const err = await create().catch((e) => e);
		expect(axios.isAxiosError(err)).toBe(true);
		expect(err.response).toBeUndefined();
		expect(sim.tasks.size).toBe(1);
		const [id] = [...sim.tasks.keys()];
		expect(sim.requests[0]).toMatchObject({ status: null, taskId: id, fault: { kind: 'destroy-after' } });
		expect(sim.requests[0].body.prompt).toBe('a cat walks');
		await sleep(350);
		expect((await api.get(`/model/v1/generation/task/${id}`)).data.status).toBe('completed');
	});

	it('hang never answers until the client gives up', async () => {
		sim.inject({ method: 'POST', hang: true });
		const t0 = Date.now();
		const err = await create(body(), 400).catch((e) => e);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(380);
		expect(err.code).toBe('ECONNABORTED');
		expect(sim.tasks.size).toBe(0);
		expect(sim.requests[0]).toMatchObject({ status: null, fault: { kind: 'hang' } });
		await waitFor(() => sim.stats().inFlightRequests === 0);
	});

	it('rejects malformed faults', () => {
		expect(() => sim.inject({} as never)).toThrow();
		expect(() => sim.inject({ destroy: 'middle' } as never)).toThrow();
		expect(() => sim.inject({ status: 1000 })).toThrow();
	});
});

describe('HTTP control API (no auth)', () => {
	const ctl = () => axios.create({ baseURL: `${sim.url}/__sim`, validateStatus: () => true });

	it('health', async () => {
		const r = await ctl().get('/health');
		expect(r.status).toBe(200);
		expect(r.data.ok).toBe(true);
	});

	it('faults over HTTP: one or a list, listed, cleared', async () => {
		expect((await ctl().post('/faults', { method: 'POST', status: 429, headers: { 'Retry-After': '2' } })).status).toBe(200);
		expect((await ctl().post('/faults', [{ method: 'GET', status: 500 }, { path: '^/model', delayMs: 10 }])).data.queued).toBe(3);
		expect((await ctl().get('/faults')).data).toHaveLength(3);
		const r = await create();
		expect(r.status).toBe(429);
		expect(r.headers['retry-after']).toBe('2');
		expect((await ctl().delete('/faults')).status).toBe(200);
		expect(sim.faults).toHaveLength(0);
		expect((await ctl().post('/faults', { destroy: 'sideways' })).status).toBe(400);
		expect((await ctl().post('/faults', 'nope', { headers: { 'Content-Type': 'application/json' } })).status).toBe(400);
	});

	it('requests log with image data cut, imageBytes/imageMime; tasks; callbacks; reset', async () => {
		const c = await create(body({ prompt: 'hello [sim:never]' }));
		await api.get(`/model/v1/generation/task/${c.data.id}`);
		const log = (await ctl().get('/requests')).data;
		expect(log).toHaveLength(2);
		expect(log[0]).toMatchObject({
			method: 'POST',
			path: '/model/v1/generation',
			status: 200,
			imageMime: 'image/png',
			authorization: `Bearer ${KEY}`,
			headers: { authorization: 'Bearer ***' },
			taskId: c.data.id,
		});
		expect(log[0].imageBytes).toBeGreaterThan(1000);
		expect(log[0].body.images[0].length).toBeLessThan(200);
		expect(log[0].body.prompt).toBe('hello [sim:never]');
		expect((await ctl().get('/requests?method=GET')).data).toHaveLength(1);
		const tasks = (await ctl().get('/tasks')).data;
		expect(tasks).toHaveLength(1);
		expect(tasks[0]).toMatchObject({ id: c.data.id, markers: { never: true }, view: { id: c.data.id } });
		expect((await ctl().post(`/tasks/${c.data.id}/finish`, { fail: 8007099 })).status).toBe(200);
		expect((await api.get(`/model/v1/generation/task/${c.data.id}`)).data.error.code).toBe(8007099);
		expect((await ctl().get('/callbacks')).data).toEqual([]);
		expect((await ctl().post('/config', { taskSeconds: 7 })).data.taskSeconds).toBe(7);
		expect((await ctl().post('/reset')).status).toBe(200);
		expect((await ctl().get('/requests')).data).toEqual([]);
		expect(sim.tasks.size).toBe(0);
		expect(sim.taskSeconds).toBe(0.3);
	});

	it('control requests are not logged and faults do not touch them', async () => {
		sim.inject({ status: 500, times: -1 });
		expect((await ctl().get('/health')).status).toBe(200);
		expect(sim.requests).toHaveLength(0);
	});
});

describe('stats', () => {
	it('counts creates, status reads per task, and peak concurrency', async () => {
		sim.inject({ method: 'POST', delayMs: 200, times: 8 });
		const created = await Promise.all(Array.from({ length: 8 }, () => create()));
		const ids = created.map((c) => c.data.id as string);
		for (const id of ids.slice(0, 3)) await api.get(`/model/v1/generation/task/${id}`);
		await api.get(`/model/v1/generation/task/${ids[0]}`);
		const s = sim.stats();
		expect(s.creates).toBe(8);
		expect(s.createRequests).toBe(8);
		expect(s.statusReads).toBe(4);
		expect(s.statusReadsByTask).toEqual({ [ids[0]]: 2, [ids[1]]: 1, [ids[2]]: 1 });
		expect(s.peakInFlightCreates).toBe(8);
		expect(s.peakInFlightRequests).toBeGreaterThanOrEqual(8);
		expect(s.inFlightCreates).toBe(0);
		const h = (await axios.get(`${sim.url}/__sim/stats`)).data;
		expect(h.creates).toBe(8);
		expect(h.peakInFlightCreates).toBe(8);
	});

	it('peak in-flight creates with real parallel sockets', async () => {
		sim.inject({ method: 'POST', delayMs: 150, times: 5 });
		const agent = new http.Agent({ keepAlive: false, maxSockets: 50 });
		await Promise.all(Array.from({ length: 5 }, () => api.post('/model/v1/generation', body(), { httpAgent: agent })));
		agent.destroy();
		expect(sim.stats().peakInFlightCreates).toBe(5);
	});
});
