'use strict';
/**
 * Callbacks as the provider sends them: when a task ends, a POST of the task (the same JSON as a read of it) to
 * its `callback_url` (docs/api-notes.md, Callbacks). Deliveries can be repeated, late, and retried on a non-2xx
 * answer, like the provider's; each one is logged. Only loopback receivers are ever called.
 */
const http = require('http');
const https = require('https');
const dns = require('dns');
const net = require('net');

const DELIVERY_DEFAULTS = Object.freeze({
	copies: 1, // deliveries of each callback even when answered 2xx (the provider sending the same task again)
	intervalMs: 1000, // between two copies
	delayMs: 0, // from the task's end to the first delivery
	retries: 0, // further attempts of a delivery the receiver did not answer 2xx (or could not be reached)
	retryDelayMs: 1000,
	lost: 0, // 1: every delivery is lost on the way (logged, never sent): a call that never arrives
});

/**
 * Two providers by name. The gateway documents no retry policy (docs/api-notes.md): `once` is the
 * weakest one a receiver must survive, `retrying` the Vidu-like one (4 more attempts, 3 s apart).
 */
const PROVIDERS = Object.freeze({
	once: Object.freeze({ copies: 1, retries: 0 }),
	retrying: Object.freeze({ copies: 1, retries: 4, retryDelayMs: 3000 }),
});

/** `base` with the settings in `opts` (all optional) checked and applied. */
function normalizeDelivery(opts, base = DELIVERY_DEFAULTS) {
	if (opts === undefined || opts === null) return Object.assign({}, base);
	if (typeof opts === 'string') {
		if (!Object.prototype.hasOwnProperty.call(PROVIDERS, opts)) {
			throw new Error(`unknown callback provider "${opts}" (expected ${Object.keys(PROVIDERS).join(' or ')})`);
		}
		return Object.assign({}, DELIVERY_DEFAULTS, PROVIDERS[opts]);
	}
	if (typeof opts !== 'object' || Array.isArray(opts)) throw new Error('callback delivery settings must be an object');
	const out = Object.assign({}, base);
	for (const [k, v] of Object.entries(opts)) {
		if (!(k in DELIVERY_DEFAULTS)) throw new Error(`unknown callback delivery setting: ${k}`);
		const n = Number(v);
		const min = k === 'copies' ? 1 : 0;
		if (!Number.isInteger(n) || n < min) throw new Error(`callback delivery ${k} must be an integer >= ${min}`);
		out[k] = n;
	}
	return out;
}

function isLoopbackAddress(address) {
	if (net.isIPv4(address)) return address.startsWith('127.');
	if (net.isIPv6(address)) return address === '::1' || /^::ffff:127\./i.test(address);
	return false;
}

/** DNS lookup that only ever yields loopback addresses (for `localhost`). */
function loopbackLookup(hostname, options, callback) {
	dns.lookup(hostname, Object.assign({}, options, { all: true }), (err, addresses) => {
		if (err) return callback(err);
		const ok = addresses.filter((a) => isLoopbackAddress(a.address));
		if (!ok.length) return callback(new Error(`${hostname} does not resolve to a loopback address`));
		if (options && options.all) return callback(null, ok);
		callback(null, ok[0].address, ok[0].family);
	});
}

/** The URL to deliver to, or the reason it is refused. */
function checkUrl(raw) {
	let u;
	try {
		u = new URL(raw);
	} catch {
		return { error: 'invalid URL' };
	}
	if (u.protocol !== 'http:' && u.protocol !== 'https:') return { error: `unsupported protocol ${u.protocol}` };
	const host = u.hostname.replace(/^\[|\]$/g, '');
	if (host !== 'localhost' && !isLoopbackAddress(host)) return { error: `refused: ${host} is not a loopback address` };
	return { url: u };
}

/**
 * @param settings  { callbackTimeoutMs, callbackDelivery (the start value of the delivery settings) }
 * @param viewOf    (task) => the task's JSON as a read answers it now
 */
function createCallbacks({ settings, timers, stats, viewOf, say }) {
	const log = [];
	let delivery = settings.callbackDelivery;

	/** One POST; resolves with the log entry once it is answered or has failed. */
	function post(task, rawUrl, kind, attempt) {
		const entry = { taskId: task.id, url: rawUrl, kind, attempt, status: null, error: null, at: Date.now(), ms: null };
		log.push(entry);
		const target = checkUrl(rawUrl);
		if (delivery.lost) {
			entry.error = 'lost on the way (simulated)';
			entry.lost = true;
			say(`callback ${task.id} (${kind} ${attempt}) -> lost`);
			return Promise.resolve(entry);
		}
		if (target.error) {
			entry.error = target.error;
			entry.refused = true;
			return Promise.resolve(entry);
		}
		entry.body = viewOf(task);
		const payload = Buffer.from(JSON.stringify(entry.body));
		const lib = target.url.protocol === 'https:' ? https : http;
		return new Promise((resolve) => {
			const done = (err) => {
				if (entry.ms !== null) return;
				entry.ms = Date.now() - entry.at;
				if (err) entry.error = err.message || String(err);
				say(`callback ${task.id} (${kind} ${attempt}) -> ${entry.status === null ? entry.error : entry.status}`);
				resolve(entry);
			};
			try {
				const req = lib.request(
					target.url,
					{
						method: 'POST',
						headers: { 'content-type': 'application/json', 'content-length': payload.length, 'user-agent': 'vtrix-simulator' },
						timeout: settings.callbackTimeoutMs,
						lookup: loopbackLookup,
					},
					(res) => {
						entry.status = res.statusCode;
						stats.count('callbacksSent');
						res.on('end', () => done());
						res.on('error', done);
						res.on('close', () => done());
						res.resume();
					},
				);
				req.on('timeout', () => req.destroy(new Error('callback timed out')));
				req.on('error', done);
				req.end(payload);
			} catch (err) {
				done(err);
			}
		});
	}

	/** One delivery: a POST, then up to `retries` more while the receiver does not answer 2xx. */
	async function deliver(task, url, kind, settingsNow) {
		for (let attempt = 1; attempt <= settingsNow.retries + 1; attempt++) {
			if (attempt > 1) await timers.sleep(settingsNow.retryDelayMs);
			const entry = await post(task, url, attempt > 1 ? 'retry' : kind, attempt);
			if (entry.refused || entry.lost || (entry.status >= 200 && entry.status < 300)) return;
		}
	}

	return {
		log,
		get delivery() {
			return Object.assign({}, delivery);
		},
		/** Changes the delivery settings (only the fields given); throws on a bad one. */
		configure(opts) {
			delivery = normalizeDelivery(opts, delivery);
		},
		/** At a task's end: its callback, `copies` times, the first after `delayMs`. */
		taskEnded(task) {
			if (!task.callbackUrl) return;
			const d = delivery;
			for (let copy = 0; copy < d.copies; copy++) {
				const wait = d.delayMs + copy * d.intervalMs;
				const go = () => deliver(task, task.callbackUrl, copy === 0 ? 'end' : 'copy', d);
				if (wait > 0) timers.later(go, wait);
				else go();
			}
		},
		/** Delivers a task's callback now (to `url`, default its own); false when there is nowhere to send it. */
		redeliver(task, url) {
			const target = url || task.callbackUrl;
			if (!target) return false;
			deliver(task, target, 'manual', delivery);
			return true;
		},
		reset() {
			log.length = 0;
			delivery = settings.callbackDelivery;
		},
	};
}

module.exports = { createCallbacks, normalizeDelivery, PROVIDERS };
