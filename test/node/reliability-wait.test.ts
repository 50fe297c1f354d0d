/**
 * Reliability of the wait: cancellation stops it promptly, the time limit ends it with the task id, and a
 * failed task is reported in words with the provider's code and the task id (thrown, or as the item with
 * continue-on-fail, so that a paid task is never lost).
 */
import {
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
type Extra = { continueOnFail?: boolean; abortSignal?: AbortSignal };
const run = (sim: { url: string }, parameters: Record<string, unknown>, extra: Extra = {}) =>
	runVidu(parameters as never, { apiKey: KEY, baseUrl: sim.url, ...extra });

/** Runs with an abort after `afterMs`; returns the result and how long the run went on after the abort. */
async function runAndAbort(sim: { url: string }, parameters: Record<string, unknown>, afterMs: number) {
	const controller = new AbortController();
	let abortedAt = 0;
	const timer = setTimeout(() => {
		abortedAt = Date.now();
		controller.abort();
	}, afterMs);
	try {
		const result = await run(sim, parameters, { abortSignal: controller.signal });
		return { result, abortedAt, afterAbortMs: Date.now() - abortedAt };
	} finally {
		clearTimeout(timer);
	}
}

describe('cancellation', () => {
	it.concurrent('cancelling a Create and Wait on a task that never ends: the run stops promptly, the error names the task', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			const { result, abortedAt, afterAbortMs } = await runAndAbort(
				sim,
				{ operation: 'createAndWait', prompt: 'a fox [sim:never]' },
				1000,
			);

			expect(afterAbortMs).toBeLessThan(3000); // the poll cap is 15 s, the time limit 15 min
			const taskId = onlyTaskId(sim);
			expect(result.error?.message).toBe(`The execution was cancelled (task ${taskId})`);
			expect(result.error?.description).toContain('read it later with Get Status');
			expect(result.error?.context?.taskId).toBe(taskId);
			// Nothing is read any more once cancelled.
			expect(reads(sim).filter((r) => r.at > abortedAt + 300)).toHaveLength(0);
		});
	});

	it.concurrent('cancelling while a status read hangs: the request is aborted, the run stops promptly', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			sim.inject({ method: 'GET', path: TASK_PATH, hang: true, times: -1 });
			// The first read starts about 1 s after the create and never gets an answer.
			const { result, afterAbortMs } = await runAndAbort(
				sim,
				{ operation: 'createAndWait', prompt: 'a fox [sim:never]' },
				1600,
			);

			expect(reads(sim).length).toBeGreaterThanOrEqual(1);
			expect(reads(sim)[0].fault?.kind).toBe('hang');
			expect(afterAbortMs).toBeLessThan(3000);
			const taskId = onlyTaskId(sim);
			expect(result.error?.message).toBe(`The execution was cancelled (task ${taskId})`);
			expect(result.error?.context?.taskId).toBe(taskId);
		});
	});

	it.concurrent('cancelling during a long Retry-After on create: stops promptly, nothing created, not sent again', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			sim.inject({ method: 'POST', path: CREATE_PATH, status: 429, headers: { 'Retry-After': '30' } });
			const { result, afterAbortMs } = await runAndAbort(sim, { operation: 'createAndWait', prompt: 'a fox' }, 500);

			expect(afterAbortMs).toBeLessThan(3000);
			expect(posts(sim)).toHaveLength(1);
			expect(sim.tasks.size).toBe(0);
			expect(result.error?.message).toBe('The execution was cancelled');
			expect(result.error?.context?.taskId).toBeUndefined();
		});
	});
});

