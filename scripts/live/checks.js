'use strict';
/**
 * The assumptions of docs/api-notes.md, checked against what a live run recorded. Pure: a record in, rows out.
 *
 * record: {
 *   tasks: [{ mode, model, payload, create: answer, reads: [answer], timedOut, seconds }],
 *   missingRead: answer | null,     a read of a task id that does not exist
 *   wrongKeyRead: answer | null,    a read with an invalid key
 *   callback: { setup: 'none' | 'url-only' | 'received', calls: [{ json, headers }], waitedSeconds },
 *   nowSeconds,
 * }
 * answer: { status, json, text } as scripts/live/gateway.js gives it (status null: no answer).
 * row: { assumption, result: 'held' | 'did not hold' | 'not checked', detail }
 */

const HELD = 'held';
const NOT_HELD = 'did not hold';
const NOT_CHECKED = 'not checked';
const KNOWN_STATUSES = ['pending', 'processing', 'in_progress', 'completed', 'failed'];
const ENDED = ['completed', 'failed'];

const idOf = (json) => (json && typeof json === 'object' ? json.id ?? json.task_id ?? null : null);
const created = (record) => record.tasks.filter((t) => t.create && t.create.status === 200 && idOf(t.create.json) !== null);
const bodies = (t) => [t.create.json, ...t.reads.filter((r) => r.status === 200).map((r) => r.json)].filter((j) => j && typeof j === 'object');
/** The task as its last successful read answered it (the create answer when there was none). */
const lastView = (t) => {
	const b = bodies(t);
	return b[b.length - 1];
};
const row = (assumption, result, detail) => ({ assumption, result, detail });
/** held when no task failed the test, not checked when there was none to test. */
function verdict(assumption, tested, failures, heldDetail) {
	if (!tested) return row(assumption, NOT_CHECKED, 'no task to check');
	return failures.length ? row(assumption, NOT_HELD, failures.join('; ')) : row(assumption, HELD, heldDetail);
}

function createAnswers(record) {
	const a = 'create: POST /model/v1/generation with a flat body answers 200 and the task';
	const fails = record.tasks
		.filter((t) => !(t.create && t.create.status === 200 && idOf(t.create.json) !== null))
		.map((t) => `${t.mode}: ${t.create && t.create.status !== null ? `HTTP ${t.create.status} ${t.create.text || ''}`.trim() : `no answer (${(t.create && t.create.error) || 'not sent'})`}`);
	return verdict(a, record.tasks.length, fails, record.tasks.map((t) => `${t.mode}: 200`).join('; '));
}

function idField(record) {
	const tasks = created(record);
	const fails = tasks.filter((t) => t.create.json.id === undefined).map((t) => `${t.mode}: task_id, no id`);
	return verdict('the task id is `id` (`task_id` in some examples)', tasks.length, fails, 'id on every task');
}

/** The statuses a task went through, repeats collapsed: pending → processing → completed. */
function statusTrail(t) {
	const trail = [];
	for (const b of bodies(t)) if (trail[trail.length - 1] !== b.status) trail.push(b.status);
	return trail;
}

function statuses(record) {
	const tasks = created(record);
	const fails = [];
	const seen = [];
	for (const t of tasks) {
		const trail = statusTrail(t);
		seen.push(`${t.mode}: ${trail.map(String).join(' → ')}`);
		const odd = trail.filter((s) => !KNOWN_STATUSES.includes(s));
		if (odd.length) fails.push(`${t.mode}: ${odd.map((s) => JSON.stringify(s)).join(', ')} (trail ${trail.map(String).join(' → ')})`);
	}
	return verdict('statuses are pending, processing / in_progress, completed, failed', tasks.length, fails, seen.join('; '));
}

function readPath(record) {
	const tasks = created(record);
	const fails = [];
	for (const t of tasks) {
		const bad = t.reads.filter((r) => r.status !== 200);
		if (!t.reads.length) fails.push(`${t.model}: never read`);
		else if (bad.length) fails.push(`${t.model}: ${[...new Set(bad.map((r) => (r.status === null ? 'no answer' : `HTTP ${r.status}`)))].join(', ')}`);
	}
	return verdict("every model's task is read at GET /model/v1/generation/task/{id}", tasks.length, fails, tasks.map((t) => `${t.model}: 200`).join('; '));
}

