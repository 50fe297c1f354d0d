import * as fs from 'fs';
import * as path from 'path';
import type { INodeType } from 'n8n-workflow';

import { VtrixApi } from '../../credentials/VtrixApi.credentials';
import { readBinary, runNode } from '../helpers/n8nHarness';
import { API_KEY, posts, pngItem, runVidu, runViduV1, simulator, type Simulator } from './fixtures';

const SAMPLE_MP4 = fs.readFileSync(path.join(__dirname, '../../simulator/assets/sample.mp4'));

let sim: Simulator;
beforeAll(async () => {
	sim = await simulator(0.3);
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

describe('Create and Wait', () => {
	it('returns the finished task with taskId and videoUrl, and the video as binary when asked', async () => {
		const result = await runVidu({
			operation: 'createAndWait',
			prompt: 'waves',
			downloadVideo: true,
			binaryPropertyOutput: 'video',
		}, { baseUrl: sim.url });
		expect(result.error).toBeUndefined();
		const [item] = result.items;
		const taskId = item.json.taskId as string;
		expect(item.json).toMatchObject({
			status: 'completed',
			videoUrl: `${sim.url}/files/${taskId}.mp4`,
			cost: '0.07',
			usage: { cost: '0.07', discount: 0 },
		});
		expect(item.binary?.video).toMatchObject({ mimeType: 'video/mp4', fileName: `${taskId}.mp4` });
		expect((await readBinary(item, 'video')).equals(SAMPLE_MP4)).toBe(true);
		expect(posts(sim)).toHaveLength(1);
	});

	it('gives no binary unless asked', async () => {
		const result = await runVidu({ operation: 'createAndWait' }, { baseUrl: sim.url });
		expect(result.items[0].json.status).toBe('completed');
		expect(result.items[0].binary).toBeUndefined();
		expect(sim.requests.filter((r) => r.path.startsWith('/files/'))).toHaveLength(0);
	});

	it('polls sparingly: a 2-second task costs at most 3 status reads (after 1 s, then longer pauses)', async () => {
		const slow = await simulator(2);
		try {
			const result = await runVidu({ operation: 'createAndWait' }, { baseUrl: slow.url });
			expect(result.items[0].json.status).toBe('completed');
			const reads = slow.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/model/v1/generation/task/'));
			expect(reads.length).toBeGreaterThanOrEqual(1);
			expect(reads.length).toBeLessThanOrEqual(3);
		} finally {
			await slow.close();
		}
	});

	it('keeps input order over several items, one task each', async () => {
		const items = await Promise.all([pngItem(), pngItem(), pngItem(), pngItem()]);
		items.forEach((item, index) => (item.json = { prompt: `clip ${index}` }));
		const result = await runVidu({ operation: 'createAndWait', prompt: '={{ $json.prompt }}' }, { baseUrl: sim.url, items });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(4);
		const promptOfTask = new Map(posts(sim).map((post) => [post.taskId, post.body!.prompt]));
		expect(promptOfTask.size).toBe(4);
		result.items.forEach((item, index) => {
			expect(promptOfTask.get(item.json.taskId as string)).toBe(`clip ${index}`);
			expect(item.pairedItem).toEqual({ item: index });
		});
	});
});

describe('Get Status', () => {
	it('reads a task by id, and downloads its video once completed', async () => {
		const created = await runVidu({ operation: 'create' }, { baseUrl: sim.url });
		const taskId = created.items[0].json.taskId as string;

		const early = await runVidu({ operation: 'getStatus', taskId, downloadVideo: true }, { baseUrl: sim.url });
		expect(early.items[0].json).toMatchObject({ taskId, videoUrl: null });
		expect(['pending', 'processing']).toContain(early.items[0].json.status);
		expect(early.items[0].binary).toBeUndefined();

		await new Promise((resolve) => setTimeout(resolve, 700));
		const done = await runVidu({ operation: 'getStatus', taskId, downloadVideo: true }, { baseUrl: sim.url });
		expect(done.items[0].json).toMatchObject({ taskId, status: 'completed', videoUrl: `${sim.url}/files/${taskId}.mp4` });
		expect((await readBinary(done.items[0])).equals(SAMPLE_MP4)).toBe(true);
		expect(sim.requests.filter((r) => r.method === 'GET' && r.path === `/model/v1/generation/task/${taskId}`)).toHaveLength(2);
	});

	it('says so when the task does not exist', async () => {
		const result = await runVidu({ operation: 'getStatus', taskId: 'task_nope' }, { baseUrl: sim.url });
		expect(result.error?.message).toBe('The task was not found: check the task ID (task task_nope)');
	});

	it('refuses an empty task id without sending anything', async () => {
		const result = await runVidu({ operation: 'getStatus', taskId: '  ' }, { baseUrl: sim.url });
		expect(result.error?.message).toBe('Task ID is empty');
		expect(sim.requests).toHaveLength(0);
	});
});

describe('API errors in words', () => {
	it('401: a wrong key', async () => {
		const result = await runVidu({ operation: 'create' }, { baseUrl: sim.url, apiKey: 'sk-wrong' });
		expect((result.error as { httpCode?: string }).httpCode).toBe('401');
		expect(result.error?.message).toBe('The API key is missing or invalid: check the Vtrix API credential');
		expect(result.error?.description).toMatch(/Creating the task failed with HTTP 401/);
	});

	it('403: balance or permission', async () => {
		sim.inject({ method: 'POST', status: 403, body: { error: { code: '403', message: 'insufficient balance' } } });
		const result = await runVidu({ operation: 'create' }, { baseUrl: sim.url });
		expect(result.error?.message).toBe(
			'Access denied: the balance may be insufficient, or the key has no permission for this model',
		);
		expect(result.error?.description).toMatch(/Provider message: insufficient balance/);
	});

	it.each([
		['008007001', 'The prompt is missing'],
		['008007002', 'A parameter is invalid'],
		['008007003', 'The style parameter (movement amplitude) is invalid'],
		['008007004', 'The duration is invalid (whole seconds from 1 to 10)'],
		['008007005', 'The resolution is invalid (540p, 720p or 1080p)'],
		['008007099', 'The Vidu service is unavailable'],
	])('400 with provider code %s (version 1; version 2 names the model: family-api-refusal.test.ts)', async (code, words) => {
		sim.inject({ method: 'POST', status: 400, body: { error: { code, message: 'from the provider' } } });
		const result = await runViduV1({ operation: 'create' }, { baseUrl: sim.url });
		expect(result.error?.message).toBe(words);
		expect(result.error?.description).toBe(
			`Creating the task failed with HTTP 400. Provider code: ${code}. Provider message: from the provider`,
		);
	});

	it('a failed task: the error names the failure and carries the task id', async () => {
		const result = await runVidu({ operation: 'createAndWait', prompt: 'x [sim:fail]' }, { baseUrl: sim.url });
		const taskId = [...sim.tasks.keys()][0];
		expect(result.error?.message).toMatch(new RegExp(`^The video task failed: \\w.+ \\(task ${taskId}\\)$`));
		expect(result.error?.description).toContain('Provider code: 8007095 (Vidu had an internal error while generating the video).');
		expect(result.error?.description).toContain(`Task ID: ${taskId}.`);
	});

	it('Continue On Fail: the item carries the error and the task id', async () => {
		const items = [await pngItem(), await pngItem()];
		items[0].json = { prompt: 'fine' };
		items[1].json = { prompt: 'broken [sim:fail]' };
		const result = await runVidu({ operation: 'createAndWait', prompt: '={{ $json.prompt }}' }, { baseUrl: sim.url, items, continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.status).toBe('completed');
		const failedTask = posts(sim).find((post) => post.body!.prompt === 'broken [sim:fail]');
		expect(failedTask).toBeDefined();
		expect(result.items[1].json).toMatchObject({ taskId: expect.stringMatching(/^task_/) });
		expect(result.items[1].json.error).toMatch(/^The video task failed: .* \(task task_\w+\)$/);
	});
});

describe('the credential test', () => {
	// The same path n8n's credential tester takes: the test request run through the routing engine.
	const credential = new VtrixApi();
	const tester: INodeType = {
		description: {
			displayName: 'Credential test',
			name: 'credentialTest',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: { name: 'Credential test' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'vtrixApi', required: true }],
			requestDefaults: credential.test.request,
			properties: [],
		},
	} as unknown as INodeType;

	const check = async (apiKey: string) =>
		await runNode({
			nodeType: tester,
			credentialTypes: [credential],
			credentials: { type: 'vtrixApi', data: { apiKey, baseUrl: sim.url } },
			parameters: {},
		});

	/** What n8n's credential tester shows for a failed test: the message of the rule for its HTTP status. */
	const ruleMessage = (error: unknown) => {
		const status = Number((error as { httpCode?: string }).httpCode);
		return credential.test.rules?.find((rule) => rule.type === 'responseCode' && rule.properties.value === status)
			?.properties.message;
	};

	it('tells a good key (valid: the unknown task is 404) from a bad one (401), reading nothing else', async () => {
		expect((await check(API_KEY)).error).toBeUndefined();
		const bad = await check('sk-wrong');
		expect(ruleMessage(bad.error)).toBe('The API key is invalid');
		// Only reads: the good key's read of the unknown task answered 404, the bad key's 401.
		expect(sim.requests.every((r) => r.method === 'GET')).toBe(true);
		expect(sim.requests[0].status).toBe(404);
		expect(sim.requests[sim.requests.length - 1].status).toBe(401);
	});

	it('a key without permission or balance (403) gets its own words', async () => {
		sim.inject({ method: 'GET', status: 403 });
		expect(ruleMessage((await check(API_KEY)).error)).toBe(
			'The API key was refused: no permission for this model, or no balance',
		);
	});

	it('reads where Get Status reads', async () => {
		await check(API_KEY);
		const checkedPath = sim.requests[0].path;
		const taskId = decodeURIComponent(checkedPath.split('/').pop()!);
		sim.reset();
		await runVidu({ operation: 'getStatus', taskId }, { baseUrl: sim.url });
		expect(sim.requests[0].path).toBe(checkedPath);
	});
});
