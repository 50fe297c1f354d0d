/**
 * The Vidu Trigger's webhook run on n8n-core's WebhookContext against the simulator: what a call may
 * start, what it answers, and what the item holds. Every delivery also checks that the API key is in
 * no answer, item or log line (webhookHarness).
 */
import * as fs from 'fs';
import * as path from 'path';

import type { INodeType } from 'n8n-workflow';

import type { Simulator } from '../../simulator';
import { loggedLines } from '../helpers/n8nHarness';
import { TriggerHarness, warnings, type CallBody } from './webhookHarness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSimulator } = require('../../simulator') as typeof import('../../simulator');

const API_KEY = `sk-test-SECRET-${Math.random().toString(36).slice(2)}`;
const SAMPLE_MP4 = fs.readFileSync(path.join(__dirname, '../../simulator/assets/sample.mp4'));
const TASK_PATH = '/model/v1/generation/task/';

let sim: Simulator;
beforeAll(async () => {
	// Tasks run until a test ends them (finishTask), so each test decides what the re-read finds.
	sim = await startSimulator({ port: 0, apiKey: API_KEY, taskSeconds: 600 });
});
afterAll(async () => await sim.close());
beforeEach(() => {
	sim.reset();
	loggedLines.length = 0;
});

async function createTask(body: Record<string, unknown> = {}): Promise<string> {
	const response = await fetch(`${sim.url}/model/v1/generation`, {
		method: 'POST',
		headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json' },
		body: JSON.stringify({ model: 'viduq2_turbo_img2video', images: ['https://example.com/a.png'], ...body }),
	});
	const task = (await response.json()) as { id: string };
	return task.id;
}

const trigger = (parameters = {}, more: Partial<ConstructorParameters<typeof TriggerHarness>[0]> = {}) =>
	new TriggerHarness({ sim, apiKey: API_KEY, parameters, ...more });
const reads = () => sim.requests.filter((r) => r.method === 'GET' && r.path.startsWith(TASK_PATH)).map((r) => r.path);
const downloads = () => sim.requests.filter((r) => r.path.startsWith('/files/'));

describe('a call for a finished task', () => {
	it('starts one execution with the task as read from the API (the Get Status item)', async () => {
		const id = await createTask({ payload: 'order-42' });
		sim.finishTask(id);
		const delivery = await trigger().deliver({ id });
		expect(delivery.status).toBe(200);
		expect(delivery.body).toEqual({ taskId: id, started: true, message: `Task ${id} completed: workflow started` });
		expect(delivery.result.noWebhookResponse).toBe(true);
		expect(delivery.items).toHaveLength(1);
		expect(delivery.items[0].json).toMatchObject({
			id,
			taskId: id,
			status: 'completed',
			videoUrl: `${sim.url}/files/${id}.mp4`,
			cost: '0.07',
			usage: { cost: '0.07', discount: 0 },
			metadata: { payload: 'order-42' },
		});
		expect(delivery.items[0].binary).toBeUndefined();
		expect(reads()).toEqual([`${TASK_PATH}${id}`]);
		expect(delivery.credentialReads).toBe(1);
	});

	it('takes the id from task_id too', async () => {
		const id = await createTask();
		sim.finishTask(id);
		const delivery = await trigger().deliver({ task_id: id, status: 'completed' });
		expect(delivery.items.map((item) => item.json.taskId)).toEqual([id]);
	});

	it('emits a failed task with its error when Task Failed is picked', async () => {
		const id = await createTask();
		sim.finishTask(id, { fail: 8007099 });
		const delivery = await trigger().deliver({ id });
		expect(delivery.body).toMatchObject({ started: true, message: `Task ${id} failed: workflow started` });
		expect(delivery.items[0].json).toMatchObject({ taskId: id, status: 'failed', videoUrl: null });
		expect(delivery.items[0].json.error).toMatchObject({ code: 8007099 });
	});

	it('starts nothing for an event the user did not pick', async () => {
		const failed = await createTask();
		sim.finishTask(failed, { fail: true });
		const onlyCompleted = await trigger({ events: ['completed'] }).deliver({ id: failed });
		expect(onlyCompleted).toMatchObject({ status: 200, items: [], body: { started: false } });
		expect(onlyCompleted.body.message).toBe(`Task ${failed} failed: this trigger does not start on that event`);

		const completed = await createTask();
		sim.finishTask(completed);
		const onlyFailed = await trigger({ events: ['failed'] }).deliver({ id: completed });
		expect(onlyFailed).toMatchObject({ status: 200, items: [], body: { started: false } });
	});
});

