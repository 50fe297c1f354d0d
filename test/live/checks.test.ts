// The live test's pure parts: its assumption checks over recorded task objects, its settings and its bodies.
export {}; // a module: its names stay its own
const { checkAssumptions, taskSummary } = require('../../scripts/live/checks');
const { readConfig } = require('../../scripts/live/config');
const { plan } = require('../../scripts/live/bodies');
const { redact } = require('../../scripts/live/gateway');

type Row = { assumption: string; result: string; detail: string };
const NOW = 1_790_000_000;
const PAYLOAD = 'n8n-nodes-vidu live test img2video abc';

/** A task as the gateway answered it in a recorded run: pending, processing, completed. */
function recordedTask(over: { create?: any; reads?: any[]; mode?: string; model?: string; timedOut?: boolean } = {}) {
	const model = over.model ?? 'viduq2_turbo_img2video';
	const base = { id: 'task_1', model, created_at: NOW - 60, metadata: { payload: PAYLOAD } };
	const done = {
		...base,
		status: 'completed',
		progress: 1,
		output: [{ content: [{ type: 'video', url: 'https://cdn.example/out.mp4' }] }],
		usage: { cost: '0.07', discount: 0 },
	};
	return {
		mode: over.mode ?? 'img2video',
		model,
		payload: PAYLOAD,
		create: over.create ?? { status: 200, json: { ...base, status: 'pending', progress: 0 }, text: '' },
		reads: over.reads ?? [
			{ status: 200, json: { ...base, status: 'processing', progress: 0.4 } },
			{ status: 200, json: done },
		],
		timedOut: over.timedOut ?? false,
		seconds: 42,
	};
}

function record(over: Record<string, unknown> = {}) {
	return {
		tasks: [recordedTask()],
		missingRead: { status: 404, json: null, text: '' },
		wrongKeyRead: { status: 401, json: null, text: '' },
		callback: { setup: 'none', calls: [], waitedSeconds: 0 },
		nowSeconds: NOW,
		...over,
	};
}

/** The row whose assumption starts with `start`. */
function rowOf(rows: Row[], start: string): Row {
	const r = rows.find((x) => x.assumption.startsWith(start));
	if (!r) throw new Error(`no row ${start}`);
	return r;
}
const check = (rec: unknown, start: string) => rowOf(checkAssumptions(rec), start);
const completedWith = (extra: Record<string, unknown>) => {
	const t = recordedTask();
	t.reads[1] = { status: 200, json: { ...t.reads[1].json, ...extra } };
	return t;
};

