'use strict';
/** Reading request bodies within the provider's 20 MB limit, and writing answers. */

const MAX_BODY = 20 * 1024 * 1024;
/** After a 413, keep discarding what the client still sends (so it can read the answer) up to this much more. */
const MAX_DISCARD_AFTER_413 = 64 * 1024 * 1024;

/**
 * Resolves with { buffer, bytes }, { tooLarge: true, bytes } (over MAX_BODY; the request is left paused) or
 * { aborted: true, bytes }.
 */
function readBody(req) {
	return new Promise((resolve) => {
		const declared = Number(req.headers['content-length']);
		if (Number.isFinite(declared) && declared > MAX_BODY) {
			resolve({ tooLarge: true, bytes: 0 }); // nothing read yet
			return;
		}
		// with a Content-Length, fill one buffer in place (no second copy of a 20 MB body)
		let fixed = Number.isFinite(declared) && declared > 0 ? Buffer.allocUnsafe(declared) : null;
		const chunks = [];
		let size = 0;
		let done = false;
		const finish = (result) => {
			if (done) return false;
			done = true;
			resolve(result);
			return true;
		};
		const onData = (c) => {
			if (done) return;
			if (fixed && size + c.length > fixed.length) {
				// more than announced: fall back to collecting chunks
				chunks.push(fixed.subarray(0, size));
				fixed = null;
			}
			size += c.length;
			if (size > MAX_BODY) {
				chunks.length = 0;
				fixed = null;
				req.removeListener('data', onData);
				req.pause(); // what comes next waits for discardRest (which counts it)
				finish({ tooLarge: true, bytes: size });
				return;
			}
			if (fixed) c.copy(fixed, size - c.length);
			else chunks.push(c);
		};
		req.on('data', onData);
		req.on('end', () => finish({ buffer: fixed ? fixed.subarray(0, size) : Buffer.concat(chunks, size), bytes: size }));
		req.on('error', () => finish({ aborted: true, bytes: size }));
		req.on('close', () => finish({ aborted: true, bytes: size }));
	});
}

/**
 * Let the client finish sending (discarding it) so it can read the 413, but never forever: up to
 * MAX_DISCARD_AFTER_413 bytes, counted as they arrive into the log entry's bodyBytes.
 */
function discardRest(req, entry) {
	let discarded = 0;
	req.on('data', (c) => {
		discarded += c.length;
		entry.bodyBytes += c.length;
		if (discarded > MAX_DISCARD_AFTER_413) req.socket.destroy();
	});
	req.resume();
}

/** A small JSON body (control API); `{}` when empty. Throws when it is too large, cut or not JSON. */
async function readJson(req) {
	const r = await readBody(req);
	if (r.tooLarge || r.aborted) {
		req.resume(); // drop the rest
		throw new Error('body too large or aborted');
	}
	const s = r.buffer.toString('utf8').trim();
	return s ? JSON.parse(s) : {};
}

const hasHeader = (headers, name) => Object.keys(headers).some((h) => h.toLowerCase() === name);

/**
 * Writes a result: { status, headers?, json? | text? | buffer?, head? } (`head`: headers only). Does nothing once
 * the answer has started or the connection is gone.
 */
function send(res, result) {
	if (res.headersSent || res.destroyed) return;
	const headers = Object.assign({}, result.headers || {});
	let data = null;
	if (result.json !== undefined) {
		data = Buffer.from(JSON.stringify(result.json));
		if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json';
	} else if (result.text !== undefined) {
		data = Buffer.from(String(result.text));
		if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'text/plain; charset=utf-8';
	} else if (result.buffer) {
		data = result.buffer;
	}
	if (data && !hasHeader(headers, 'content-length')) headers['Content-Length'] = data.length;
	res.writeHead(result.status, headers);
	if (result.head || !data) res.end();
	else res.end(data);
}

module.exports = { MAX_BODY, readBody, discardRest, readJson, send };
