/**
 * With Continue On Fail every failed item has the same three fields, whatever failed: `error`,
 * `description` and `taskId` (null when no task exists), and nothing else.
 */
import { json, onlyTaskId, pngItem, posts, runViduV1, withSim } from './fixtures';

const FIELDS = ['description', 'error', 'taskId'];

describe('Continue On Fail: one shape for every failed item', () => {
	it.concurrent('a validation failure (nothing sent)', async () => {
		await withSim({}, async (sim) => {
			const result = await runViduV1(
				{ operation: 'create', prompt: 'a'.repeat(2001) },
				{ baseUrl: sim.url, continueOnFail: true },
			);
			expect(result.error).toBeUndefined();
			expect(Object.keys(json(result)).sort()).toEqual(FIELDS);
			expect(json(result)).toEqual({
				error: 'Prompt is 2001 characters long: at most 2000 are allowed',
				description: null,
				taskId: null,
			});
			expect(result.items[0].pairedItem).toEqual({ item: 0 });
			expect(sim.requests).toHaveLength(0);
		});
	});

	it.concurrent('an empty Task ID (Get Status)', async () => {
		await withSim({}, async (sim) => {
			const result = await runViduV1({ operation: 'getStatus', taskId: ' ' }, { baseUrl: sim.url, continueOnFail: true });
			expect(json(result)).toEqual({
				error: 'Task ID is empty',
				description: expect.stringContaining('{{ $json.taskId }}'),
				taskId: null,
			});
		});
	});

	it.concurrent('an API refusal (no task)', async () => {
		await withSim({}, async (sim) => {
			sim.inject({ method: 'POST', status: 400, body: { error: { code: '008007002', message: 'bad field' } } });
			const result = await runViduV1({ operation: 'create' }, { baseUrl: sim.url, continueOnFail: true });
			expect(Object.keys(json(result)).sort()).toEqual(FIELDS);
			expect(json(result)).toEqual({
				error: 'A parameter is invalid',
				description: 'Creating the task failed with HTTP 400. Provider code: 008007002. Provider message: bad field',
				taskId: null,
			});
			expect(posts(sim)).toHaveLength(1);
		});
	});

	it.concurrent('a failed task (with its id)', async () => {
		await withSim({}, async (sim) => {
			const result = await runViduV1(
				{ operation: 'createAndWait', prompt: 'a fox [sim:fail]' },
				{ baseUrl: sim.url, continueOnFail: true },
			);
			const taskId = onlyTaskId(sim);
			expect(Object.keys(json(result)).sort()).toEqual(FIELDS);
			expect(json(result)).toEqual({
				error: `The video task failed: Internal generation error (task ${taskId})`,
				description: `Provider code: 8007095 (Vidu had an internal error while generating the video). Task ID: ${taskId}.`,
				taskId,
			});
		});
	});

	it.concurrent('the time limit (with the task id)', async () => {
		await withSim({}, async (sim) => {
			const result = await runViduV1(
				{ operation: 'createAndWait', prompt: 'a fox [sim:never]', waitOptions: { timeLimit: 0.02 } },
				{ baseUrl: sim.url, continueOnFail: true },
			);
			const taskId = onlyTaskId(sim);
			expect(Object.keys(json(result)).sort()).toEqual(FIELDS);
			expect(json(result)).toMatchObject({
				error: `The task did not finish within the time limit of 0.02 minutes (task ${taskId})`,
				taskId,
			});
		});
	});

	it.concurrent('one failing item among good ones keeps its place and the others their results', async () => {
		await withSim({}, async (sim) => {
			const items = await Promise.all([0, 1, 2].map(async (n) => ({ ...(await pngItem()), json: { n } })));
			const result = await runViduV1(
				{ operation: 'create', prompt: '={{ $json.n === 1 ? "x".repeat(2001) : "clip " + $json.n }}' },
				{ baseUrl: sim.url, items, continueOnFail: true },
			);
			expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
			expect(result.items[1].json).toEqual({
				error: 'Prompt is 2001 characters long: at most 2000 are allowed',
				description: null,
				taskId: null,
			});
			expect(result.items[0].json.taskId).toMatch(/^task_/);
			expect(result.items[2].json.taskId).toMatch(/^task_/);
		});
	});
});
