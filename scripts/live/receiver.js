'use strict';
/**
 * A local HTTP server that records what arrives at VTRIX_LIVE_CALLBACK_URL, when that public URL reaches this
 * machine (a tunnel the maintainer runs to VTRIX_LIVE_CALLBACK_PORT). Answers 200 to every POST.
 */
const http = require('http');

const MAX_BODY = 5 * 1024 * 1024;

/** Starts listening on 127.0.0.1:port; resolves to { calls, close() }. Each call: { at, path, headers, text, json }. */
function startReceiver(port) {
	const calls = [];
	const server = http.createServer((req, res) => {
		const chunks = [];
		let size = 0;
		req.on('data', (c) => {
			size += c.length;
			if (size <= MAX_BODY) chunks.push(c);
		});
		req.on('end', () => {
			const text = Buffer.concat(chunks).toString('utf8');
			let json = null;
			try {
				json = JSON.parse(text);
			} catch {
				json = null;
			}
			calls.push({ at: Date.now(), method: req.method, path: req.url, headers: req.headers, text: text.slice(0, 2000), json });
			res.writeHead(200, { 'Content-Type': 'application/json' });
			res.end('{"ok":true}');
		});
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () => {
			resolve({ calls, port: server.address().port, close: () => new Promise((r) => server.close(() => r())) });
		});
	});
}

module.exports = { startReceiver };
