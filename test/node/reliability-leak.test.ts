/**
 * The API key must never leak. Every run of the node scans its output items and error for the key
 * (test/node/fixtures.ts with test/helpers/keyLeak.ts, itself tested in keyLeak.test.ts); these tests check
 * the two places that scan does not cover: what goes over the wire besides the Authorization header, and
 * what the simulator prints.
 */
import { onlyTaskId, runVidu, secretKey, TASK_PATH, withSim } from './fixtures';

const KEY = secretKey();

describe('the key on the wire and in logs', () => {
	it('the key travels only in the Authorization header of API requests, never in a path, query or body', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			const created = await runVidu(
				{ operation: 'createAndWait', prompt: 'a fox', downloadVideo: true, additionalOptions: { payload: 'order-1' } } as never,
				{ apiKey: KEY, baseUrl: sim.url },
			);
			expect(created.error).toBeUndefined();
			const taskId = onlyTaskId(sim);
			const status = await runVidu({ operation: 'getStatus', taskId } as never, { apiKey: KEY, baseUrl: sim.url });
			expect(status.error).toBeUndefined();

			expect(sim.requests.length).toBeGreaterThanOrEqual(4);
			for (const request of sim.requests) {
				const { authorization, ...rest } = request;
				expect(JSON.stringify(rest)).not.toContain(KEY);
				expect(authorization).toBe(`Bearer ${KEY}`);
			}
			expect(sim.requests.filter((r) => r.path.startsWith(TASK_PATH)).length).toBeGreaterThanOrEqual(2);
		});
	});

	it('a refused key (401) does not come back in the error', async () => {
		const wrongKey = secretKey();
		await withSim({ apiKey: KEY }, async (sim) => {
			// runNode scans for the key it was given: here the wrong one, which is the one that was sent.
			const result = await runVidu({ operation: 'create', prompt: 'a fox' } as never, {
				apiKey: wrongKey,
				baseUrl: sim.url,
			});
			expect(result.error?.message).toBe('The API key is missing or invalid: check the Vtrix API credential');
			expect(sim.requests[0].authorization).toBe(`Bearer ${wrongKey}`);
		});
	});

	it('the simulator, when not quiet, never prints the key (nor a wrong key sent to it)', async () => {
		const lines: string[] = [];
		const wrongKey = secretKey();
		await withSim({ apiKey: KEY, quiet: false, logger: (line) => lines.push(line) }, async (sim) => {
			sim.inject({ method: 'POST', status: 429, headers: { 'Retry-After': '0' } });
			const done = await runVidu({ operation: 'createAndWait', prompt: 'a fox', downloadVideo: true } as never, {
				apiKey: KEY,
				baseUrl: sim.url,
			});
			expect(done.error).toBeUndefined();
			sim.inject({ method: 'POST', destroy: 'after' });
			await runVidu({ operation: 'create', prompt: 'a fox' } as never, { apiKey: KEY, baseUrl: sim.url });
			await runVidu({ operation: 'createAndWait', prompt: 'a fox [sim:fail]' } as never, { apiKey: KEY, baseUrl: sim.url });
			await runVidu({ operation: 'create', prompt: 'a fox' } as never, { apiKey: wrongKey, baseUrl: sim.url });
			await runVidu({ operation: 'getStatus', taskId: 'task_nope' } as never, { apiKey: KEY, baseUrl: sim.url });
		});

		expect(lines.length).toBeGreaterThanOrEqual(10);
		expect(lines.some((line) => line.includes('POST /model/v1/generation'))).toBe(true);
		for (const line of lines) {
			expect(line).not.toContain(KEY);
			expect(line).not.toContain(wrongKey);
		}
	});
});
