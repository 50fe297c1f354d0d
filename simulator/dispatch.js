'use strict';
/**
 * One API request from arrival to answer: logged and counted, then a fault rule or the create throttle may take
 * it; otherwise the routes answer it.
 */
const { readBody, discardRest, send, MAX_BODY } = require('./http-io');
const { errorBody } = require('./errors');
const { faultLogEntry } = require('./faults');
const { CREATE_PATH, CONTROL_PREFIX } = require('./endpoints');

function parseUrl(raw) {
	try {
		const u = new URL(raw, 'http://sim.local');
		return { pathname: u.pathname, query: Object.fromEntries(u.searchParams) };
	} catch {
		return { pathname: raw, query: {} };
	}
}

/** A parsed JSON body, or undefined when it is empty or not JSON. */
function parseJson(buffer) {
	if (!buffer.length) return undefined;
	try {
		return JSON.parse(buffer.toString('utf8'));
	} catch {
		return undefined;
	}
}

/**
 * @param routes   (ctx) => result | null, tried in order
 * @param control  the control API handler
 */
function createDispatcher({ requestLog, stats, faults, throttle, timers, routes, control, say }) {
	/** Counts the request in the gauges until its answer is out or its connection is gone. */
	function track(req, res, entry, isCreate) {
		stats.count('requests');
		stats.move('inFlightRequests', 1);
		if (isCreate) {
			stats.count('createRequests');
			stats.move('inFlightCreates', 1);
		}
		let closed = false;
		const onDone = () => {
			if (closed) return;
			closed = true;
			stats.move('inFlightRequests', -1);
			if (isCreate) stats.move('inFlightCreates', -1);
			entry.ms = Date.now() - entry.at;
			const answer = entry.status === null ? (entry.fault ? `(${entry.fault.kind})` : '(no answer)') : entry.status;
			say(`${entry.method} ${entry.path} -> ${answer} ${entry.ms}ms`);
		};
		res.on('finish', () => {
			entry.status = res.statusCode;
			onDone();
		});
		res.on('close', onDone);
	}

	/** The fault rule or throttle refusal that takes this request, noted in its log entry; null if none. */
	function takeFault(method, pathname, isCreate, entry) {
		const rule = faults.take(method, pathname);
		if (rule) {
			stats.count('faultsApplied');
			entry.fault = faultLogEntry(rule);
			return rule;
		}
		const refusal = isCreate ? throttle.take() : null;
		if (!refusal) return null;
		stats.count('throttledCreates');
		entry.fault = { kind: 'throttle', status: refusal.status };
		return { status: refusal.status, answer: refusal };
	}

	async function answer(ctx, fault) {
		let result;
		try {
			result = null;
			for (const route of routes) if ((result = route(ctx))) break;
			if (!result) result = { status: 404, json: errorBody('404', `Not found: ${ctx.method} ${ctx.pathname}`) };
		} catch (err) {
			result = { status: 500, json: errorBody('500', `Simulator error: ${err.message}`) };
		}
		if (fault && fault.destroy === 'after') {
			ctx.req.socket.destroy();
			return;
		}
		if (result.stream && !result.head) {
			ctx.res.writeHead(result.status, result.headers);
			await result.stream(ctx.res);
			return;
		}
		send(ctx.res, result);
	}

	return async function onRequest(req, res) {
		const started = Date.now();
		const method = req.method;
		const { pathname, query } = parseUrl(req.url);
		if (pathname === CONTROL_PREFIX || pathname.startsWith(`${CONTROL_PREFIX}/`)) {
			await control(req, res, method, pathname, query);
			return;
		}
		const isCreate = pathname === CREATE_PATH && method === 'POST';
		const entry = requestLog.open(req, pathname, query, started);
		track(req, res, entry, isCreate);

		const fault = takeFault(method, pathname, isCreate, entry);
		if (fault && fault.destroy === 'before') {
			req.socket.destroy();
			return;
		}
		if (fault && fault.hang) {
			req.resume(); // never answered; close() cuts it
			return;
		}

		const r = await readBody(req);
		entry.bodyBytes = r.bytes;
		if (r.aborted) return;
		if (r.tooLarge) {
			// no `Connection: close`: Node would then destroy the socket as soon as the answer is out, cutting off the
			// client still sending; discardRest reads the rest and cuts only past its cap
			send(res, { status: 413, json: errorBody('413', `Request body over ${MAX_BODY} bytes (20 MB)`) });
			discardRest(req, entry);
			return;
		}
		const parsed = parseJson(r.buffer);
		if (r.buffer.length) requestLog.body(entry, parsed, r.buffer);
		r.buffer = null; // let the raw bytes go early (big inline images)

		if (fault && fault.delayMs) {
			await timers.sleep(fault.delayMs);
			if (res.destroyed) return;
		}
		if (fault && fault.status) {
			send(res, faultAnswer(fault));
			return;
		}
		await answer({ method, pathname, query, req, res, entry, parsed }, fault);
	};
}

/** The answer of a fault rule with a status, or of a throttle refusal. */
function faultAnswer(fault) {
	if (fault.answer) return fault.answer;
	const result = { status: fault.status, headers: fault.headers || {} };
	if (fault.body === undefined) result.json = errorBody(String(fault.status), `Injected fault: HTTP ${fault.status}`);
	else if (typeof fault.body === 'string') result.text = fault.body;
	else result.json = fault.body;
	return result;
}

module.exports = { createDispatcher };