describe('time limit', () => {
	it.concurrent('a task that never ends: the wait gives up at the time limit, naming the task and Get Status', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			const started = Date.now();
			const result = await run(sim, {
				operation: 'createAndWait',
				prompt: 'a fox [sim:never]',
				waitOptions: { timeLimit: 0.05 }, // 3 s
			});

			const taskId = onlyTaskId(sim);
			expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
			expect(result.error?.message).toBe(
				`The task did not finish within the time limit of 0.05 minutes (task ${taskId})`,
			);
			expect(result.error?.description).toContain('Get Status');
			expect(result.error?.description).toContain(`Task ID: ${taskId}.`);
			expect(result.error?.context?.taskId).toBe(taskId);
			expect(reads(sim).length).toBeGreaterThanOrEqual(2); // it kept reading until then
		});
	});

	it.concurrent('with continue-on-fail the item carries the error and the task id', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			const result = await run(
				sim,
				{ operation: 'createAndWait', prompt: 'a fox [sim:never]', waitOptions: { timeLimit: 0.05 } },
				{ continueOnFail: true },
			);

			const taskId = onlyTaskId(sim);
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(1);
			expect(json(result)).toEqual({
				error: `The task did not finish within the time limit of 0.05 minutes (task ${taskId})`,
				description: expect.stringContaining('Get Status'),
				taskId,
			});
		});
	});
});

describe('failed task', () => {
	it.concurrent.each([
		[
			'[sim:fail]',
			'Internal generation error',
			'Provider code: 8007095 (Vidu had an internal error while generating the video).',
		],
		[
			'[sim:fail:8007099]',
			'Service unavailable',
			'Provider code: 8007099 (The Vidu service is unavailable).',
		],
		[
			'[sim:fail:008007099]',
			'Service unavailable',
			'Provider code: 008007099 (The Vidu service is unavailable).',
		],
		[
			'[sim:fail][sim:errorshape=message]',
			'Internal generation error',
			'Provider code: 8007095 (Vidu had an internal error while generating the video).',
		],
	])('%s: the error in words, with the provider code and the task id', async (marker, words, codeText) => {
		await withSim({ apiKey: KEY }, async (sim) => {
			const result = await run(sim, { operation: 'createAndWait', prompt: `a fox ${marker}` });

			const taskId = onlyTaskId(sim);
			expect(result.error?.message).toBe(`The video task failed: ${words} (task ${taskId})`);
			expect(result.error?.description).toBe(`${codeText} Task ID: ${taskId}.`);
			expect(result.error?.context?.taskId).toBe(taskId);
		});
	});

	it.concurrent('[sim:errorstring] (the error is a plain string): its text, the task id', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			const result = await run(sim, { operation: 'createAndWait', prompt: 'a fox [sim:fail][sim:errorstring]' });

			const taskId = onlyTaskId(sim);
			const failed = sim.taskView(taskId) as { error: unknown };
			expect(typeof failed.error).toBe('string');
			expect(result.error?.message).toBe(`The video task failed: ${failed.error as string} (task ${taskId})`);
			expect(result.error?.context?.taskId).toBe(taskId);
		});
	});

	it.concurrent('with continue-on-fail: the item is {error, description, taskId}', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			const result = await run(
				sim,
				{ operation: 'createAndWait', prompt: 'a fox [sim:fail:8007099]' },
				{ continueOnFail: true },
			);

			const taskId = onlyTaskId(sim);
			expect(result.error).toBeUndefined();
			expect(json(result)).toEqual({
				error: `The video task failed: Service unavailable (task ${taskId})`,
				description: `Provider code: 8007099 (The Vidu service is unavailable). Task ID: ${taskId}.`,
				taskId,
			});
		});
	});

	it.concurrent("a provider message that mentions a network code (ETIMEDOUT) is kept, not swapped for n8n's generic text", async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			sim.inject({
				method: 'GET',
				path: TASK_PATH,
				status: 200,
				body: { id: 'task_x1', status: 'failed', error: { code: 8007097, error_message: 'upstream ETIMEDOUT' } },
			});
			const result = await run(sim, { operation: 'getStatus', taskId: 'task_x1' });
			// Get Status returns a failed task as an item; Create and Wait would throw. Check both words and item.
			expect(result.error).toBeUndefined();
			expect(json(result)).toMatchObject({ taskId: 'task_x1', status: 'failed' });

			sim.inject({
				method: 'GET',
				path: TASK_PATH,
				status: 200,
				body: { status: 'failed', error: { code: 8007097, error_message: 'upstream ETIMEDOUT' } },
				times: -1,
			});
			const waited = await run(sim, { operation: 'createAndWait', prompt: 'a fox' });
			const taskId = [...sim.tasks.keys()][0];
			expect(waited.error?.message).toBe(`The video task failed: upstream ETIMEDOUT (task ${taskId})`);
		});
	});
});
