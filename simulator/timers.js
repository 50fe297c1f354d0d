'use strict';
/** Timers that never keep the process alive and that close() can cancel all at once. */

function createTimers() {
	const pending = new Set();
	const timers = {
		later(fn, ms) {
			const t = setTimeout(() => {
				pending.delete(t);
				fn();
			}, ms);
			if (t.unref) t.unref();
			pending.add(t);
			return t;
		},
		cancel(t) {
			if (!t) return;
			clearTimeout(t);
			pending.delete(t);
		},
		sleep(ms) {
			return new Promise((resolve) => timers.later(resolve, ms));
		},
		cancelAll() {
			for (const t of pending) clearTimeout(t);
			pending.clear();
		},
	};
	return timers;
}

module.exports = { createTimers };
