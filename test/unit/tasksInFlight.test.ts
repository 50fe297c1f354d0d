import type { Logger } from 'n8n-workflow';

import { TasksInFlight, tasksInFlightFor, type Slot } from '../../nodes/Vidu/tasksInFlight';

/** `lines`: what n8n logs at info and above; `debugLines`: at debug. */
function recordingLogger(): Logger & { lines: string[]; debugLines: string[] } {
	const lines: string[] = [];
	const debugLines: string[] = [];
	const log = (message: string) => lines.push(message);
	return { lines, debugLines, info: log, debug: (message: string) => debugLines.push(message), warn: log, error: log } as Logger & {
		lines: string[];
		debugLines: string[];
	};
}

/** Lets pending promise callbacks run. */
const settle = async () => {
	for (let i = 0; i < 5; i++) await Promise.resolve();
};

describe('the tasks-in-flight gate', () => {
	it('admits at most the limit, the rest in arrival order; a second release frees nothing', async () => {
		const gate = new TasksInFlight(2, recordingLogger());
		const admitted: number[] = [];
		const slots: Slot[] = [];
		[0, 1, 2, 3].forEach((index) => void gate.acquire().then((slot) => { admitted.push(index); slots[index] = slot; }));
		await settle();
		expect(admitted).toEqual([0, 1]);
		slots[0].release();
		slots[0].release();
		await settle();
		expect(admitted).toEqual([0, 1, 2]);
		slots[1].release();
		await settle();
		expect(admitted).toEqual([0, 1, 2, 3]);
	});

	it('halves the limit once for a wave of 429s and says so in the log', async () => {
		const logger = recordingLogger();
		const gate = new TasksInFlight(200, logger);
		const wave = await Promise.all([gate.acquire(), gate.acquire(), gate.acquire()]);
		wave.forEach((slot) => gate.rateLimited(slot));
		expect(gate.currentLimit).toBe(100);
		const next = await gate.acquire();
		gate.rateLimited(next);
		expect(gate.currentLimit).toBe(50);
		expect(logger.lines).toEqual([
			'Vidu: tasks in flight limit 200 -> 100 (429 from the API)',
			'Vidu: tasks in flight limit 100 -> 50 (429 from the API)',
		]);
	});

	it('keeps new items out while more tasks are in flight than the lowered limit', async () => {
		const gate = new TasksInFlight(4, recordingLogger());
		const held = await Promise.all([gate.acquire(), gate.acquire(), gate.acquire(), gate.acquire()]);
		gate.rateLimited(held[0]);
		held[0].release();
		let admitted = false;
		void gate.acquire().then(() => (admitted = true));
		await settle();
		expect(admitted).toBe(false); // 3 in flight, limit 2
		held[1].release();
		await settle();
		expect(admitted).toBe(false); // 2 in flight, limit 2
		held[2].release();
		await settle();
		expect(admitted).toBe(true);
	});

	it('raises the limit one task per successful create, up to the cap, and lets a waiting item in', async () => {
		const logger = recordingLogger();
		const gate = new TasksInFlight(2, logger);
		const first = await gate.acquire();
		gate.rateLimited(first);
		let admitted = false;
		void gate.acquire().then(() => (admitted = true));
		await settle();
		expect(admitted).toBe(false);
		gate.succeeded();
		await settle();
		expect(admitted).toBe(true);
		gate.succeeded();
		expect(gate.currentLimit).toBe(2);
		expect(logger.lines).toEqual([
			'Vidu: tasks in flight limit 2 -> 1 (429 from the API)',
			'Vidu: tasks in flight limit 1 -> 2 (recovering)',
		]);
	});

	it('logs the way back at info in doublings up to the cap, each step at debug', async () => {
		const logger = recordingLogger();
		const gate = new TasksInFlight(8, logger);
		for (let i = 0; i < 3; i++) {
			const slot = await gate.acquire();
			gate.rateLimited(slot);
			slot.release();
		}
		for (let i = 0; i < 7; i++) gate.succeeded();
		expect(gate.currentLimit).toBe(8);
		expect(logger.lines).toEqual([
			'Vidu: tasks in flight limit 8 -> 4 (429 from the API)',
			'Vidu: tasks in flight limit 4 -> 2 (429 from the API)',
			'Vidu: tasks in flight limit 2 -> 1 (429 from the API)',
			'Vidu: tasks in flight limit 1 -> 2 (recovering)',
			'Vidu: tasks in flight limit 2 -> 4 (recovering)',
			'Vidu: tasks in flight limit 4 -> 8 (recovering)',
		]);
		expect(logger.debugLines).toEqual(['2 -> 3', '4 -> 5', '5 -> 6', '6 -> 7'].map((step) => `Vidu: tasks in flight limit ${step} (recovering)`));
	});

	it('never goes below one task', async () => {
		const gate = new TasksInFlight(1, recordingLogger());
		gate.rateLimited(await gate.acquire());
		expect(gate.currentLimit).toBe(1);
	});

	it('gives each node run its own gate, and the same gate to the items of one run', () => {
		const logger = recordingLogger();
		const run = {};
		expect(tasksInFlightFor(run, 5, logger)).toBe(tasksInFlightFor(run, 5, logger));
		expect(tasksInFlightFor({}, 5, logger)).not.toBe(tasksInFlightFor(run, 5, logger));
	});
});
