'use strict';
/** Plain-text tables for the live test's output. Pure. */

const MAX_CELL = 160;

/** `rows` (objects) as a table of `columns` ([key, heading] pairs); cells cut at 160 characters. */
function table(columns, rows) {
	const cell = (v) => {
		const s = String(v === undefined || v === null ? '' : v).replace(/\s+/g, ' ');
		return s.length > MAX_CELL ? `${s.slice(0, MAX_CELL - 1)}…` : s;
	};
	const cells = rows.map((r) => columns.map(([k]) => cell(r[k])));
	const widths = columns.map(([, h], i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
	const line = (values) => values.map((v, i) => v.padEnd(widths[i])).join(' | ').trimEnd();
	return [line(columns.map(([, h]) => h)), widths.map((w) => '-'.repeat(w)).join('-|-'), ...cells.map(line)].join('\n');
}

module.exports = { table };
