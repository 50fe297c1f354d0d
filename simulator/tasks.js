'use strict';
/**
 * The tasks: created from a valid create body, they run for the task time (20% `pending`, then `processing`) and
 * end `completed` or `failed` as their markers say. A read computes the state from the clock, so it is exact
 * whatever the load; the end timer only fires the end events (callback, the tasks-in-flight gauge).
 */
const crypto = require('crypto');
const { TASK_ERROR_MESSAGES } = require('./errors');
const { markersOf } = require('./markers');
const { slimBody } = require('./request-log');

const PENDING_SHARE = 0.2; // share of the task time spent in `pending`
const FIELD_ORDER = ['id', 'task_id', 'status', 'model', 'created_at', 'progress', 'output', 'usage', 'metadata', 'error'];

/** The fields in the gateway's order (id first). */
function reorder(o) {
	const out = {};
	for (const k of FIELD_ORDER) if (o[k] !== undefined) out[k] = o[k];
	return out;
}

/** { phase: 'pending'|'processing'|'completed'|'failed', progress } of a task at `now`. */
function taskState(task, now) {
	if (task.forced) return { phase: task.forced, progress: task.forced === 'completed' ? 1 : task.forcedProgress };
	const elapsed = now - task.createdMs;
	const total = task.seconds * 1000;
	if (task.never) {
		const pendingMs = Math.max(0, total * PENDING_SHARE);
		if (elapsed < pendingMs) return { phase: 'pending', progress: 0 };
		// creeps towards 0.9 and stays below it
		const p = 0.9 * (1 - Math.exp(-(elapsed - pendingMs) / Math.max(1000, total || 1000)));
		return { phase: 'processing', progress: Math.round(p * 100) / 100 };
	}
	if (elapsed >= total) {
		return task.fail !== undefined ? { phase: 'failed', progress: 0.5 } : { phase: 'completed', progress: 1 };
	}
	const pendingMs = total * PENDING_SHARE;
	if (elapsed < pendingMs) return { phase: 'pending', progress: 0 };
	const p = (elapsed - pendingMs) / (total - pendingMs);
	return { phase: 'processing', progress: Math.min(0.99, Math.round(p * 100) / 100) };
}

/**
 * @param settings  { taskSeconds, keepBodies } (read at each create)
 * @param timers    simulator/timers.js
 * @param fileBase  () => the base URL of result videos
 * @param hooks     { created(task), ended(task) }: ended runs once per task, at its first end
 */