describe('trusts nothing in the body but the task id', () => {
	it('a forged "completed" body for a task still running starts nothing (answered 2xx, as the task may end later)', async () => {
		const id = await createTask();
		const forged = {
			id,
			status: 'completed',
			output: [{ content: [{ type: 'video', url: 'https://attacker.example/evil.mp4' }] }],
			usage: { cost: '0.00' },
		};
		const delivery = await trigger().deliver(forged);
		expect(delivery.status).toBe(200);
		expect(delivery.body).toEqual({ taskId: id, started: false, message: `Task ${id} is still pending: nothing started` });
		expect(delivery.items).toEqual([]);
		expect(delivery.result.workflowData).toBeUndefined();
	});

	it('a body with forged fields for a finished task emits what the API says, not what the body says', async () => {
		const id = await createTask();
		sim.finishTask(id, { fail: 8007095 });
		const delivery = await trigger({ downloadVideo: true }).deliver({
			id,
			status: 'completed',
			output: [{ content: [{ type: 'video', url: 'https://attacker.example/evil.mp4' }] }],
			payload: 'forged',
		});
		expect(delivery.items[0].json).toMatchObject({ status: 'failed', videoUrl: null });
		expect(JSON.stringify(delivery.items[0].json)).not.toContain('attacker.example');
		expect(JSON.stringify(delivery.items[0].json)).not.toContain('forged');
		expect(downloads()).toHaveLength(0);
	});

	it('an unknown task id gets 404 and starts nothing', async () => {
		const delivery = await trigger().deliver({ id: 'task_doesnotexist', status: 'completed' });
		expect(delivery.status).toBe(404);
		expect(delivery.body).toEqual({
			taskId: 'task_doesnotexist',
			started: false,
			message: "Task task_doesnotexist was not found with this trigger's credential: nothing started",
		});
		expect(delivery.items).toEqual([]);
		expect(reads()).toEqual([`${TASK_PATH}task_doesnotexist`]);
	});

	it('an id that would change the read path is sent as one encoded path segment', async () => {
		const delivery = await trigger().deliver({ id: '../../files/big' });
		expect(delivery.status).toBe(404);
		expect(reads()).toEqual([`${TASK_PATH}..%2F..%2Ffiles%2Fbig`]);
	});
});

describe('a call that is no callback gets a 4xx, no API call and no execution', () => {
	const refusals: Array<[string, CallBody, number, string]> = [
		['not JSON', { raw: 'id=task_1', contentType: 'text/plain' }, 400, 'The callback body is not JSON'],
		['empty', { raw: '', contentType: 'application/json' }, 400, 'The callback body is empty'],
		['a JSON array', [{ id: 'task_1' }], 400, 'The callback body is not a task'],
		['a JSON string', { raw: '"task_1"', contentType: 'application/json' }, 400, 'The callback body is not a task'],
		['without an id', { status: 'completed' }, 400, 'The callback body has no task ID'],
		['with a blank id', { id: '   ' }, 400, 'The callback body has no task ID'],
		['with an id that is an object', { id: { $ne: null } }, 400, 'The callback body has no task ID'],
		['with ".." as id', { id: '..' }, 400, 'is not a valid task ID'],
		['with a control character in the id', { id: 'task\n1' }, 400, 'is not a valid task ID'],
		['with a 1000-character id', { id: 'x'.repeat(1000) }, 400, 'is not a valid task ID'],
		[
			'over 8 MB',
			{ raw: JSON.stringify({ id: 'task_1', padding: 'x'.repeat(8 * 1024 * 1024) }), contentType: 'application/json' },
			413,
			'more than the 8 MB a Vidu task can take',
		],
	];

	it.each(refusals)('%s', async (_name, body, status, message) => {
		const delivery = await trigger().deliver(body);
		expect(delivery.status).toBe(status);
		expect(delivery.body.message).toContain(message);
		expect(delivery.result).toEqual({ noWebhookResponse: true });
		expect(sim.requests).toEqual([]);
	});

	it('a JSON body sent as text/plain is read as JSON', async () => {
		const id = await createTask();
		sim.finishTask(id);
		const delivery = await trigger().deliver({ raw: JSON.stringify({ id }), contentType: 'text/plain' });
		expect(delivery.items.map((item) => item.json.taskId)).toEqual([id]);
	});
});