describe('checkAssumptions', () => {
	it('a run as docs/api-notes.md describes it: every row held, but the failed-task and callback rows not checked', () => {
		const rows: Row[] = checkAssumptions(record());
		expect(rows.map((r) => r.result)).toEqual([
			'held', 'held', 'held', 'held', 'held', 'held', 'held', 'held', 'held', 'held', 'held', 'not checked', 'held', 'held', 'not checked',
		]);
		expect(rowOf(rows, 'statuses').detail).toBe('img2video: pending → processing → completed');
		expect(rowOf(rows, 'usage.cost').detail).toBe('img2video: cost "0.07", discount 0');
		expect(rowOf(rows, 'the payload').detail).toBe('img2video: metadata.payload');
		expect(rowOf(rows, 'callback_url').detail).toBe('VTRIX_LIVE_CALLBACK_URL not set');
	});

	it('a create refused with 400', () => {
		const t = recordedTask({ create: { status: 400, json: { error: { code: '008007002' } }, text: '{"error":{"code":"008007002"}}' } });
		const rows: Row[] = checkAssumptions(record({ tasks: [t] }));
		expect(rowOf(rows, 'create:')).toEqual({
			assumption: 'create: POST /model/v1/generation with a flat body answers 200 and the task',
			result: 'did not hold',
			detail: 'img2video: HTTP 400 {"error":{"code":"008007002"}}',
		});
		// nothing else can be said about a task that was never created
		expect(rowOf(rows, 'every model').result).toBe('not checked');
	});

	it('task_id instead of id', () => {
		const t = recordedTask({ create: { status: 200, json: { task_id: 'task_1', status: 'pending', model: 'viduq2_turbo_img2video' } } });
		expect(check(record({ tasks: [t] }), 'the task id')).toEqual(expect.objectContaining({ result: 'did not hold', detail: 'img2video: task_id, no id' }));
	});

	it('the read path answering 404 for one model', () => {
		const t = recordedTask({ mode: 'extend', model: 'viduq2_turbo_extend', reads: [{ status: 404, json: null, text: '' }] });
		const r = check(record({ tasks: [recordedTask(), t] }), 'every model');
		expect(r).toEqual(expect.objectContaining({ result: 'did not hold', detail: 'viduq2_turbo_extend: HTTP 404' }));
	});

	it('a status outside the known ones', () => {
		const t = recordedTask({ reads: [{ status: 200, json: { id: 'task_1', model: 'viduq2_turbo_img2video', status: 'queued' } }] });
		const r = check(record({ tasks: [t] }), 'statuses');
		expect(r).toEqual(expect.objectContaining({ result: 'did not hold', detail: 'img2video: "queued" (trail pending → queued)' }));
	});

	it('another model on the read answer', () => {
		const r = check(record({ tasks: [completedWith({ model: 'viduq2_turbo' })] }), "the task's `model`");
		expect(r).toEqual(expect.objectContaining({ result: 'did not hold', detail: 'img2video: "viduq2_turbo" for viduq2_turbo_img2video' }));
	});

	it('a task still running at the time limit', () => {
		const t = recordedTask({ timedOut: true, reads: [{ status: 200, json: { id: 'task_1', model: 'viduq2_turbo_img2video', status: 'processing' } }] });
		expect(check(record({ tasks: [t] }), 'each task ends')).toEqual(expect.objectContaining({ result: 'did not hold', detail: 'img2video: still "processing" after 42 s' }));
	});

	it('output content types: video_url holds, image does not', () => {
		const ok = check(record({ tasks: [completedWith({ output: [{ content: [{ type: 'video_url', url: 'https://cdn.example/a.mp4' }] }] })] }), 'a completed task');
		expect(ok).toEqual(expect.objectContaining({ result: 'held', detail: 'img2video: video_url' }));
		const bad = check(record({ tasks: [completedWith({ output: [{ content: [{ type: 'image', url: 'https://cdn.example/a.png' }] }] })] }), 'a completed task');
		expect(bad).toEqual(expect.objectContaining({ result: 'did not hold', detail: 'img2video: type "image", url https://cdn.example/a.png' }));
	});

	it('usage.cost as a number', () => {
		const r = check(record({ tasks: [completedWith({ usage: { cost: 0.07 } })] }), 'usage.cost');
		expect(r).toEqual(expect.objectContaining({ result: 'did not hold', detail: 'img2video: usage {"cost":0.07}' }));
	});

	it('payload at the top level, or nowhere', () => {
		const top = check(record({ tasks: [completedWith({ metadata: {}, payload: PAYLOAD })] }), 'the payload');
		expect(top).toEqual(expect.objectContaining({ result: 'did not hold', detail: 'img2video: top-level payload' }));
		const none = check(record({ tasks: [completedWith({ metadata: {} })] }), 'the payload');
		expect(none).toEqual(expect.objectContaining({ result: 'did not hold', detail: 'img2video: nowhere' }));
	});

	it('progress out of range, created_at in milliseconds', () => {
		expect(check(record({ tasks: [completedWith({ progress: 100 })] }), 'progress').detail).toBe('img2video: 100');
		const t = recordedTask({ create: { status: 200, json: { id: 'task_1', model: 'viduq2_turbo_img2video', status: 'pending', created_at: NOW * 1000 } } });
		expect(check(record({ tasks: [t] }), 'created_at')).toEqual(expect.objectContaining({ result: 'did not hold', detail: `img2video: ${NOW * 1000}` }));
	});

	it('a failed task: its error shape', () => {
		const failed = (error: unknown) => completedWith({ status: 'failed', output: undefined, usage: undefined, error });
		const ok = check(record({ tasks: [failed({ code: 8007095, error_message: 'Internal generation error' })] }), 'a failed task');
		expect(ok).toEqual(expect.objectContaining({ result: 'held', detail: 'img2video: {"code":8007095,"error_message":"Internal generation error"}' }));
		expect(check(record({ tasks: [failed({ reason: 'x' })] }), 'a failed task').result).toBe('did not hold');
	});

	it('the missing-task read and the wrong-key read', () => {
		const rows: Row[] = checkAssumptions(record({ missingRead: { status: 401, text: '' }, wrongKeyRead: { status: 200, text: '' } }));
		expect(rowOf(rows, 'reading a task')).toEqual(expect.objectContaining({ result: 'did not hold', detail: 'HTTP 401' }));
		expect(rowOf(rows, 'an invalid API key')).toEqual(expect.objectContaining({ result: 'did not hold', detail: 'HTTP 200' }));
	});

	it('callbacks: sent to a URL not observed, received as a read answers it, received in another shape, not received', () => {
		const urlOnly = check(record({ callback: { setup: 'url-only', calls: [], waitedSeconds: 0 } }), 'callback_url');
		expect(urlOnly).toEqual(expect.objectContaining({ result: 'not checked', detail: 'sent to VTRIX_LIVE_CALLBACK_URL; set VTRIX_LIVE_CALLBACK_PORT to receive it here' }));
		const read = recordedTask().reads[1].json;
		const same = check(record({ callback: { setup: 'received', calls: [{ json: read, headers: { 'x-vidu-signature': 's' } }], waitedSeconds: 3 } }), 'callback_url');
		expect(same).toEqual(
			expect.objectContaining({ result: 'held', detail: 'img2video: 1 call(s), status completed, keys created_at,id,metadata,model,output,progress,status,usage, headers x-vidu-signature' }),
		);
		const wrapped = check(record({ callback: { setup: 'received', calls: [{ json: { id: 'task_1', status: 'completed', data: read }, headers: {} }], waitedSeconds: 3 } }), 'callback_url');
		expect(wrapped.result).toBe('did not hold');
		expect(wrapped.detail).toBe('img2video: 1 call(s), status completed, keys data,id,status (read keys created_at,id,metadata,model,output,progress,status,usage)');
		const none = check(record({ callback: { setup: 'received', calls: [], waitedSeconds: 60 } }), 'callback_url');
		expect(none).toEqual(expect.objectContaining({ result: 'did not hold', detail: 'img2video: no callback within 60 s' }));
	});
});

