'use strict';
/*
 * Loaded into n8n with NODE_OPTIONS="--require <this file>" by install-paths.test.ts: when the process
 * exits it appends one JSON line to $VIDU_PROBE_FILE with every n8n-workflow package folder the process
 * loaded (CommonJS), and the n8n-workflow files this package's modules got from `require`: the copy the
 * node really runs on, as n8n resolved it.
 */
const fs = require('fs');

const file = process.env.VIDU_PROBE_FILE;
const PACKAGE_ROOT = /[\\/]node_modules[\\/]n8n-workflow(?=[\\/])/;

if (file) {
	process.on('exit', () => {
		const roots = new Set();
		const usedByNode = new Set();
		for (const [filename, mod] of Object.entries(require.cache)) {
			const root = PACKAGE_ROOT.exec(filename);
			if (root) roots.add(filename.slice(0, root.index + root[0].length));
			if (!/[\\/]n8n-nodes-vidu[\\/]dist[\\/]/.test(filename) || !mod) continue;
			for (const child of mod.children || []) if (PACKAGE_ROOT.test(child.filename)) usedByNode.add(child.filename);
		}
		const line = { pid: process.pid, argv: process.argv.slice(1, 3), roots: [...roots], usedByNode: [...usedByNode] };
		fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
	});
}