describe('a repeated delivery of a finished task', () => {
	it('starts no second execution, also when the task is delivered again much later', async () => {
		const id = await createTask();
		sim.finishTask(id);
		const node = trigger();
		const first = await node.deliver({ id });
		const again = await node.deliver({ id });
		expect(first.items).toHaveLength(1);
		expect(again).toMatchObject({ status: 200, items: [], body: { started: false } });
		expect(again.body.message).toBe(`Task ${id} already started this workflow: nothing started`);
		expect(node.savedStaticData).toEqual({ 'node:Vidu Trigger': { deliveredTaskIds: [id] } });
	});

	it('is answered without reading the task or the credential again', async () => {
		const id = await createTask();
		sim.finishTask(id);
		const node = trigger();
		const first = await node.deliver({ id });
		const again = await node.deliver({ id });
		expect(reads()).toEqual([`${TASK_PATH}${id}`]);
		expect([first.credentialReads, again.credentialReads]).toEqual([1, 0]);
	});

	it('is recognised by another n8n process from the workflow static data alone', async () => {
		const id = await createTask();
		sim.finishTask(id);
		const first = trigger();
		await first.deliver({ id });
		let freshNodeType: INodeType | undefined;
		jest.isolateModules(() => {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			const { ViduTrigger } = require('../../nodes/ViduTrigger/ViduTrigger.node');
			freshNodeType = new ViduTrigger();
		});
		const otherProcess = trigger({}, { staticData: first.savedStaticData, nodeType: freshNodeType });
		const again = await otherProcess.deliver({ id });
		expect(again).toMatchObject({ items: [], body: { started: false } });
	});

	it('two deliveries at the same time (both before static data is saved) start one execution', async () => {
		const id = await createTask();
		sim.finishTask(id);
		const node = trigger();
		const both = await Promise.all([node.deliver({ id }), node.deliver({ id })]);
		expect(both.map((delivery) => delivery.items.length).sort()).toEqual([0, 1]);
		expect(both.map((delivery) => delivery.body.message).sort()).toEqual([
			`Task ${id} already started this workflow: nothing started`,
			`Task ${id} completed: workflow started`,
		]);
		// The second waited for the first one's read: one API call for both.
		expect(reads()).toEqual([`${TASK_PATH}${id}`]);
	});

	it('two deliveries at the same time of an unknown task share one read and are both refused', async () => {
		const node = trigger();
		const both = await Promise.all([node.deliver({ id: 'task_unknown' }), node.deliver({ id: 'task_unknown' })]);
		expect(both.map((delivery) => [delivery.status, delivery.items.length])).toEqual([
			[404, 0],
			[404, 0],
		]);
		expect(reads()).toEqual([`${TASK_PATH}task_unknown`]);
	});

	it('is not looked for on the test URL: a test call neither is refused nor uses up the task', async () => {
		const id = await createTask();
		sim.finishTask(id);
		const tests = trigger({}, { mode: 'manual' });
		const first = await tests.deliver({ id });
		const second = await tests.deliver({ id });
		expect([first.items.length, second.items.length]).toEqual([1, 1]);
		expect(tests.savedStaticData).toEqual({});
		const production = await trigger({}, { staticData: tests.savedStaticData }).deliver({ id });
		expect(production.items).toHaveLength(1);
	});

	it('is told apart per trigger node: another workflow still gets the task', async () => {
		const id = await createTask();
		sim.finishTask(id);
		await trigger({}, { workflowId: 'workflow-a' }).deliver({ id });
		const other = await trigger({}, { workflowId: 'workflow-b' }).deliver({ id });
		expect(other.items).toHaveLength(1);
	});

	it('a task first called while running, then finished, starts its execution then', async () => {
		const id = await createTask();
		const node = trigger();
		const early = await node.deliver({ id });
		sim.finishTask(id);
		const late = await node.deliver({ id });
		expect([early.items.length, late.items.length]).toEqual([0, 1]);
	});
});

