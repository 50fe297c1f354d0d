'use strict';
/** The provider's auth: `Authorization: Bearer <API key>`. */

function authorized(req, apiKey) {
	const h = req.headers.authorization;
	if (typeof h !== 'string') return false;
	const m = /^Bearer\s+(.+)$/i.exec(h.trim());
	return !!m && m[1] === apiKey;
}

/** The request headers with the key hidden, fit for a log. */
function redactHeaders(h) {
	const out = Object.assign({}, h);
	if (out.authorization !== undefined) out.authorization = 'Bearer ***';
	return out;
}

module.exports = { authorized, redactHeaders };