function modelField(record) {
	const tasks = created(record);
	const fails = [];
	for (const t of tasks) {
		const wrong = bodies(t).map((b) => b.model).filter((m) => m !== t.model);
		if (wrong.length) fails.push(`${t.mode}: ${JSON.stringify(wrong[0])} for ${t.model}`);
	}
	return verdict("the task's `model` is the id it was created with", tasks.length, fails, 'on every answer');
}

function ends(record) {
	const tasks = created(record);
	const fails = tasks.filter((t) => t.timedOut || !ENDED.includes(lastView(t).status)).map((t) => `${t.mode}: still ${JSON.stringify(lastView(t).status)} after ${t.seconds} s`);
	return verdict('each task ends, completed or failed, within the time limit', tasks.length, fails, tasks.map((t) => `${t.mode}: ${lastView(t).status} in ${t.seconds} s`).join('; '));
}

const completed = (record) => created(record).filter((t) => lastView(t).status === 'completed');

function output(record) {
	const tasks = completed(record);
	const fails = [];
	const types = [];
	for (const t of tasks) {
		const v = lastView(t);
		const content = Array.isArray(v.output) && v.output[0] && Array.isArray(v.output[0].content) ? v.output[0].content : null;
		const c = content && content.find((x) => x && typeof x.url === 'string');
		if (!c) fails.push(`${t.mode}: no output[].content[] with a url (output ${JSON.stringify(v.output)})`);
		else if (!['video', 'video_url'].includes(c.type) || !/^https?:\/\//.test(c.url)) fails.push(`${t.mode}: type ${JSON.stringify(c.type)}, url ${c.url.slice(0, 60)}`);
		else types.push(`${t.mode}: ${c.type}`);
	}
	return verdict('a completed task has output[].content[] of type `video` (or `video_url`) with an http(s) url', tasks.length, fails, types.join('; '));
}

function usage(record) {
	const tasks = completed(record);
	const fails = [];
	const costs = [];
	for (const t of tasks) {
		const u = lastView(t).usage;
		if (!u || typeof u.cost !== 'string') fails.push(`${t.mode}: usage ${JSON.stringify(u)}`);
		else if (u.discount !== undefined && typeof u.discount !== 'number') fails.push(`${t.mode}: discount ${JSON.stringify(u.discount)}`);
		else costs.push(`${t.mode}: cost ${JSON.stringify(u.cost)}${u.discount !== undefined ? `, discount ${u.discount}` : ''}`);
	}
	return verdict('usage.cost is a string (USD) and usage.discount a number, on a completed task', tasks.length, fails, costs.join('; '));
}

/** Where the payload sent came back on the task's last answer. */
function payloadPlace(t) {
	const v = lastView(t);
	const inMeta = v.metadata && typeof v.metadata === 'object' && v.metadata.payload === t.payload;
	const top = v.payload === t.payload;
	if (inMeta && top) return 'metadata.payload and top-level payload';
	if (inMeta) return 'metadata.payload';
	if (top) return 'top-level payload';
	return 'nowhere';
}

function payload(record) {
	const tasks = created(record);
	const places = tasks.map((t) => [t, payloadPlace(t)]);
	const fails = places.filter(([, p]) => !p.startsWith('metadata.payload')).map(([t, p]) => `${t.mode}: ${p}`);
	return verdict('the payload sent comes back as metadata.payload', tasks.length, fails, places.map(([t, p]) => `${t.mode}: ${p}`).join('; '));
}

function progress(record) {
	const tasks = created(record);
	const fails = [];
	for (const t of tasks) {
		const bad = bodies(t).map((b) => b.progress).filter((p) => p !== undefined && !(typeof p === 'number' && p >= 0 && p <= 1));
		if (bad.length) fails.push(`${t.mode}: ${JSON.stringify(bad[0])}`);
	}
	return verdict('progress, when present, is a number from 0 to 1', tasks.length, fails, 'on every answer');
}

function createdAt(record) {
	const tasks = created(record);
	const fails = [];
	for (const t of tasks) {
		const c = t.create.json.created_at;
		if (c === undefined) continue;
		if (typeof c !== 'number' || Math.abs(c - record.nowSeconds) > 2 * 86400) fails.push(`${t.mode}: ${JSON.stringify(c)}`);
	}
	return verdict('created_at is unix time in seconds', tasks.length, fails, 'within two days of now on every task');
}

function failures(record) {
	const tasks = created(record).filter((t) => lastView(t).status === 'failed');
	if (!tasks.length) return row('a failed task carries error { code, error_message | message } or a string', NOT_CHECKED, 'no task failed');
	const fails = [];
	const seen = [];
	for (const t of tasks) {
		const e = lastView(t).error;
		const ok = typeof e === 'string' || (e && typeof e === 'object' && e.code !== undefined && (typeof e.error_message === 'string' || typeof e.message === 'string'));
		(ok ? seen : fails).push(`${t.mode}: ${JSON.stringify(e)}`);
	}
	return verdict('a failed task carries error { code, error_message | message } or a string', tasks.length, fails, seen.join('; '));
}

function missingTask(record) {
	const a = 'reading a task that does not exist answers 404 (the credential test relies on it)';
	const r = record.missingRead;
	if (!r) return row(a, NOT_CHECKED, 'not read');
	return r.status === 404 ? row(a, HELD, 'HTTP 404') : row(a, NOT_HELD, r.status === null ? `no answer (${r.error})` : `HTTP ${r.status} ${r.text || ''}`.trim());
}

function wrongKey(record) {
	const a = 'an invalid API key answers 401 (or 403)';
	const r = record.wrongKeyRead;
	if (!r) return row(a, NOT_CHECKED, 'not read');
	return [401, 403].includes(r.status) ? row(a, HELD, `HTTP ${r.status}`) : row(a, NOT_HELD, r.status === null ? `no answer (${r.error})` : `HTTP ${r.status}`);
}

const SIGNATURE_HEADER = /sign|signature|hmac/i;

function callbacks(record) {
	const a = 'callback_url: the task, as a read answers it, is POSTed when it ends';
	const cb = record.callback || { setup: 'none', calls: [] };
	if (cb.setup === 'none') return row(a, NOT_CHECKED, 'VTRIX_LIVE_CALLBACK_URL not set');
	if (cb.setup === 'url-only') return row(a, NOT_CHECKED, 'sent to VTRIX_LIVE_CALLBACK_URL; set VTRIX_LIVE_CALLBACK_PORT to receive it here');
	const tasks = created(record);
	const fails = [];
	const seen = [];
	for (const t of tasks) {
		const id = idOf(t.create.json);
		const mine = cb.calls.filter((c) => idOf(c.json) === id);
		if (!mine.length) {
			fails.push(`${t.mode}: no callback within ${cb.waitedSeconds} s`);
			continue;
		}
		const c = mine[mine.length - 1];
		const readKeys = Object.keys(lastView(t)).sort().join(',');
		const keys = Object.keys(c.json).sort().join(',');
		const signHeaders = Object.keys(c.headers || {}).filter((h) => SIGNATURE_HEADER.test(h));
		const note = `${t.mode}: ${mine.length} call(s), status ${c.json.status}, keys ${keys}${signHeaders.length ? `, headers ${signHeaders.join(', ')}` : ''}`;
		if (!ENDED.includes(c.json.status) || keys !== readKeys) fails.push(`${note} (read keys ${readKeys})`);
		else seen.push(note);
	}
	const stray = cb.calls.filter((c) => !tasks.some((t) => idOf(c.json) === idOf(t.create.json)));
	if (stray.length) fails.push(`${stray.length} call(s) not matching a task id: ${stray[0].json ? Object.keys(stray[0].json).join(',') : 'not JSON'}`);
	return verdict(a, tasks.length, fails, seen.join('; '));
}

/** The rows, in the order of docs/api-notes.md. */
function checkAssumptions(record) {
	return [createAnswers, idField, readPath, modelField, statuses, ends, output, usage, payload, progress, createdAt, failures, missingTask, wrongKey, callbacks].map((f) => f(record));
}

/** One line per mode: what was created and how it ended. */
function taskSummary(record, skipped = []) {
	const rows = record.tasks.map((t) => {
		const v = t.create && t.create.json && idOf(t.create.json) !== null ? lastView(t) : null;
		return {
			mode: t.mode,
			model: t.model,
			task: v ? String(idOf(v)) : '-',
			status: v ? String(v.status) : t.create && t.create.status !== null ? `create HTTP ${t.create.status}` : 'create: no answer',
			cost: v && v.usage && v.usage.cost !== undefined ? String(v.usage.cost) : '-',
			seconds: v ? String(t.seconds) : '-',
		};
	});
	for (const s of skipped) rows.push({ mode: s.mode, model: s.model, task: '-', status: `skipped: ${s.skipped}`, cost: '-', seconds: '-' });
	return rows;
}

module.exports = { checkAssumptions, taskSummary, HELD, NOT_HELD, NOT_CHECKED };