describe('Download Video', () => {
	it('answers the call first; the execution then puts the video into the item', async () => {
		const id = await createTask();
		sim.finishTask(id);
		const delivery = await trigger({ downloadVideo: true, binaryPropertyOutput: 'video' }).deliver({ id });
		expect(delivery.status).toBe(200);
		expect(delivery.requestedBeforeAnswer).toContain(`${TASK_PATH}${id}`);
		expect(delivery.requestedBeforeAnswer).not.toContain(`/files/${id}.mp4`);
		expect(downloads().map((r) => r.path)).toEqual([`/files/${id}.mp4`]);
		const video = delivery.items[0].binary?.video;
		expect(video).toMatchObject({ mimeType: 'video/mp4', fileName: `${id}.mp4` });
		expect(Buffer.from(video!.data, 'base64').equals(SAMPLE_MP4)).toBe(true);
	});

	it('a video that cannot be downloaded fails the execution with the task id (the call was answered 200)', async () => {
		const id = await createTask();
		sim.finishTask(id);
		sim.inject({ path: '/files/', status: 404, times: -1 });
		const delivery = await trigger({ downloadVideo: true }).deliver({ id });
		expect(delivery.status).toBe(200);
		expect(delivery.items).toEqual([]);
		expect(delivery.error?.message).toBe(`The task finished but its video could not be downloaded (task ${id})`);
		expect(delivery.error?.description).toContain('HTTP 404');
	});

	it('with On Error: Continue, the item still comes, with the reason and the video URL, without a file', async () => {
		const id = await createTask();
		sim.finishTask(id);
		sim.inject({ path: '/files/', status: 404, times: -1 });
		const delivery = await trigger({ downloadVideo: true }).deliver({ id }, { continueOnFail: true });
		expect(delivery.items).toHaveLength(1);
		expect(delivery.items[0].binary).toBeUndefined();
		expect(delivery.items[0].json).toMatchObject({
			taskId: id,
			videoUrl: `${sim.url}/files/${id}.mp4`,
			error: `The task finished but its video could not be downloaded (task ${id})`,
		});
	});

	it('a completed task without a video URL fails the execution, naming the task', async () => {
		const id = await createTask({ prompt: '[sim:novideo]' });
		sim.finishTask(id);
		const delivery = await trigger({ downloadVideo: true }).deliver({ id });
		expect(delivery.status).toBe(200);
		expect(delivery.error?.message).toBe(`The task completed but the API returned no video URL (task ${id})`);
		expect(downloads()).toHaveLength(0);
	});

	it('is not tried for a failed task', async () => {
		const id = await createTask();
		sim.finishTask(id, { fail: true });
		const delivery = await trigger({ downloadVideo: true }).deliver({ id });
		expect(delivery.items[0].binary).toBeUndefined();
		expect(delivery.items[0].json.status).toBe('failed');
		expect(downloads()).toHaveLength(0);
	});
});

describe('when the task cannot be read', () => {
	it('reads once, answers 503 at once (so the provider may deliver again), starts nothing and logs why', async () => {
		const id = await createTask();
		sim.finishTask(id);
		sim.inject({ path: TASK_PATH, status: 502, headers: { 'Retry-After': '0' }, times: -1 });
		const delivery = await trigger().deliver({ id });
		expect(delivery.status).toBe(503);
		expect(delivery.body.message).toMatch(/^Could not read the task: The Vtrix gateway could not reach the provider \(task .+\)\. Nothing started; deliver again later\.$/);
		expect(delivery.items).toEqual([]);
		expect(reads()).toHaveLength(1);
		expect(warnings()).toHaveLength(1);
		sim.clearFaults();
		const later = await trigger().deliver({ id });
		expect(later.items).toHaveLength(1);
	});

	it('an API that answers 503: the call is answered 503 at once, after one read', async () => {
		const id = await createTask();
		sim.finishTask(id);
		sim.inject({ path: TASK_PATH, status: 503, times: -1 });
		const delivery = await trigger().deliver({ id });
		expect(delivery.status).toBe(503);
		expect(reads()).toHaveLength(1);
	});

	it('an API that does not answer: 503 after 4 s (before a provider that waits 5 s gives up), one read', async () => {
		const id = await createTask();
		sim.finishTask(id);
		sim.inject({ path: TASK_PATH, delayMs: 8000, times: 1 });
		const started = Date.now();
		const delivery = await trigger().deliver({ id });
		const ms = Date.now() - started;
		expect(delivery.status).toBe(503);
		expect(delivery.body.message).toBe(`Could not read the task: The Vtrix API did not answer within the Timeout of 4000 ms (task ${id}). Nothing started; deliver again later.`);
		expect(ms).toBeGreaterThanOrEqual(4000);
		expect(reads()).toHaveLength(1);
		expect(delivery.items).toEqual([]);
	});

	it('with a key the API refuses: 503, and the key is in no answer or log', async () => {
		const id = await createTask();
		sim.finishTask(id);
		const delivery = await new TriggerHarness({ sim, apiKey: `${API_KEY}-wrong` }).deliver({ id });
		expect(delivery.status).toBe(503);
		expect(delivery.body.message).toContain('The API key is missing or invalid');
		expect(JSON.stringify(delivery)).not.toContain(API_KEY);
	});
});
