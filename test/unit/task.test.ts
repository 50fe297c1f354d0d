import { describeProviderCode, readProviderError } from '../../nodes/Vidu/errors';
import { parseTask as readTask, taskToJson } from '../../nodes/Vidu/task';
import { nextPollDelay } from '../../nodes/Vidu/polling';
import { taskPath as taskUrl } from '../../nodes/Vidu/constants';
import { retryDelayMs } from '../../nodes/Vidu/transport';

describe('readTask', () => {
	it('reads a completed task with id, video, cost', () => {
		const task = readTask({
			id: 'task_1',
			status: 'completed',
			progress: 1,
			output: [{ content: [{ type: 'video', url: 'https://cdn.example/v.mp4' }] }],
			usage: { cost: '0.07', discount: 0 },
		})!;
		expect(task).toMatchObject({ id: 'task_1', state: 'completed', videoUrl: 'https://cdn.example/v.mp4', cost: '0.07' });
		expect(taskToJson(task)).toMatchObject({ taskId: 'task_1', status: 'completed', videoUrl: 'https://cdn.example/v.mp4', cost: '0.07' });
	});
	it('puts taskId, status, videoUrl and cost first in the item, then the task as answered, status normalised', () => {
		const task = readTask({ id: 'task_1', status: 'COMPLETED', model: 'm', usage: { cost: '0.07' }, output: [{ content: [{ type: 'video', url: 'u' }] }] })!;
		const json = taskToJson(task);
		expect(Object.keys(json)).toEqual(['taskId', 'status', 'videoUrl', 'cost', 'id', 'model', 'usage', 'output']);
		expect(json.status).toBe('completed');
	});
	it('accepts task_id and video_url', () => {
		const task = readTask({ task_id: 'task_2', status: 'completed', output: [{ content: [{ type: 'video_url', url: 'u' }] }] })!;
		expect(task.id).toBe('task_2');
		expect(task.videoUrl).toBe('u');
	});
	it('maps statuses, and never takes an unknown one for success', () => {
		expect(readTask({ id: 'a', status: 'pending' })!.state).toBe('pending');
		expect(readTask({ id: 'a', status: 'processing' })!.state).toBe('running');
		expect(readTask({ id: 'a', status: 'in_progress' })!.state).toBe('running');
		expect(readTask({ id: 'a', status: 'weird' })!.state).toBe('pending');
		expect(readTask({ id: 'a' })!.state).toBe('pending');
	});
	it('reads every error shape', () => {
		expect(readTask({ id: 'a', status: 'failed', error: { code: 8007095, error_message: 'boom' } })!.error).toEqual({ code: '8007095', message: 'boom' });
		expect(readTask({ id: 'a', status: 'failed', error: { code: '008007099', message: 'down' } })!.error).toEqual({ code: '008007099', message: 'down' });
		expect(readTask({ id: 'a', status: 'failed', error: 'plain' })!.error).toEqual({ message: 'plain' });
	});
	it('is undefined for a body that is no task', () => {
		expect(readTask('<html>')).toBeUndefined();
		expect(readTask([])).toBeUndefined();
	});
});

describe('provider errors', () => {
	it('compares codes as numbers, with or without leading zeros', () => {
		expect(describeProviderCode('008007004')).toMatch(/duration is invalid/);
		expect(describeProviderCode('8007004')).toMatch(/duration is invalid/);
		expect(describeProviderCode('123')).toBeUndefined();
	});
	it('clips an enormous message', () => {
		const error = readProviderError({ error: { code: 1, message: 'x'.repeat(100_000) } })!;
		expect(error.message!.length).toBeLessThan(600);
	});
});

describe('waiting and retrying', () => {
	it('encodes a task id as one path segment', () => {
		expect(taskUrl('../x')).toBe('/model/v1/generation/task/..%2Fx');
		expect(taskUrl('a/b?c')).toBe('/model/v1/generation/task/a%2Fb%3Fc');
	});
	it('polls soon at first, then less often, capped', () => {
		expect(nextPollDelay(0, 0, undefined, 15000)).toBe(1000);
		expect(nextPollDelay(0, 3, undefined, 15000)).toBeCloseTo(3375);
		expect(nextPollDelay(0, 20, undefined, 15000)).toBe(15000);
	});
	it('aims at the expected end when progress is known', () => {
		// 10 s in, 25 % done: about 30 s left, capped by the maximum.
		expect(nextPollDelay(10_000, 1, 0.25, 60_000)).toBeCloseTo(30_250);
		expect(nextPollDelay(10_000, 1, 0.25, 15_000)).toBe(15_000);
	});
	it('honours Retry-After in seconds and as a date, else backs off with jitter', () => {
		expect(retryDelayMs(1, '2')).toBe(2000);
		expect(retryDelayMs(1, new Date(Date.now() + 3000).toUTCString())).toBeGreaterThan(1000);
		expect(retryDelayMs(1, undefined, 0)).toBe(500);
		expect(retryDelayMs(3, undefined, 1)).toBe(4000);
		expect(retryDelayMs(20, undefined, 1)).toBe(30_000);
	});
});
