'use strict';
/**
 * What the simulator counts. A counter or gauge is declared once, in COUNTERS or GAUGES; `snapshot()` lists them
 * all. Gauges (things in progress) also keep their peak and a timeline of every change, so a test can see how a
 * client's concurrency moved over time.
 */

const COUNTERS = [
	'requests', // API requests (control requests are not counted)
	'createRequests', // POST create requests, refused ones included
	'statusReads', // authorized task reads
	'fileDownloads', // result videos served
	'faultsApplied', // requests a fault rule took
	'throttledCreates', // creates refused by the create throttle
	'callbacksSent', // callback deliveries the receiver answered (any status)
];

/** name -> the name of its peak in the snapshot. */
const GAUGES = {
	inFlightRequests: 'peakInFlightRequests', // API requests open
	inFlightCreates: 'peakInFlightCreates', // create requests open (received, not yet answered)
	tasksInFlight: 'peakTasksInFlight', // tasks created and not yet ended
};

const TIMELINE_CAP = 200000;

function createStats() {
	const counters = {};
	const gauges = {};
	for (const name of Object.keys(GAUGES)) gauges[name] = { value: 0, peak: 0, timeline: [] };

	const record = (g, now) => {
		if (g.timeline.length >= TIMELINE_CAP) g.timeline.splice(0, TIMELINE_CAP / 10);
		g.timeline.push([now, g.value]);
	};
	const gauge = (name) => {
		const g = gauges[name];
		if (!g) throw new Error(`unknown gauge ${name}`);
		return g;
	};

	const stats = {
		count(name) {
			if (!(name in counters)) throw new Error(`unknown counter ${name}`);
			counters[name]++;
		},
		/** Moves a gauge by `delta` (+1 when something starts, -1 when it ends). */
		move(name, delta) {
			const g = gauge(name);
			g.value += delta;
			if (g.value > g.peak) g.peak = g.value;
			record(g, Date.now());
		},
		/** Counters to 0; peaks and timelines start again from what is in progress now (`inProgress` overrides). */
		reset(inProgress = {}) {
			for (const name of COUNTERS) counters[name] = 0;
			const now = Date.now();
			for (const [name, g] of Object.entries(gauges)) {
				if (inProgress[name] !== undefined) g.value = inProgress[name];
				g.peak = g.value;
				g.timeline = [];
				record(g, now);
			}
		},
		/** Every counter, every gauge's value and peak. */
		snapshot() {
			const out = Object.assign({}, counters);
			for (const [name, peakName] of Object.entries(GAUGES)) {
				out[name] = gauges[name].value;
				out[peakName] = gauges[name].peak;
			}
			return out;
		},
		/**
		 * The gauges over time: each one's value now, its peak, its timeline ([ms, value] at every change), and with
		 * `windowMs` the min and max of each in consecutive windows from `since` (default: the first record) to now.
		 */
		concurrency({ windowMs, since } = {}) {
			const now = Date.now();
			const out = { at: now, gauges: {}, windows: undefined };
			for (const [name, g] of Object.entries(gauges)) {
				out.gauges[name] = { now: g.value, peak: g.peak, timeline: g.timeline.map((p) => p.slice()) };
			}
			if (windowMs > 0) out.windows = windows(gauges, Number(windowMs), since, now);
			return out;
		},
	};
	stats.reset();
	return stats;
}

/** Min and max of every gauge per window; a window starts with the value carried over from before it. */
function windows(gauges, windowMs, since, now) {
	const start = Number.isFinite(since) ? since : Math.min(...Object.values(gauges).map((g) => g.timeline[0][0]));
	const count = Math.min(10000, Math.max(1, Math.ceil((now - start + 1) / windowMs)));
	const list = [];
	for (let i = 0; i < count; i++) list.push({ from: start + i * windowMs, to: start + (i + 1) * windowMs });
	for (const [name, g] of Object.entries(gauges)) {
		let k = 0;
		let value = 0; // before the first record nothing was in progress
		for (const w of list) {
			while (k < g.timeline.length && g.timeline[k][0] < w.from) value = g.timeline[k++][1];
			let min = value;
			let max = value;
			while (k < g.timeline.length && g.timeline[k][0] < w.to) {
				value = g.timeline[k++][1];
				if (value < min) min = value;
				if (value > max) max = value;
			}
			w[name] = { min, max };
		}
	}
	return list;
}

module.exports = { createStats };
