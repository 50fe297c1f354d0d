/**
 * Version 2 keeps the create's guarantees on every mode, against the simulator (which serves the family from
 * its own table): a create is sent again only when the API certainly did not take it, a cut connection
 * after it did is not retried (no second payment), the per-run gate paces 429s, and the Request Options
 * proxy carries every request.
 */
import { makePng } from '../../simulator/png';
import { countingProxy, CREATE_PATH, json, onlyTaskId, posts, runVidu, secretKey, withSim } from './fixtures';

const KEY = secretKey();
const PNG = `data:image/png;base64,${makePng(320, 240).toString('base64')}`;
// One parameter set per mode, each valid for the simulator's table.
const MODES: Array<[string, Record<string, unknown>]> = [
	['image', { videoMode: 'image', imageSource: 'url', imageUrl: 'https://example.com/a.png' }],
	['first and last frame', { videoMode: 'startEnd', imageSource: 'base64', imageBase64: PNG, lastFrameSource: 'base64', lastFrameBase64: PNG }],
	['text', { videoMode: 'text', prompt: 'a fox in snow' }],
	['reference', { videoMode: 'reference', model: 'viduq2_i2v_reference', prompt: 'a fox', referenceImages: { image: [{ source: 'url', url: 'https://example.com/fox.png' }] } }],
	['extend', { videoMode: 'extend', videoUrl: 'https://example.com/clip.mp4' }],
];

const run = (sim: { url: string }, parameters: Record<string, unknown>, extra: { continueOnFail?: boolean } = {}) =>
	runVidu({ operation: 'create', ...parameters } as never, { apiKey: KEY, baseUrl: sim.url, items: [{ json: {} }], typeVersion: 2, ...extra });

describe.each(MODES)('version 2, %s: the create', (_mode, parameters) => {
	it('503: sent again, one task', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			sim.inject({ method: 'POST', path: CREATE_PATH, status: 503, headers: { 'Retry-After': '0' } });
			const result = await run(sim, parameters);
			expect(result.error).toBeUndefined();
			expect(posts(sim).map((request) => request.status)).toEqual([503, 200]);
			expect(json(result).taskId).toBe(onlyTaskId(sim));
		});
	});

	it('a connection cut after the API took it: not sent again, the error says the task may exist', async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			sim.inject({ method: 'POST', path: CREATE_PATH, destroy: 'after' });
			const result = await run(sim, parameters, { continueOnFail: true });
			expect(posts(sim)).toHaveLength(1);
			expect(sim.tasks.size).toBe(1);
			expect(json(result).error).toBe('The connection was lost while creating the task: the task may exist');
		});
	});

	it("goes through the Request Options proxy, nothing around it", async () => {
		await withSim({ apiKey: KEY }, async (sim) => {
			const proxy = await countingProxy();
			try {
				const result = await run(sim, { ...parameters, requestOptions: { proxy: proxy.url } });
				expect(result.error).toBeUndefined();
				expect(proxy.passed.filter((request) => request.url.startsWith(sim.url))).toEqual([{ method: 'POST', url: `${sim.url}${CREATE_PATH}` }]);
			} finally {
				await proxy.close();
			}
		});
	});
});

it('version 2: Max Tasks in Flight paces 429s, each item created once', async () => {
	await withSim({ apiKey: KEY, taskSeconds: 0.3 }, async (sim) => {
		sim.throttleCreates({ fraction: 0.25, retryAfter: 0 });
		const items = Array.from({ length: 12 }, (_, n) => ({ json: { n } }));
		const result = await runVidu(
			{ operation: 'createAndWait', videoMode: 'text', prompt: '={{ "clip " + $json.n }}', additionalOptions: { maxTasksInFlight: 6 }, waitOptions: { maxPollInterval: 1 } } as never,
			{ apiKey: KEY, baseUrl: sim.url, items, typeVersion: 2 },
		);
		expect(result.error).toBeUndefined();
		expect(posts(sim).some((request) => request.status === 429)).toBe(true);
		const accepted = posts(sim).filter((request) => request.status === 200).map((request) => request.body?.prompt);
		expect(accepted.sort()).toEqual(items.map(({ json: { n } }) => `clip ${n}`).sort());
		expect(result.items.map((item) => item.json.status)).toEqual(Array(12).fill('completed'));
	});
});
