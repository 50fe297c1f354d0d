/**
 * Reliability: which failures are sent again and which are not. A create is repeated only when the API
 * certainly did not take it (429, 503, a refused connection), so a task is never created (and paid) twice;
 * a status read is idempotent, so transient faults there are retried and the wait goes on.
 */
import net from 'node:net';

import { startSimulator } from '../../simulator';
import {
	closedPort,
	CREATE_PATH,
	json,
	onlyTaskId,
	posts,
	reads,
	runVidu,
	secretKey,
	TASK_PATH,
	withSim,
} from './fixtures';

const KEY = secretKey();
const run = (sim: { url: string }, parameters: Record<string, unknown>, extra: { continueOnFail?: boolean } = {}) =>
	runVidu(parameters as never, { apiKey: KEY, baseUrl: sim.url, ...extra });

// Backoff without Retry-After has full jitter (0.5–1 × the step); keep it at its low end so the tests stay
// short and their timing predictable. Values stay random (ids made with Math.random remain distinct).
const realRandom = Math.random.bind(Math);
beforeAll(() => jest.spyOn(Math, 'random').mockImplementation(() => realRandom() * 0.01));
afterAll(() => jest.restoreAllMocks());

describe('create: sent again only when the API certainly did not take it', () => {
	it.concurrent('429 with Retry-After: waits that long, sends once more, exactly one task', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			sim.inject({ method: 'POST', path: CREATE_PATH, status: 429, headers: { 'Retry-After': '1' } });
			const result = await run(sim, { operation: 'create', prompt: 'a fox' });

			expect(result.error).toBeUndefined();
			const sent = posts(sim);
			expect(sent.map((r) => r.status)).toEqual([429, 200]);
			expect(sent[1].at - sent[0].at).toBeGreaterThanOrEqual(950); // Retry-After: 1 honoured
			expect(json(result).taskId).toBe(onlyTaskId(sim));
		});
	});

	it.concurrent('503 (no Retry-After): retried with backoff, one task', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			sim.inject({ method: 'POST', path: CREATE_PATH, status: 503 });
			const result = await run(sim, { operation: 'create', prompt: 'a fox' });

			expect(result.error).toBeUndefined();
			expect(posts(sim).map((r) => r.status)).toEqual([503, 200]);
			expect(json(result).taskId).toBe(onlyTaskId(sim));
		});
	});

	it.concurrent('503 that does not go away: a bounded number of tries (5), then the status in words', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			sim.inject({ method: 'POST', path: CREATE_PATH, status: 503, headers: { 'Retry-After': '0' }, times: -1 });
			const result = await run(sim, { operation: 'create', prompt: 'a fox' });

			expect(posts(sim)).toHaveLength(5);
			expect(sim.tasks.size).toBe(0);
			expect(result.error?.message).toBe('The Vtrix API is unavailable');
			expect(result.error?.description).toContain('Creating the task failed with HTTP 503.');
		});
	});

	it.concurrent.each([
		[500, 'The Vtrix API had an internal error'],
		[502, 'The Vtrix gateway could not reach the provider'],
	])('%i on create: NOT sent again (the task may exist), and the error says so', async (status, words) => {
		await withSim({ apiKey: KEY }, async (sim) => {
			sim.inject({ method: 'POST', path: CREATE_PATH, status, headers: { 'Retry-After': '0' } });
			const result = await run(sim, { operation: 'create', prompt: 'a fox' });

			expect(posts(sim)).toHaveLength(1);
			expect(result.error?.message).toBe(`${words}: the task may exist`);
			expect(result.error?.description).toContain(`Creating the task failed with HTTP ${status}.`);
			expect(result.error?.description).toContain('The node does not send the request again');
			expect(result.error?.description).toContain('Get Status');
		});
	});
});

