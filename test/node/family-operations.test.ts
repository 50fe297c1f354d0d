/**
 * Version 2 keeps what every create has, for any model: Create and Wait with the video downloaded, Get
 * Status, Continue On Fail's one shape (a refusal before sending, and a failed task with its id), and
 * the key never in the output (runVidu scans for it). A fake API serves one text-to-video task.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

import { readBinary } from '../helpers/n8nHarness';
import { runVidu, tinyServer, type TinyServer } from './fixtures';

const VIDEO = Buffer.from('fake mp4 bytes');
let server: TinyServer;
let taskStatus = 'completed';

function fakeApi(req: IncomingMessage, res: ServerResponse) {
	const answer = (status: number, body: unknown, type = 'application/json') => {
		res.writeHead(status, { 'content-type': type });
		res.end(Buffer.isBuffer(body) ? body : JSON.stringify(body));
	};
	req.resume();
	req.on('end', () => {
		if (req.method === 'POST') return answer(200, { id: 'task_t2v', status: 'pending', model: 'viduq3_turbo_text2video' });
		if (req.url === '/video.mp4') return answer(200, VIDEO, 'video/mp4');
		const done = { id: 'task_t2v', model: 'viduq3_turbo_text2video', status: taskStatus };
		if (taskStatus === 'failed') return answer(200, { ...done, error: { code: 8007095, error_message: 'boom' } });
		return answer(200, { ...done, output: [{ content: [{ type: 'video', url: `${server.url}/video.mp4` }] }], usage: { cost: '0.10' } });
	});
}

beforeAll(async () => {
	server = await tinyServer(fakeApi);
});
afterAll(async () => await server.close());
beforeEach(() => {
	taskStatus = 'completed';
});

const TEXT = { videoMode: 'text', model: 'viduq3_turbo_text2video', prompt: 'a city at night' };
const run = async (parameters: Record<string, unknown>, continueOnFail = false) =>
	await runVidu(parameters as never, { baseUrl: server.url, items: [{ json: {} }], typeVersion: 2, continueOnFail });

describe('version 2, any model: the operations around the create', () => {
	it('Create and Wait returns the finished task and its video as a file', async () => {
		const result = await run({ operation: 'createAndWait', ...TEXT, downloadVideo: true, waitOptions: { maxPollInterval: 1 } });
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ taskId: 'task_t2v', status: 'completed', videoUrl: `${server.url}/video.mp4` });
		expect(await readBinary(result.items[0])).toEqual(VIDEO);
	});

	it('Get Status reads the task whatever its model', async () => {
		const result = await run({ operation: 'getStatus', taskId: 'task_t2v' });
		expect(result.items[0].json).toMatchObject({ taskId: 'task_t2v', status: 'completed', model: 'viduq3_turbo_text2video' });
	});

	it('Continue On Fail: a refusal before sending has the one shape', async () => {
		const before = server.received.length;
		const result = await run({ operation: 'create', ...TEXT, prompt: '={{ "" }}' }, true);
		expect(result.items[0].json).toEqual({ error: 'The prompt is empty: Text to Video needs one', description: 'Describe the video in Prompt.', taskId: null });
		expect(server.received.length).toBe(before);
	});

	it('Continue On Fail: a failed task names its id', async () => {
		taskStatus = 'failed';
		const result = await run({ operation: 'createAndWait', ...TEXT, waitOptions: { maxPollInterval: 1 } }, true);
		expect(result.items[0].json).toMatchObject({ taskId: 'task_t2v' });
		expect(String(result.items[0].json.error)).toContain('task_t2v');
	});
});
