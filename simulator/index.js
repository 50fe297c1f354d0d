'use strict';
/**
 * Local simulator of the Vtrix API (the Vidu video family, simulator/family.js), Node's http module only.
 * See simulator/README.md for the behaviour; docs/api-notes.md for the API it imitates. This file only assembles
 * the parts and holds the public object (simulator/index.d.ts).
 *
 *   const { startSimulator } = require('./simulator');
 *   const sim = await startSimulator({ port: 0, apiKey: 'sim-key', taskSeconds: 3 });
 */
const http = require('http');
const { createTimers } = require('./timers');
const { createStats } = require('./stats');
const { createRequestLog } = require('./request-log');
const { createTaskStore } = require('./tasks');
const { createFaultQueue } = require('./faults');
const { createThrottle, normalizeThrottle } = require('./create-throttle');
const { createCallbacks, normalizeDelivery } = require('./callbacks');
const { providerRoutes } = require('./provider-routes');
const { fileRoutes } = require('./files');
const { controlRoutes } = require('./control-routes');
const { createDispatcher } = require('./dispatch');
const { send } = require('./http-io');
const { errorBody } = require('./errors');

function readOptions(options) {
	const taskSeconds = options.taskSeconds === undefined ? 3 : Number(options.taskSeconds);
	if (!(taskSeconds >= 0)) throw new Error('taskSeconds must be a number >= 0');
	return {
		host: options.host || '127.0.0.1',
		port: options.port === undefined ? 0 : Number(options.port),
		apiKey: options.apiKey === undefined ? 'sim-key' : String(options.apiKey),
		taskSeconds,
		quiet: options.quiet === undefined ? true : !!options.quiet,
		keepBodies: !!options.keepBodies,
		maxLogEntries: options.maxLogEntries || 10000,
		callbackTimeoutMs: options.callbackTimeoutMs || 5000,
		callbackDelivery: normalizeDelivery(options.callbackDelivery),
		throttleCreates: options.throttleCreates ? normalizeThrottle(options.throttleCreates) : null,
		publicUrl: options.publicUrl || null,
	};
}

function listen(server, port, host) {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, host, () => {
			server.removeListener('error', reject);
			const addr = server.address();
			const hostForUrl = addr.family === 'IPv6' || addr.family === 6 ? `[${addr.address}]` : addr.address;
			resolve({ url: `http://${hostForUrl}:${addr.port}`, port: addr.port });
		});
	});
}

async function startSimulator(options = {}) {
	const initial = readOptions(options);
	// what the parts read as they run; taskSeconds changes at run time
	const settings = Object.assign({}, initial);
	const log = typeof options.logger === 'function' ? options.logger : (line) => console.log(line);
	const say = (line) => {
		if (!settings.quiet) log(`[vtrix-sim] ${line}`);
	};

	const timers = createTimers();
	const stats = createStats();
	const requestLog = createRequestLog(settings);
	const faults = createFaultQueue();
	const throttle = createThrottle();
	let baseUrl = '';
	const callbacks = createCallbacks({ settings, timers, stats, say, viewOf: (task) => store.view(task) });
	const store = createTaskStore({
		settings,
		timers,
		fileBase: () => settings.publicUrl || baseUrl,
		hooks: {
			created: () => stats.move('tasksInFlight', 1),
			ended: (task) => {
				stats.move('tasksInFlight', -1);
				say(`task ${task.id} ${task.forced}`);
				callbacks.taskEnded(task);
			},
		},
	});
	throttle.set(initial.throttleCreates);

	let control = null; // needs the public object, made once the server listens
	const onRequest = createDispatcher({
		requestLog,
		stats,
		faults,
		throttle,
		timers,
		say,
		routes: [providerRoutes({ settings, store, stats, say }), fileRoutes({ store, stats })],
		control: (...args) => control(...args),
	});
	const server = http.createServer((req, res) => {
		onRequest(req, res).catch((err) => {
			try {
				send(res, { status: 500, json: errorBody('500', `Simulator error: ${err.message}`) });
			} catch {
				/* the connection is gone */
			}
		});
	});
	server.keepAliveTimeout = 5000;
	server.requestTimeout = 0; // large uploads and hung requests are ours to manage
	server.headersTimeout = 60000;
	server.maxHeadersCount = 200;
	const { url, port } = await listen(server, initial.port, initial.host);
	baseUrl = url;

	let closing = null;
	const sim = {
		url,
		port,
		server,
		requests: requestLog.entries,
		tasks: store.tasks,
		callbacks: callbacks.log,
		get faults() {
			return faults.rules;
		},
		get taskSeconds() {
			return settings.taskSeconds;
		},
		get callbackDelivery() {
			return callbacks.delivery;
		},
		get createThrottle() {
			return throttle.describe();
		},
		inject(fault) {
			faults.add(fault);
			return sim;
		},
		clearFaults() {
			faults.clear();
			return sim;
		},
		setTaskSeconds(n) {
			const v = Number(n);
			if (!(v >= 0)) throw new Error('taskSeconds must be a number >= 0');
			settings.taskSeconds = v;
			return sim;
		},
		throttleCreates(opts) {
			throttle.set(opts);
			return sim;
		},
		setCallbackDelivery(opts) {
			callbacks.configure(opts);
			return sim;
		},
		finishTask(id, opts = {}) {
			return store.finish(id, opts);
		},
		deliverCallback(id, url) {
			const task = store.tasks.get(id);
			if (!task) return false;
			if (!callbacks.redeliver(task, url)) throw new Error(`task ${id} has no callback_url (give a url)`);
			return true;
		},
		taskView(id) {
			const t = store.tasks.get(id);
			return t ? store.view(t) : null;
		},
		stats() {
			const statusReadsByTask = {};
			for (const t of store.tasks.values()) if (t.statusReads) statusReadsByTask[t.id] = t.statusReads;
			return Object.assign(stats.snapshot(), {
				creates: store.tasks.size, // tasks are kept until reset, which also resets the counters
				tasks: store.tasks.size,
				statusReadsByTask,
				maxEndLagMs: store.maxEndLagMs(),
			});
		},
		concurrency(opts) {
			return stats.concurrency(opts);
		},
		reset() {
			store.clear();
			requestLog.clear();
			callbacks.reset();
			faults.clear();
			throttle.set(initial.throttleCreates);
			settings.taskSeconds = initial.taskSeconds;
			stats.reset({ tasksInFlight: 0 });
			return sim;
		},
		close() {
			if (closing) return closing;
			timers.cancelAll();
			closing = new Promise((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			});
			return closing;
		},
	};
	control = controlRoutes({ sim, store, requestLog, faults });
	return sim;
}

module.exports = { startSimulator };