describe('waiting: failed status reads are retried and the wait goes on', () => {
	it.concurrent('a burst of 500, 502, 503 on the reads: the wait continues and the video comes back', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			sim.inject(
				[500, 502, 503].map((status) => ({ method: 'GET', path: TASK_PATH, status, headers: { 'Retry-After': '0' } })),
			);
			const result = await run(sim, { operation: 'createAndWait', prompt: 'a fox' });

			expect(result.error).toBeUndefined();
			const taskId = onlyTaskId(sim);
			expect(json(result)).toMatchObject({ taskId, status: 'completed' });
			expect(String(json(result).videoUrl)).toContain(`/files/${taskId}.mp4`);
			expect(reads(sim).map((r) => r.status).slice(0, 4)).toEqual([500, 502, 503, 200]);
			expect(posts(sim)).toHaveLength(1);
		});
	});

	it.concurrent('a read that still fails after its own retries (5 × 500) does not end the wait; the next one succeeds', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			sim.inject({ method: 'GET', path: TASK_PATH, status: 500, headers: { 'Retry-After': '0' }, times: 5 });
			const result = await run(sim, { operation: 'createAndWait', prompt: 'a fox' });

			expect(result.error).toBeUndefined();
			expect(json(result)).toMatchObject({ taskId: onlyTaskId(sim), status: 'completed' });
			const statuses = reads(sim).map((r) => r.status);
			expect(statuses.slice(0, 6)).toEqual([500, 500, 500, 500, 500, 200]);
			// The sixth read came after a poll pause, not in the same burst of retries.
			const log = reads(sim);
			expect(log[5].at - log[4].at).toBeGreaterThanOrEqual(900);
		});
	});

	it.concurrent('connections cut during reads (ECONNRESET) are retried: a read is safe to repeat', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			sim.inject({ method: 'GET', path: TASK_PATH, destroy: 'before', times: 2 });
			const result = await run(sim, { operation: 'createAndWait', prompt: 'a fox' });

			expect(result.error).toBeUndefined();
			expect(json(result).status).toBe('completed');
			expect(reads(sim).slice(0, 3).map((r) => r.fault?.kind ?? r.status)).toEqual([
				'destroy-before',
				'destroy-before',
				200,
			]);
		});
	});

	it.concurrent('a long run of failing reads ends the wait with an error carrying the task id', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			sim.inject({ method: 'GET', path: TASK_PATH, status: 500, headers: { 'Retry-After': '0' }, times: -1 });
			const result = await run(sim, { operation: 'createAndWait', prompt: 'a fox' });

			const taskId = onlyTaskId(sim);
			// 3 reads in a row, each tried 5 times by the transport.
			expect(reads(sim)).toHaveLength(15);
			expect(posts(sim)).toHaveLength(1);
			expect(result.error?.message).toBe(`The Vtrix API had an internal error (task ${taskId})`);
			expect(result.error?.description).toContain(`Task ID: ${taskId}.`);
			expect(result.error?.context?.taskId).toBe(taskId);
		});
	});

	it.concurrent('a 404 while waiting is not transient: the wait ends at once, naming the task', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			sim.inject({ method: 'GET', path: TASK_PATH, status: 404 });
			const result = await run(sim, { operation: 'createAndWait', prompt: 'a fox' }, { continueOnFail: true });

			const taskId = onlyTaskId(sim);
			expect(reads(sim)).toHaveLength(1);
			expect(json(result)).toMatchObject({
				error: `The task was not found: check the task ID (task ${taskId})`,
				taskId,
			});
		});
	});
});

describe('network failures on create', () => {
	it.concurrent("connection cut after the API took the request ('after'): not created again; the error says the task may exist", async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			sim.inject({ method: 'POST', path: CREATE_PATH, destroy: 'after' });
			const result = await run(sim, { operation: 'createAndWait', prompt: 'a fox' });

			expect(posts(sim)).toHaveLength(1);
			expect(sim.tasks.size).toBe(1); // the task exists on the API side
			expect(reads(sim)).toHaveLength(0);
			expect(result.error?.message).toBe('The connection was lost while creating the task: the task may exist');
			expect(result.error?.description).toContain('Network error ECONNRESET');
			expect(result.error?.description).toContain('does not send the request again');
			expect(result.error?.description).toContain('Get Status');
		});
	});

	it.concurrent("connection cut before the API processed it ('before'): indistinguishable for the client, so not sent again either", async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			sim.inject({ method: 'POST', path: CREATE_PATH, destroy: 'before' });
			const result = await run(sim, { operation: 'create', prompt: 'a fox' }, { continueOnFail: true });

			expect(posts(sim)).toHaveLength(1);
			expect(sim.tasks.size).toBe(0);
			expect(json(result)).toMatchObject({
				error: 'The connection was lost while creating the task: the task may exist',
				taskId: null,
			});
			expect(String(json(result).description)).toContain('Get Status');
		});
	});

	it.concurrent('refused connection: certainly not sent, so tried again; a server that comes up in time gets exactly one create', async () => {
		const port = await closedPort();
		let sim: Awaited<ReturnType<typeof startSimulator>> | undefined;
		// Tries at about 0, 0.5 and 1.5 s (low-end jitter): the first two are refused, the third lands.
		const starting = new Promise<void>((resolve) =>
			setTimeout(() => {
				void startSimulator({ port, apiKey: KEY, taskSeconds: 0.3 }).then((started) => {
					sim = started;
					resolve();
				});
			}, 1000),
		);
		try {
			const result = await run({ url: `http://127.0.0.1:${port}` }, { operation: 'create', prompt: 'a fox' });
			await starting;
			expect(result.error).toBeUndefined();
			expect(posts(sim!)).toHaveLength(1);
			expect(json(result).taskId).toBe(onlyTaskId(sim!));
		} finally {
			await starting;
			await sim?.close();
		}
	});

	it.concurrent('refused connection that stays refused: 5 tries, then a clear "Could not reach" error', async () => {
		const port = await closedPort();
		const connect = jest.spyOn(net.Socket.prototype, 'connect');
		try {
			const result = await run({ url: `http://127.0.0.1:${port}` }, { operation: 'create', prompt: 'a fox' });

			expect(result.error?.message).toBe('Could not reach the Vtrix API (ECONNREFUSED)');
			expect(result.error?.description).toBe(
				"Creating the task failed before an answer arrived. Check the Base URL, the network and the node's Request Options (Timeout, Proxy).",
			);
			const tries = connect.mock.calls.filter((args: unknown[]) => {
				const first = (Array.isArray(args[0]) ? args[0][0] : args[0]) as { port?: unknown } | undefined;
				return Number(first?.port) === port;
			});
			expect(tries).toHaveLength(5);
		} finally {
			connect.mockRestore();
		}
	});
});
