'use strict';
/**
 * The two calls of the live test, with Node's fetch: create a task, read a task (docs/api-notes.md, Endpoints).
 * Answers { status, json (parsed or null), text (first 500 characters, the key replaced by ***) }; a network
 * failure answers { status: null, error }. The key goes into the Authorization header only.
 */

const CREATE_PATH = '/model/v1/generation';
const READ_PATH = '/model/v1/generation/task/';
const REQUEST_TIMEOUT_MS = 60000;

/** `text` with every occurrence of `secret` replaced. */
function redact(text, secret) {
	if (!secret || typeof text !== 'string') return text;
	return text.split(secret).join('***');
}

function createGateway({ baseUrl, apiKey }) {
	async function call(method, path, body, key = apiKey) {
		try {
			const res = await fetch(`${baseUrl}${path}`, {
				method,
				headers: { Authorization: `Bearer ${key}`, ...(body ? { 'Content-Type': 'application/json' } : {}) },
				body: body ? JSON.stringify(body) : undefined,
				signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
			});
			const raw = await res.text();
			let json = null;
			try {
				json = JSON.parse(raw);
			} catch {
				json = null;
			}
			return { status: res.status, json, text: redact(raw.slice(0, 500), apiKey) };
		} catch (err) {
			return { status: null, json: null, error: redact(String((err && err.cause && err.cause.message) || err.message || err), apiKey) };
		}
	}

	return {
		create: (body) => call('POST', CREATE_PATH, body),
		read: (id) => call('GET', `${READ_PATH}${encodeURIComponent(id)}`),
		/** A read with a key that cannot be valid: what an invalid key gets. */
		readWithWrongKey: (id) => call('GET', `${READ_PATH}${encodeURIComponent(id)}`, undefined, 'invalid-key-for-the-live-test'),
	};
}

module.exports = { createGateway, redact, CREATE_PATH, READ_PATH };