function createTaskStore({ settings, timers, fileBase, hooks }) {
	const tasks = new Map();

	function newId() {
		let id;
		do id = `task_${crypto.randomBytes(8).toString('hex')}`;
		while (tasks.has(id));
		return id;
	}

	/** The public JSON of a task in `state` (default: as it stands now); `[sim:status=...]` wins over any state. */
	function view(task, state = taskState(task, Date.now())) {
		const o = {};
		o[task.idField] = task.id;
		o.model = task.model;
		o.created_at = task.createdAt;
		o.metadata = Object.assign({}, task.metadata);
		const put = (status, progress) => {
			o.status = status;
			if (progress !== undefined) o.progress = progress;
		};
		if (task.fixedStatus) {
			put(task.fixedStatus, 0);
			return reorder(o);
		}
		if (state.phase === 'pending') put('pending', 0);
		else if (state.phase === 'processing') put(task.inProgress ? 'in_progress' : 'processing', state.progress);
		else if (state.phase === 'completed') {
			put('completed', 1);
			if (!task.novideo) {
				o.output = [{ content: [{ type: task.videotype, url: `${fileBase()}/files/${encodeURIComponent(task.id)}.mp4` }] }];
			}
			o.usage = { cost: '0.07', discount: 0 };
		} else {
			put('failed', state.progress);
			const msg = TASK_ERROR_MESSAGES[Number(task.fail)] || 'Generation failed';
			if (task.errorShape === 'string') o.error = `${msg} (code ${task.fail})`;
			else if (task.errorShape === 'message') o.error = { code: task.fail, message: msg };
			else o.error = { code: task.fail, error_message: msg };
		}
		return reorder(o);
	}

	function create(body, image) {
		const markers = markersOf(body);
		const now = Date.now();
		const task = {
			id: newId(),
			idField: markers.idField || 'id',
			model: body.model,
			createdMs: now,
			createdAt: Math.floor(now / 1000),
			seconds: markers.seconds !== undefined ? markers.seconds : settings.taskSeconds,
			never: !!markers.never,
			fixedStatus: markers.status || null,
			fail: markers.fail,
			errorShape: markers.errorShape || 'error_message',
			novideo: !!markers.novideo,
			videotype: markers.videotype || 'video',
			bigVideoMb: markers.bigvideo || null,
			inProgress: !!markers.inProgress,
			markers,
			metadata: body.payload !== undefined ? { payload: body.payload } : {},
			callbackUrl: typeof body.callback_url === 'string' && body.callback_url ? body.callback_url : null,
			request: settings.keepBodies ? body : slimBody(body),
			image,
			statusReads: 0,
			forced: null, // the phase it ended in ('completed' or 'failed'); null while it runs
			get ended() {
				return this.forced !== null;
			},
			endedMs: null,
			dueMs: null, // when the end timer is due; null for a task that only ends by finishTask
			timer: null,
		};
		tasks.set(task.id, task);
		hooks.created(task);
		if (!task.never && !task.fixedStatus) {
			const ms = Math.max(0, task.seconds * 1000);
			task.dueMs = now + ms;
			task.timer = timers.later(() => end(task), ms);
		}
		return task;
	}

	/**
	 * Ends a task in `outcome` ({ phase: 'completed'|'failed', progress }), by default as its markers say. Only the
	 * first end runs hooks.ended; a later one (finish on an ended task) only changes the outcome.
	 */
	function end(task, outcome) {
		const first = !task.ended;
		if (outcome) {
			task.forced = outcome.phase;
			task.forcedProgress = outcome.progress;
		} else if (first) {
			// timers may fire a hair early: the task is over now, whatever the clock says
			task.forced = task.fail !== undefined ? 'failed' : 'completed';
			task.forcedProgress = 0.5;
		}
		if (!first) return;
		task.endedMs = Date.now();
		timers.cancel(task.timer);
		task.timer = null;
		hooks.ended(task);
	}

	return {
		tasks,
		create,
		view,
		state: taskState,
		/** Ends a task now: completed, or failed with `fail` (an error code) when given. False if unknown. */
		finish(id, opts = {}) {
			const task = tasks.get(id);
			if (!task) return false;
			let outcome;
			if (opts.fail !== undefined && opts.fail !== null && opts.fail !== false) {
				task.fail = opts.fail === true ? 8007095 : opts.fail;
				outcome = { phase: 'failed', progress: taskState(task, Date.now()).progress || 0 };
			} else {
				delete task.fail;
				outcome = { phase: 'completed', progress: 1 };
			}
			task.fixedStatus = null;
			task.never = false;
			end(task, outcome);
			return true;
		},
		/** The tasks as the control API lists them. */
		list() {
			const now = Date.now();
			return [...tasks.values()].map((t) => ({
				id: t.id,
				seconds: t.seconds,
				createdMs: t.createdMs,
				dueMs: t.dueMs,
				endedMs: t.endedMs,
				markers: t.markers,
				statusReads: t.statusReads,
				ended: t.ended,
				callbackUrl: t.callbackUrl,
				image: t.image,
				request: t.request,
				view: view(t, taskState(t, now)),
			}));
		},
		/** The latest a timer ended a task after it was due, in ms (the simulator's own lateness under load). */
		maxEndLagMs() {
			let max = 0;
			for (const t of tasks.values()) if (t.dueMs !== null && t.endedMs !== null) max = Math.max(max, t.endedMs - t.dueMs);
			return max;
		},
		clear() {
			for (const t of tasks.values()) timers.cancel(t.timer);
			tasks.clear();
		},
	};
}

module.exports = { createTaskStore };