describe('taskSummary', () => {
	it('one line per task and per skipped mode, with usage.cost', () => {
		const rows = taskSummary(record(), [{ mode: 'extend', model: 'viduq2_turbo_extend', skipped: 'VTRIX_LIVE_VIDEO_URL not set' }]);
		expect(rows).toEqual([
			{ mode: 'img2video', model: 'viduq2_turbo_img2video', task: 'task_1', status: 'completed', cost: '0.07', seconds: '42' },
			{ mode: 'extend', model: 'viduq2_turbo_extend', task: '-', status: 'skipped: VTRIX_LIVE_VIDEO_URL not set', cost: '-', seconds: '-' },
		]);
	});
});

describe('settings and bodies', () => {
	it('no key: null (the run is skipped)', () => {
		expect(readConfig({})).toBeNull();
		expect(readConfig({ VTRIX_API_KEY: '' })).toBeNull();
	});

	it('defaults, and malformed values refused', () => {
		const c = readConfig({ VTRIX_API_KEY: 'k', VTRIX_BASE_URL: 'https://gw.example/' });
		expect(c).toEqual(
			expect.objectContaining({ baseUrl: 'https://gw.example', modes: ['img2video', 'start-end', 'text2video', 'reference2video', 'extend'], imageUrl: null, videoUrl: null, callbackUrl: null, pollSeconds: 5, timeoutSeconds: 900 }),
		);
		expect(readConfig({ VTRIX_API_KEY: 'k' }).baseUrl).toBe('https://cloud.vtrix.ai');
		expect(() => readConfig({ VTRIX_API_KEY: 'k', VTRIX_LIVE_MODES: 'img2video,multiframe' })).toThrow('VTRIX_LIVE_MODES: unknown mode "multiframe" (modes: img2video, start-end, text2video, reference2video, extend)');
		expect(() => readConfig({ VTRIX_API_KEY: 'k', VTRIX_LIVE_IMAGE_URL: 'file:///a.png' })).toThrow('VTRIX_LIVE_IMAGE_URL must be an http(s) URL');
		expect(() => readConfig({ VTRIX_API_KEY: 'k', VTRIX_LIVE_POLL_SECONDS: '0' })).toThrow('VTRIX_LIVE_POLL_SECONDS must be a number > 0, not "0"');
	});

	it('the cheapest body per mode; a mode without its input is skipped', () => {
		const c = readConfig({ VTRIX_API_KEY: 'k', VTRIX_LIVE_IMAGE_URL: 'https://img.example/a.png', VTRIX_LIVE_CALLBACK_URL: 'https://hook.example/cb' });
		const items = plan(c, (mode: string) => `p-${mode}`);
		expect(items.map((i: any) => [i.mode, i.model, i.skipped])).toEqual([
			['img2video', 'viduq2_turbo_img2video', undefined],
			['start-end', 'viduq2_turbo_start_end2video', undefined],
			['text2video', 'viduq2_text2video', undefined],
			['reference2video', 'viduq2_reference2video', undefined],
			['extend', 'viduq2_turbo_extend', 'VTRIX_LIVE_VIDEO_URL not set'],
		]);
		for (const i of items.filter((x: any) => !x.skipped)) {
			expect(i.body).toEqual(expect.objectContaining({ model: i.model, duration: 1, resolution: '540p', payload: `p-${i.mode}`, callback_url: 'https://hook.example/cb' }));
			expect(i.body.audio === true || i.body.is_rec === true || i.body.bgm === true).toBe(false);
		}
		expect(items[1].body.images).toEqual(['https://img.example/a.png', 'https://img.example/a.png']);
		expect(plan(readConfig({ VTRIX_API_KEY: 'k' }), () => 'p').filter((i: any) => i.skipped).map((i: any) => i.skipped)).toEqual([
			'VTRIX_LIVE_IMAGE_URL not set',
			'VTRIX_LIVE_IMAGE_URL not set',
			'VTRIX_LIVE_IMAGE_URL not set',
			'VTRIX_LIVE_VIDEO_URL not set',
		]);
	});

	it('redact replaces every occurrence of the key', () => {
		expect(redact('Bearer abc, again abc.', 'abc')).toBe('Bearer ***, again ***.');
	});
});
