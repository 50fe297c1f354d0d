import axios, { AxiosInstance } from 'axios';
import { Simulator } from '../../simulator';
import { body, start, sleep, waitFor } from './helpers';

let sim: Simulator;
let api: AxiosInstance;
beforeAll(async () => {
	({ sim, api } = await start({ taskSeconds: 0.3 }));
});
afterAll(() => sim.close());
beforeEach(() => {
	sim.reset();
});

const create = (prompt = '[sim:never]') => api.post('/model/v1/generation', body({ prompt }));
const values = (name: 'tasksInFlight' | 'inFlightCreates' | 'inFlightRequests') =>
	sim.concurrency().gauges[name].timeline.map(([, v]) => v);

describe('concurrency over time', () => {
	it('tasks in flight: up at each create, down at each end (timer or finishTask), in stats and the timeline', async () => {
		const ids: string[] = [];
		for (let i = 0; i < 3; i++) ids.push((await create()).data.id);
		sim.finishTask(ids[0]);
		sim.finishTask(ids[0]); // a second end changes nothing
		await create('[sim:seconds=0]');
		// Its end is a timer of 0 s: on a busy machine the next request can come in before it fires.
		await waitFor(() => sim.stats().tasksInFlight === 2);
		await create('a task of 0.3 s');
		await waitFor(() => sim.stats().tasksInFlight === 2);
		expect(values('tasksInFlight')).toEqual([0, 1, 2, 3, 2, 3, 2, 3, 2]);
		expect(sim.stats()).toMatchObject({ tasksInFlight: 2, peakTasksInFlight: 3 });
		const c = sim.concurrency();
		expect(c.gauges.tasksInFlight).toMatchObject({ now: 2, peak: 3 });
		const times = c.gauges.tasksInFlight.timeline.map(([t]) => t);
		expect([...times].sort((a, b) => a - b)).toEqual(times);
	});

	it('creates in progress: how many create requests are open at once', async () => {
		sim.inject({ method: 'POST', delayMs: 100, times: 4 });
		await Promise.all([create(), create(), create(), create()]);
		const v = values('inFlightCreates');
		expect(Math.max(...v)).toBe(4);
		expect(v[v.length - 1]).toBe(0);
		expect(sim.stats()).toMatchObject({ inFlightCreates: 0, peakInFlightCreates: 4 });
	});

	it('a client that backs off after 429s shows: tasks in flight drop, then recover (min/max per window)', async () => {
		const windowMs = 40;
		const since = Date.now();
		// 6 in flight; 4 of them end (the client, refused, starts none), then 4 more start
		const ids: string[] = [];
		for (let i = 0; i < 6; i++) ids.push((await create()).data.id);
		await sleep(2 * windowMs);
		for (const id of ids.slice(0, 4)) sim.finishTask(id);
		await sleep(3 * windowMs);
		for (let i = 0; i < 4; i++) await create();
		await sleep(2 * windowMs);
		const { windows } = sim.concurrency({ windowMs, since });
		const w = windows!.map((x) => x.tasksInFlight);
		const high = w.findIndex((x) => x.max === 6);
		const low = w.findIndex((x, i) => i > high && x.min === 2 && x.max === 2);
		const again = w.findIndex((x, i) => i > low && x.max === 6);
		expect([high >= 0, low > high, again > low]).toEqual([true, true, true]);
		expect(windows![0].from).toBe(since);
		for (const x of windows!) expect(x.to - x.from).toBe(windowMs);
	});

	it('the control API answers the same, with windows on request', async () => {
		await create();
		const r = await axios.get(`${sim.url}/__sim/concurrency?windowMs=60000`);
		expect(r.data.gauges.tasksInFlight).toMatchObject({ now: 1, peak: 1 });
		expect(r.data.windows).toHaveLength(1);
		expect(r.data.windows[0].tasksInFlight).toEqual({ min: 0, max: 1 });
		expect(Object.keys(r.data.gauges).sort()).toEqual(['inFlightCreates', 'inFlightRequests', 'tasksInFlight']);
	});

	it('reset starts the timelines again from what is in progress', async () => {
		await create();
		sim.reset();
		expect(values('tasksInFlight')).toEqual([0]);
		expect(sim.stats().peakTasksInFlight).toBe(0);
	});

	it('with 20 creates at once under a quarter throttle, exactly 5 are refused and 15 tasks run', async () => {
		sim.throttleCreates({ fraction: 0.25, retryAfter: 0 });
		const answers = await Promise.all(Array.from({ length: 20 }, () => create()));
		expect(answers.filter((a) => a.status === 429)).toHaveLength(5);
		expect(sim.stats()).toMatchObject({ creates: 15, throttledCreates: 5, tasksInFlight: 15, peakTasksInFlight: 15 });
	});
});
