'use strict';
/** The control API under /__sim (no auth, not logged, never faulted): what tests and other processes drive. */
const { readJson, send } = require('./http-io');
const { errorBody } = require('./errors');
const { CONTROL_PREFIX } = require('./endpoints');

const numberOrUndefined = (v) => (v === undefined || v === '' ? undefined : Number(v));

/** Returns (req, res, method, pathname, query) => answers a control request. `sim` is the public simulator object. */
function controlRoutes({ sim, store, requestLog, faults }) {
	const ok = (extra) => Object.assign({ ok: true }, extra);
	const routes = [
		['GET', '/health', () => ok({ url: sim.url, tasks: store.tasks.size, taskSeconds: sim.taskSeconds })],
		['GET', '/requests', ({ query }) => requestLog.list(query)],
		['GET', '/tasks', () => store.list()],
		['POST', /^\/tasks\/([^/]+)\/finish$/, async ({ req, match }) => {
			return sim.finishTask(decodeURIComponent(match[1]), await readJson(req)) ? ok() : null;
		}],
		['POST', /^\/tasks\/([^/]+)\/callback$/, async ({ req, match }) => {
			const b = await readJson(req);
			return sim.deliverCallback(decodeURIComponent(match[1]), b.url) ? ok() : null;
		}],
		['GET', '/stats', () => sim.stats()],
		['GET', '/concurrency', ({ query }) => sim.concurrency({ windowMs: numberOrUndefined(query.windowMs), since: numberOrUndefined(query.since) })],
		['GET', '/callbacks', () => sim.callbacks],
		['GET', '/faults', () => faults.list()],
		['POST', '/faults', async ({ req }) => {
			sim.inject(await readJson(req));
			return ok({ queued: sim.faults.length });
		}],
		['DELETE', '/faults', () => (sim.clearFaults(), ok())],
		['GET', '/throttle', () => ok({ throttle: sim.createThrottle })],
		['POST', '/throttle', async ({ req }) => (sim.throttleCreates(await readJson(req)), ok({ throttle: sim.createThrottle }))],
		['DELETE', '/throttle', () => (sim.throttleCreates(null), ok())],
		['POST', '/reset', () => (sim.reset(), ok())],
		['POST', '/config', async ({ req }) => {
			const b = await readJson(req);
			if (b.taskSeconds !== undefined) sim.setTaskSeconds(b.taskSeconds);
			if (b.callbackDelivery !== undefined) sim.setCallbackDelivery(b.callbackDelivery);
			return ok({ taskSeconds: sim.taskSeconds, callbackDelivery: sim.callbackDelivery });
		}],
	];

	return async (req, res, method, pathname, query) => {
		const json = (status, obj) => send(res, { status, json: obj });
		const route = pathname.slice(CONTROL_PREFIX.length) || '/';
		try {
			for (const [m, p, handle] of routes) {
				if (m !== method) continue;
				const match = typeof p === 'string' ? (p === route ? [route] : null) : p.exec(route);
				if (!match) continue;
				const out = await handle({ req, query, match });
				return out === null ? json(404, errorBody('404', 'Task not found')) : json(200, out);
			}
			return json(404, errorBody('404', `Unknown control route: ${method} ${pathname}`));
		} catch (err) {
			return json(400, errorBody('400', `Bad control request: ${err.message}`));
		}
	};
}

module.exports = { controlRoutes };
