'use strict';
/** The log of API requests (`sim.requests`): one entry per request, bodies kept small. */
const { dataUrlInfo } = require('./validate');
const { authorized, redactHeaders } = require('./auth');

/** A data URL cut to a short stub; anything else as is. */
function slimString(v) {
	if (typeof v !== 'string' || v.length <= 120 || !/^data:/i.test(v)) return v;
	const comma = v.indexOf(',');
	const head = comma >= 0 && comma < 100 ? v.slice(0, comma + 1) : v.slice(0, 40);
	return `${head}${v.slice(head.length, head.length + 32)}...[${v.length} chars]`;
}

const slimList = (list) => (Array.isArray(list) ? list.map(slimString) : list);

/** Copy of a create body that is small enough to keep: inline image and video data is cut. */
function slimBody(body) {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
	const out = Object.assign({}, body);
	if (Array.isArray(body.images)) out.images = slimList(body.images);
	if (Array.isArray(body.videos)) out.videos = slimList(body.videos);
	if (Array.isArray(body.subjects)) {
		out.subjects = body.subjects.map((s) => (s && typeof s === 'object' && Array.isArray(s.images) ? Object.assign({}, s, { images: slimList(s.images) }) : s));
	}
	return out;
}

/** What the first image of a create body is: its size and type when inline, its URL otherwise. */
function imageInfo(body) {
	const res = { imageBytes: null, imageMime: null };
	if (!body || typeof body !== 'object' || !Array.isArray(body.images) || typeof body.images[0] !== 'string') return res;
	const img = body.images[0];
	const d = dataUrlInfo(img);
	if (d) {
		res.imageMime = d.mime || null;
		res.imageBytes = Math.max(0, d.bytes);
	} else if (/^https?:\/\//i.test(img)) {
		res.imageUrl = img;
	}
	return res;
}

function createRequestLog(settings) {
	const entries = [];
	return {
		entries,
		/** A new entry for a request that just arrived, already in the log. */
		open(req, pathname, query, started) {
			const entry = {
				method: req.method,
				path: pathname,
				query,
				headers: redactHeaders(req.headers),
				authorization: req.headers.authorization === undefined ? null : req.headers.authorization,
				authOk: authorized(req, settings.apiKey),
				body: null,
				bodyBytes: 0,
				status: null,
				at: started,
			};
			entries.push(entry);
			if (entries.length > settings.maxLogEntries) entries.splice(0, entries.length - settings.maxLogEntries);
			return entry;
		},
		/** Records a body that is JSON (`parsed`), or the start of one that is not. */
		body(entry, parsed, buffer) {
			if (parsed !== undefined) {
				Object.assign(entry, imageInfo(parsed));
				entry.body = settings.keepBodies ? parsed : slimBody(parsed);
			} else {
				entry.rawBody = buffer.subarray(0, 200).toString('utf8');
			}
		},
		/** Entries as the control API lists them, copied so callers cannot change the log. */
		list(filter = {}) {
			let list = entries;
			if (filter.path) list = list.filter((e) => e.path.startsWith(filter.path));
			if (filter.method) list = list.filter((e) => e.method === String(filter.method).toUpperCase());
			return list.map((e) => Object.assign({}, e, { headers: Object.assign({}, e.headers) }));
		},
		clear() {
			entries.length = 0;
		},
	};
}

module.exports = { createRequestLog, slimBody };
