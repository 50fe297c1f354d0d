'use strict';
/* Small helpers shared by the benchmark parts. */
const fs = require('fs');
const os = require('os');

const MB = 1024 * 1024;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function machine() {
	let cpu = os.cpus()[0]?.model ?? 'unknown';
	try {
		const m = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
		if (m) cpu = m[1].trim();
	} catch {
		/* not Linux */
	}
	return {
		cores: os.cpus().length,
		memoryGb: os.totalmem() / 1024 ** 3,
		node: process.version,
		cpu,
		os: `${os.type()} ${os.release()} ${os.arch()}`,
	};
}

/** Peak number of intervals [start, end) open at once. */
function peakOverlap(intervals) {
	const events = [];
	for (const [start, end] of intervals) events.push([start, 1], [end, -1]);
	events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let open = 0;
	let peak = 0;
	for (const [, delta] of events) {
		open += delta;
		peak = Math.max(peak, open);
	}
	return peak;
}

/**
 * What the simulator saw: creates, status reads per task, peak creates in flight (create requests open
 * at once), peak tasks running, the time from first to last create, and the mean time from a task's
 * end to the read that saw it ended (the last read of the task).
 */
function simFigures(sim) {
	const stats = sim.stats();
	const tasks = [...sim.tasks.values()];
	const lastRead = new Map();
	for (const r of sim.requests) {
		if (r.method === 'GET' && r.taskId && r.path.startsWith('/model/v1/generation/task/')) {
			lastRead.set(r.taskId, Math.max(lastRead.get(r.taskId) ?? 0, r.at));
		}
	}
	const lags = tasks
		.filter((t) => lastRead.has(t.id))
		.map((t) => lastRead.get(t.id) - (t.createdMs + t.seconds * 1000));
	return {
		creates: stats.creates,
		statusReads: stats.statusReads,
		readsPerTask: stats.creates ? stats.statusReads / stats.creates : 0,
		maxReadsOneTask: Math.max(0, ...Object.values(stats.statusReadsByTask)),
		peakInFlightCreates: stats.peakInFlightCreates,
		peakTasksRunning: peakOverlap(tasks.map((t) => [t.createdMs, t.createdMs + t.seconds * 1000])),
		meanLagMs: lags.length ? lags.reduce((a, b) => a + b, 0) / lags.length : null,
		createSpreadMs: tasks.length ? Math.max(...tasks.map((t) => t.createdMs)) - Math.min(...tasks.map((t) => t.createdMs)) : null,
	};
}

/** A markdown table (also fine as plain text). `align`: 'l' | 'r' per column. */
function table(headers, rows, align = headers.map((_, i) => (i === 0 ? 'l' : 'r'))) {
	const cells = [headers, ...rows].map((row) => row.map((c) => String(c ?? '')));
	const widths = headers.map((_, i) => Math.max(3, ...cells.map((row) => row[i].length)));
	const pad = (text, i) => (align[i] === 'r' ? text.padStart(widths[i]) : text.padEnd(widths[i]));
	const line = (row) => `| ${row.map((c, i) => pad(c, i)).join(' | ')} |`;
	const rule = `| ${widths.map((w, i) => (align[i] === 'r' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
	return [line(cells[0]), rule, ...cells.slice(1).map(line)].join('\n');
}

const fmt = (value, digits = 2) => (value === null || value === undefined ? '–' : Number(value).toFixed(digits));
const mb = (bytes, digits = 1) => (bytes === null || bytes === undefined ? '–' : (bytes / MB).toFixed(digits));
const verdict = (ok) => (ok ? 'PASS' : 'FAIL');

module.exports = { sleep, machine, simFigures, table, fmt, mb, verdict };
