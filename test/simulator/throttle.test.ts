import axios, { AxiosInstance } from 'axios';
import { Simulator, startSimulator } from '../../simulator';
import { body, start, sleep, KEY } from './helpers';

let sim: Simulator;
let api: AxiosInstance;
beforeAll(async () => {
	({ sim, api } = await start({ taskSeconds: 0.3 }));
});
afterAll(() => sim.close());
beforeEach(() => {
	sim.reset();
});

const create = () => api.post('/model/v1/generation', body());
async function createInTurn(n: number): Promise<number[]> {
	const statuses: number[] = [];
	for (let i = 0; i < n; i++) statuses.push((await create()).status);
	return statuses;
}

describe('create throttle: 429 to a share of the creates for a while', () => {
	it('refuses the given fraction, evenly (1st, 5th, ... for a quarter), with Retry-After; no task for a refused create', async () => {
		sim.throttleCreates({ fraction: 0.25, seconds: 60, retryAfter: 2 });
		const first = await create();
		expect(first.status).toBe(429);
		expect(first.headers['retry-after']).toBe('2');
		expect(first.data).toEqual({ error: { code: '429', message: expect.any(String) } });
		const statuses = [first.status, ...(await createInTurn(7))];
		expect(statuses).toEqual([429, 200, 200, 200, 429, 200, 200, 200]);
		expect(sim.tasks.size).toBe(6);
		expect(sim.requests.filter((r) => r.fault?.kind === 'throttle').map((r) => [r.status, r.taskId])).toEqual([
			[429, undefined],
			[429, undefined],
		]);
		expect(sim.stats()).toMatchObject({ throttledCreates: 2, createRequests: 8, creates: 6, faultsApplied: 0 });
		expect(sim.createThrottle).toMatchObject({ fraction: 0.25, seconds: 60, retryAfter: 2, seen: 8, refused: 2, active: true });
	});

	it('touches only creates: status reads and files pass', async () => {
		sim.throttleCreates({ fraction: 1 });
		expect((await create()).status).toBe(429);
		expect((await api.get('/model/v1/generation/task/task_nope')).status).toBe(404);
		expect((await api.get('/files/sample.mp4')).status).toBe(200);
		expect(sim.createThrottle).toMatchObject({ seen: 1, refused: 1 });
	});

	it('ends after its time; null stops it at once', async () => {
		sim.throttleCreates({ fraction: 1, seconds: 0.1 });
		expect((await create()).status).toBe(429);
		await sleep(150);
		expect((await create()).status).toBe(200);
		expect(sim.createThrottle).toMatchObject({ active: false, refused: 1 });
		sim.throttleCreates({ fraction: 1 });
		sim.throttleCreates(null);
		expect((await create()).status).toBe(200);
		expect(sim.createThrottle).toBeNull();
	});

	it('a queued fault rule takes a create first, and that create does not count in the window', async () => {
		sim.inject({ method: 'POST', status: 503 });
		sim.throttleCreates({ fraction: 0.5 });
		expect(await createInTurn(3)).toEqual([503, 429, 200]);
		expect(sim.stats()).toMatchObject({ faultsApplied: 1, throttledCreates: 1 });
	});

	it('retryAfter: null sends no Retry-After', async () => {
		sim.throttleCreates({ fraction: 1, retryAfter: null });
		const r = await create();
		expect(r.status).toBe(429);
		expect(r.headers['retry-after']).toBeUndefined();
	});

	it('refuses bad settings', () => {
		for (const bad of [{ fraction: 0 }, { fraction: 1.5 }, { fraction: 0.5, seconds: -1 }, { fraction: 0.5, retryAfter: 1.5 }, { fraction: 0.5, share: 1 }]) {
			expect(() => sim.throttleCreates(bad as never)).toThrow();
		}
	});

	it('over the control API: set, read, clear; a bad setting is a 400', async () => {
		const ctl = axios.create({ baseURL: `${sim.url}/__sim`, validateStatus: () => true });
		const set = await ctl.post('/throttle', { fraction: 0.5, seconds: 30, retryAfter: 0 });
		expect(set.status).toBe(200);
		expect(set.data.throttle).toMatchObject({ fraction: 0.5, seconds: 30, retryAfter: 0, active: true });
		expect(await createInTurn(2)).toEqual([429, 200]);
		expect((await ctl.get('/throttle')).data.throttle).toMatchObject({ seen: 2, refused: 1 });
		expect((await ctl.get('/stats')).data.throttledCreates).toBe(1);
		expect((await ctl.delete('/throttle')).status).toBe(200);
		expect((await ctl.get('/throttle')).data.throttle).toBeNull();
		expect((await ctl.post('/throttle', { fraction: 2 })).status).toBe(400);
	});

	it('set at start, and armed again by reset', async () => {
		const s = await startSimulator({ port: 0, apiKey: KEY, throttleCreates: { fraction: 1, seconds: 60 } });
		try {
			const post = () => axios.post(`${s.url}/model/v1/generation`, body(), { headers: { Authorization: `Bearer ${KEY}` }, validateStatus: () => true });
			expect((await post()).status).toBe(429);
			s.throttleCreates(null);
			expect((await post()).status).toBe(200);
			s.reset();
			expect((await post()).status).toBe(429);
			expect(s.stats().throttledCreates).toBe(1);
		} finally {
			await s.close();
		}
	});
});
