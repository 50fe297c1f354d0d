import axios, { AxiosInstance } from 'axios';
import { Simulator, startSimulator } from '../../simulator';
import { body, start, waitFor, receiver, Receiver, KEY } from './helpers';

let sim: Simulator;
let api: AxiosInstance;
let hook: Receiver;
beforeAll(async () => {
	({ sim, api } = await start({ taskSeconds: 0.3 }));
	hook = await receiver();
});
afterAll(async () => {
	await sim.close();
	await hook.close();
});
beforeEach(() => {
	sim.reset();
	hook.calls.length = 0;
	hook.answers.length = 0;
});

const create = (extra: Record<string, unknown> = {}) => api.post('/model/v1/generation', body(extra));
const read = (id: string) => api.get(`/model/v1/generation/task/${id}`);
const ctl = () => axios.create({ baseURL: `${sim.url}/__sim`, validateStatus: () => true });

describe('callback delivery', () => {
	it('POSTs exactly what a read of the ended task answers, completed or failed (payload included)', async () => {
		const ok = await create({ callback_url: `${hook.url}/ok`, payload: 'item-7', prompt: '[sim:never]' });
		const bad = await create({ callback_url: `${hook.url}/bad`, prompt: '[sim:never]' });
		sim.finishTask(ok.data.id);
		sim.finishTask(bad.data.id, { fail: 8007099 });
		await waitFor(() => hook.calls.length === 2);
		const byPath = Object.fromEntries(hook.calls.map((c) => [c.path, c]));
		expect(byPath['/ok'].body).toEqual((await read(ok.data.id)).data);
		expect(byPath['/ok'].body).toMatchObject({ status: 'completed', metadata: { payload: 'item-7' } });
		expect(byPath['/bad'].body).toEqual((await read(bad.data.id)).data);
		expect(byPath['/bad'].body.error).toEqual({ code: 8007099, error_message: 'Service unavailable' });
		expect(byPath['/ok'].headers['content-type']).toBe('application/json');
	});

	it('logs every delivery: url, kind, attempt, status answered, when, how long, body', async () => {
		const c = await create({ callback_url: `${hook.url}/cb`, prompt: '[sim:never]' });
		sim.finishTask(c.data.id);
		await waitFor(() => sim.callbacks.length === 1 && sim.callbacks[0].ms !== null);
		const [entry] = sim.callbacks;
		expect(entry).toEqual({
			taskId: c.data.id,
			url: `${hook.url}/cb`,
			kind: 'end',
			attempt: 1,
			status: 200,
			error: null,
			at: expect.any(Number),
			ms: expect.any(Number),
			body: hook.calls[0].body,
		});
		expect(entry.at).toBeGreaterThanOrEqual(sim.tasks.get(c.data.id)!.endedMs!);
		expect((await ctl().get('/callbacks')).data).toEqual([entry]);
		expect(sim.stats().callbacksSent).toBe(1);
	});

	it('copies: the same callback delivered again (the provider sending it more than once)', async () => {
		sim.setCallbackDelivery({ copies: 3, intervalMs: 20 });
		const c = await create({ callback_url: `${hook.url}/cb`, prompt: '[sim:never]' });
		sim.finishTask(c.data.id);
		await waitFor(() => hook.calls.length === 3);
		expect(hook.calls.map((x) => x.body)).toEqual([hook.calls[0].body, hook.calls[0].body, hook.calls[0].body]);
		expect(sim.callbacks.map((e) => [e.kind, e.status])).toEqual([
			['end', 200],
			['copy', 200],
			['copy', 200],
		]);
		expect(sim.callbacks[2].at - sim.callbacks[0].at).toBeGreaterThanOrEqual(40);
	});

	it('delayMs: delivered late, not before the delay has passed since the task ended', async () => {
		sim.setCallbackDelivery({ delayMs: 250 });
		const c = await create({ callback_url: `${hook.url}/cb`, prompt: '[sim:never]' });
		sim.finishTask(c.data.id);
		await waitFor(() => hook.calls.length === 1);
		expect(hook.calls[0].at - sim.tasks.get(c.data.id)!.endedMs!).toBeGreaterThanOrEqual(250);
	});

	it('retries: a delivery the receiver does not answer 2xx is tried again, up to `retries` more times', async () => {
		sim.setCallbackDelivery({ retries: 3, retryDelayMs: 10 });
		hook.answers.push(500, 404);
		const c = await create({ callback_url: `${hook.url}/cb`, prompt: '[sim:never]' });
		sim.finishTask(c.data.id);
		await waitFor(() => sim.callbacks.length === 3 && sim.callbacks[2].ms !== null);
		expect(sim.callbacks.map((e) => [e.kind, e.attempt, e.status])).toEqual([
			['end', 1, 500],
			['retry', 2, 404],
			['retry', 3, 200],
		]);
		sim.setCallbackDelivery({ retries: 1 });
		hook.answers.push(503, 503, 503);
		const d = await create({ callback_url: `${hook.url}/cb2`, prompt: '[sim:never]' });
		sim.finishTask(d.data.id);
		await waitFor(() => sim.callbacks.filter((e) => e.taskId === d.data.id && e.ms !== null).length === 2);
		expect(hook.calls.filter((x) => x.path === '/cb2')).toHaveLength(2);
	});

	it('provider "once": one delivery, never again, whatever the answer', async () => {
		sim.setCallbackDelivery({ retries: 3, retryDelayMs: 10 });
		sim.setCallbackDelivery('once');
		expect(sim.callbackDelivery).toEqual({ copies: 1, intervalMs: 1000, delayMs: 0, retries: 0, retryDelayMs: 1000, lost: 0 });
		hook.answers.push(503);
		const c = await create({ callback_url: `${hook.url}/once`, prompt: '[sim:never]' });
		sim.finishTask(c.data.id);
		await waitFor(() => sim.callbacks.length === 1 && sim.callbacks[0].ms !== null);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(sim.callbacks.map((e) => [e.kind, e.attempt, e.status])).toEqual([['end', 1, 503]]);
		expect(hook.calls).toHaveLength(1);
	});

	it('provider "retrying": 4 more attempts, 3 s apart; an unknown name is refused', () => {
		sim.setCallbackDelivery('retrying');
		expect(sim.callbackDelivery).toMatchObject({ copies: 1, retries: 4, retryDelayMs: 3000, lost: 0 });
		expect(() => sim.setCallbackDelivery('twice' as never)).toThrow('unknown callback provider "twice" (expected once or retrying)');
	});

	it('lost: the delivery is logged as lost and never reaches the receiver, nor is it retried', async () => {
		sim.setCallbackDelivery({ lost: 1, retries: 2, retryDelayMs: 10 });
		const c = await create({ callback_url: `${hook.url}/lost`, prompt: '[sim:never]' });
		sim.finishTask(c.data.id);
		await waitFor(() => sim.callbacks.length === 1);
		await new Promise((resolve) => setTimeout(resolve, 100));
		expect(sim.callbacks.map((e) => [e.kind, e.status, e.lost, e.error])).toEqual([['end', null, true, 'lost on the way (simulated)']]);
		expect(hook.calls).toHaveLength(0);
	});

	it('calls loopback receivers only: any other host is refused (logged, never tried again)', async () => {
		sim.setCallbackDelivery({ retries: 2, retryDelayMs: 10 });
		const urls = ['http://192.0.2.1/cb', 'http://example.com/cb', 'http://[2001:db8::1]/cb', 'http://127.0.0.1.example.com/cb'];
		for (const url of urls) {
			const c = await create({ callback_url: url, prompt: '[sim:never]' });
			sim.finishTask(c.data.id);
		}
		await waitFor(() => sim.callbacks.length === urls.length);
		expect(sim.callbacks.map((e) => [e.url, e.status, e.refused])).toEqual(urls.map((u) => [u, null, true]));
		for (const e of sim.callbacks) expect(e.error).toMatch(/^refused: .+ is not a loopback address$/);
	});

	it('a localhost URL is delivered (resolved to loopback only)', async () => {
		const port = new URL(hook.url).port;
		const c = await create({ callback_url: `http://localhost:${port}/local`, prompt: '[sim:never]' });
		sim.finishTask(c.data.id);
		await waitFor(() => hook.calls.length === 1);
		expect(hook.calls[0].path).toBe('/local');
	});

	it('delivers a callback again on demand, to its own URL or another (JS and control API)', async () => {
		const other = await receiver();
		try {
			const c = await create({ callback_url: `${hook.url}/cb`, prompt: '[sim:never]' });
			sim.finishTask(c.data.id);
			await waitFor(() => hook.calls.length === 1);
			expect(sim.deliverCallback(c.data.id)).toBe(true);
			await waitFor(() => hook.calls.length === 2);
			expect((await ctl().post(`/tasks/${c.data.id}/callback`, { url: `${other.url}/x` })).status).toBe(200);
			await waitFor(() => other.calls.length === 1);
			expect(other.calls[0].body).toEqual(hook.calls[0].body);
			expect(sim.callbacks.map((e) => e.kind)).toEqual(['end', 'manual', 'manual']);
			expect((await ctl().post('/tasks/task_nope/callback', {})).status).toBe(404);
			const plain = await create({ prompt: '[sim:never]' });
			expect(() => sim.deliverCallback(plain.data.id)).toThrow(/no callback_url/);
		} finally {
			await other.close();
		}
	});

	it('settings over the control API and at start; reset brings back the start value; bad settings refused', async () => {
		const r = await ctl().post('/config', { callbackDelivery: { copies: 2, delayMs: 5 } });
		expect(r.status).toBe(200);
		expect(r.data.callbackDelivery).toEqual({ copies: 2, intervalMs: 1000, delayMs: 5, retries: 0, retryDelayMs: 1000, lost: 0 });
		expect((await ctl().post('/config', { callbackDelivery: { copies: 0 } })).status).toBe(400);
		expect((await ctl().post('/config', { callbackDelivery: { tries: 2 } })).status).toBe(400);
		sim.reset();
		expect(sim.callbackDelivery.copies).toBe(1);
		const s = await startSimulator({ port: 0, apiKey: KEY, callbackDelivery: { retries: 4 } });
		try {
			s.setCallbackDelivery({ copies: 2 });
			expect(s.callbackDelivery).toMatchObject({ retries: 4, copies: 2 });
			s.reset();
			expect(s.callbackDelivery).toMatchObject({ retries: 4, copies: 1 });
		} finally {
			await s.close();
		}
	});
});
