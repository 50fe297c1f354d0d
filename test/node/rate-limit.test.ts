/**
 * A high Max Tasks in Flight is safe: when the API answers creates with 429, the node's gate halves the
 * tasks in flight and raises the limit again one task per successful create; refused items queue for a
 * slot, and no task is created twice. The changes are in n8n's log, in a stable form.
 */
import { loggedLines } from '../helpers/n8nHarness';
import { pngItem, posts, runVidu, withSim } from './fixtures';

const ITEMS = 40;
const CAP = 16;

describe('429 from the API on create', () => {
	it('the gate lowers the tasks in flight and recovers; every item finishes, each task created once', async () => {
		await withSim({ taskSeconds: 0.5 }, async (sim) => {
			const items = await Promise.all(
				Array.from({ length: ITEMS }, async (_, n) => ({ ...(await pngItem()), json: { n } })),
			);
			// Every 4th create is refused for the whole run (a window in seconds would depend on the machine's speed).
			sim.throttleCreates({ fraction: 0.25, retryAfter: 0 });
			const result = await runVidu(
				{
					operation: 'createAndWait',
					prompt: '={{ "clip " + $json.n }}',
					additionalOptions: { maxTasksInFlight: CAP },
					waitOptions: { maxPollInterval: 1 },
				},
				{ baseUrl: sim.url, items },
			);

			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json.status)).toEqual(Array(ITEMS).fill('completed'));
			const refused = posts(sim).filter((request) => request.status === 429);
			const accepted = posts(sim).filter((request) => request.status === 200);
			expect(refused.length).toBeGreaterThan(0);
			// One task per item: a refused create made none, and no item was created twice.
			expect(accepted.map((request) => request.body?.prompt).sort()).toEqual(
				Array.from({ length: ITEMS }, (_, n) => `clip ${n}`).sort(),
			);
			expect(sim.tasks.size).toBe(ITEMS);
			expect(new Set(result.items.map((item) => item.json.taskId)).size).toBe(ITEMS);

			// Every paid task is in n8n's log as soon as it exists, with its item: a dead worker cannot lose it.
			const created = loggedLines.filter((line) => /^info: Vidu: task \S+ created \(item \d+, execution \S+\)$/.test(line));
			expect(created.map((line) => /task (\S+) created \(item (\d+)/.exec(line)!.slice(1)).sort()).toEqual(
				result.items.map((item, n) => [item.json.taskId, String(n)]).sort(),
			);
			expect(loggedLines).toContain(`info: Vidu: tasks in flight limit ${CAP} -> ${CAP / 2} (429 from the API)`);
			expect(loggedLines.some((line) => /^info: Vidu: tasks in flight limit \d+ -> \d+ \(recovering\)$/.test(line))).toBe(true);
		});
	});

	it('a create refused again and again gives up with a clear error, nothing created', async () => {
		await withSim({}, async (sim) => {
			sim.throttleCreates({ fraction: 1, retryAfter: 0 });
			const result = await runVidu({ operation: 'create' }, { baseUrl: sim.url, continueOnFail: true });
			expect(result.items[0].json).toMatchObject({
				error: 'The Vtrix API rate limit was hit and retries did not get through',
				taskId: null,
			});
			expect(posts(sim).length).toBeGreaterThan(1);
			expect(sim.tasks.size).toBe(0);
		});
	});
});
