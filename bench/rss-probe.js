'use strict';
/*
 * Loaded into the n8n processes of part 2b with NODE_OPTIONS="--require <this file>": when the
 * process exits it appends one JSON line to $BENCH_RSS_PROBE_FILE with its peak RSS as the kernel
 * counted it (getrusage ru_maxrss, the same as VmHWM), its command line, and the peaks of
 * process.memoryUsage() sampled every 10 ms.
 */
const fs = require('fs');

const file = process.env.BENCH_RSS_PROBE_FILE;
if (file) {
	// Also where the memory is: process.memoryUsage() every 10 ms (V8 heap, Buffers outside it).
	const peak = { heapUsed: 0, external: 0, arrayBuffers: 0, rss: 0 };
	const sample = () => {
		const m = process.memoryUsage();
		for (const key of Object.keys(peak)) peak[key] = Math.max(peak[key], m[key]);
	};
	setInterval(sample, 10).unref();
	// Diagnostic runs only (with --expose-gc): a young-generation GC every N ms, which frees the
	// ArrayBuffers of chunks already consumed, to tell garbage not yet collected from data held.
	const minorGcMs = Number(process.env.BENCH_RSS_PROBE_MINOR_GC_MS);
	if (minorGcMs > 0 && typeof global.gc === 'function') {
		setInterval(() => global.gc({ type: 'minor' }), minorGcMs).unref();
	}
	process.on('exit', () => {
		try {
			let hwmKb = null;
			const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
			if (m) hwmKb = Number(m[1]);
			const line = {
				pid: process.pid,
				argv: process.argv.slice(1).join(' '),
				maxRssKb: process.resourceUsage().maxRSS,
				hwmKb,
				sampledPeakBytes: peak,
			};
			fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
		} catch {
			/* never disturb the process */
		}
	});
}
