'use strict';
/**
 * The create throttle: for a while, the gateway answers 429 to a share of the creates, as under a rate limit.
 * The refusals are spread evenly and the same every run: with `fraction: 0.25`, the 1st, 5th, 9th, ... create of the
 * window is refused. A refused create never reaches the API: no task is created.
 */
const { errorBody } = require('./errors');

/** Checked settings: { fraction (0..1], seconds (> 0; absent = until cleared), retryAfter (seconds; null = no header) }. */
function normalizeThrottle(opts) {
	if (!opts || typeof opts !== 'object' || Array.isArray(opts)) throw new Error('the create throttle must be an object');
	for (const k of Object.keys(opts)) {
		if (!['fraction', 'seconds', 'retryAfter'].includes(k)) throw new Error(`unknown create throttle setting: ${k}`);
	}
	const fraction = Number(opts.fraction);
	if (!(fraction > 0 && fraction <= 1)) throw new Error('throttle.fraction must be a number in (0, 1]');
	const seconds = opts.seconds === undefined || opts.seconds === null ? null : Number(opts.seconds);
	if (seconds !== null && !(seconds > 0)) throw new Error('throttle.seconds must be a number > 0');
	const retryAfter = opts.retryAfter === undefined ? 1 : opts.retryAfter === null ? null : Number(opts.retryAfter);
	if (retryAfter !== null && !(Number.isInteger(retryAfter) && retryAfter >= 0)) {
		throw new Error('throttle.retryAfter must be an integer >= 0 or null');
	}
	return { fraction, seconds, retryAfter };
}

function createThrottle() {
	let window = null; // { fraction, seconds, retryAfter, from, until, seen, refused }

	return {
		/** Starts a throttle window now (replacing any), or stops it with null. */
		set(opts) {
			if (opts === null || opts === undefined) {
				window = null;
				return;
			}
			const t = normalizeThrottle(opts);
			const from = Date.now();
			window = Object.assign(t, { from, until: t.seconds === null ? null : from + t.seconds * 1000, seen: 0, refused: 0 });
		},
		/** The window as it stands (null when none was set), `active` false once it is over. */
		describe() {
			if (!window) return null;
			return Object.assign({}, window, { active: window.until === null || Date.now() < window.until });
		},
		/** For a create that just arrived: the 429 answer when the throttle refuses it, else null. */
		take() {
			if (!window || (window.until !== null && Date.now() >= window.until)) return null;
			const n = ++window.seen;
			const due = (k) => Math.ceil(k * window.fraction - 1e-9); // refusals due among the first k creates
			if (due(n) === due(n - 1)) return null;
			window.refused++;
			const headers = window.retryAfter === null ? {} : { 'Retry-After': String(window.retryAfter) };
			return { status: 429, headers, json: errorBody('429', 'Too many requests: rate limit exceeded, retry later') };
		},
	};
}

module.exports = { createThrottle, normalizeThrottle };
