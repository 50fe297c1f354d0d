'use strict';
/** The provider's API: create a task, read a task (docs/api-notes.md, Endpoints). */
const { validateCreateBody, CODES } = require('./validate');
const { authorized } = require('./auth');
const { errorBody } = require('./errors');
const { CREATE_PATH, TASK_PREFIX } = require('./endpoints');

/** Returns a route: (ctx) => a result for /model/v1/generation[/task/{id}], or null for any other path. */
function providerRoutes({ settings, store, stats, say }) {
	function createTask(ctx) {
		if (ctx.method !== 'POST') return { status: 405, headers: { Allow: 'POST' }, json: errorBody('405', 'Method not allowed') };
		const body = ctx.parsed;
		if (body === undefined) return { status: 400, json: errorBody(CODES.PARAM_INVALID, 'The request body is not valid JSON') };
		const v = validateCreateBody(body);
		if (!v.ok) return { status: 400, json: errorBody(v.code, v.message) };
		const task = store.create(body, v.image);
		ctx.entry.taskId = task.id;
		say(`created ${task.id} (${task.seconds}s${Object.keys(task.markers).length ? ` markers ${JSON.stringify(task.markers)}` : ''})`);
		// the create answer shows the task as created, even when its time is 0 and it has already ended
		return { status: 200, json: store.view(task, { phase: 'pending', progress: 0 }) };
	}

	function readTask(ctx) {
		if (ctx.method !== 'GET') return { status: 405, headers: { Allow: 'GET' }, json: errorBody('405', 'Method not allowed') };
		const raw = ctx.pathname.slice(TASK_PREFIX.length);
		let id;
		try {
			id = decodeURIComponent(raw);
		} catch {
			id = raw;
		}
		stats.count('statusReads');
		const task = store.tasks.get(id);
		if (!task) return { status: 404, json: errorBody('404', `Task not found: ${id}`) };
		ctx.entry.taskId = task.id;
		task.statusReads++;
		return { status: 200, json: store.view(task) };
	}

	return (ctx) => {
		const isCreate = ctx.pathname === CREATE_PATH;
		const isRead = ctx.pathname.startsWith(TASK_PREFIX);
		if (!isCreate && !isRead) return null;
		if (!authorized(ctx.req, settings.apiKey)) {
			return { status: 401, json: errorBody('401', 'Invalid or missing API key (Authorization: Bearer <key>)', { type: 'authentication_error' }) };
		}
		return isCreate ? createTask(ctx) : readTask(ctx);
	};
}

module.exports = { providerRoutes };
