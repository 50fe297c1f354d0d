'use strict';
/**
 * Validation of the create-task body for viduq2_turbo_img2video, following docs/api-notes.md. Returns
 * { ok: true, image } or { ok: false, code, message } (code is the documented string with its leading zeros,
 * e.g. '008007002').
 */
const { sniffImage } = require('./images');

const MODEL = 'viduq2_turbo_img2video';
const CODES = {
	PROMPT_MISSING: '008007001',
	PARAM_INVALID: '008007002',
	STYLE_INVALID: '008007003',
	DURATION_INVALID: '008007004',
	RESOLUTION_INVALID: '008007005',
};
const PROMPT_MAX = 2000;
const PAYLOAD_MAX = 1048576;
const IMAGE_MAX_BYTES = 50 * 1024 * 1024;
const RESOLUTIONS = ['540p', '720p', '1080p'];
const AMPLITUDES = ['auto', 'small', 'medium', 'large'];
const BOOLEANS = ['audio', 'is_rec', 'bgm', 'off_peak', 'watermark'];
const STRINGS = ['voice_id', 'wm_url', 'callback_url'];
const KNOWN = new Set([
	'model', 'images', 'prompt', 'audio', 'voice_id', 'is_rec', 'bgm', 'duration', 'seed', 'resolution', 'payload',
	'off_peak', 'watermark', 'wm_position', 'wm_url', 'callback_url', 'movement_amplitude',
]);
const DATA_URL = /^data:([^;,]*);base64,/i;
const DATA_MIMES = ['image/png', 'image/jpeg', 'image/webp'];
let scratch = null;

/** Length in unicode code points, without building an array. */
function codePoints(s) {
	let n = 0;
	for (let i = 0; i < s.length; i++) {
		const c = s.charCodeAt(i);
		if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
			const d = s.charCodeAt(i + 1);
			if (d >= 0xdc00 && d <= 0xdfff) i++;
		}
		n++;
	}
	return n;
}

/**
 * A `data:<mime>;base64,<data>` string: its declared type (as written, maybe empty), where the data starts, and how
 * many bytes the base64 decodes to, from its length and padding (no decoding; meaningless if the base64 is invalid).
 * null when the string is not of that form.
 */
function dataUrlInfo(s) {
	const m = DATA_URL.exec(s);
	if (!m) return null;
	const start = m[0].length;
	const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
	return { mime: m[1], start, bytes: Math.floor(((s.length - start) * 3) / 4) - pad };
}

const fail = (code, message) => ({ ok: false, code, message });
const bad = (message) => fail(CODES.PARAM_INVALID, message);
const typeName = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function checkImage(img) {
	if (typeof img !== 'string') return bad(`images[0] must be a string (URL or data URL), got ${typeName(img)}`);
	if (/^https?:\/\//i.test(img)) {
		let u;
		try {
			u = new URL(img);
		} catch {
			return bad('images[0] is not a valid URL');
		}
		if (!u.hostname) return bad('images[0] is not a valid URL');
		return { ok: true, image: { kind: 'url', url: img } };
	}
	if (!/^data:/i.test(img)) return bad('images[0] must be an http(s) URL or a data URL (data:image/<png|jpeg|webp>;base64,...)');
	const d = dataUrlInfo(img);
	if (!d) return bad('images[0]: data URL must be of the form data:image/<png|jpeg|webp>;base64,<data>');
	const declared = d.mime.trim().toLowerCase();
	if (!declared) return bad('images[0]: the data URL has no content type (data:image/<png|jpeg|webp>;base64,... is required)');
	if (!DATA_MIMES.includes(declared)) return bad(`images[0]: unsupported content type ${declared} (use image/png, image/jpeg or image/webp)`);
	const b64 = img.slice(d.start);
	if (!b64.length) return bad('images[0]: the data URL holds no data');
	// Node's decoder skips characters outside the alphabet and accepts the URL-safe one: check both cheaply
	// (a regular expression over 20 MB would cost ~100 ms per request)
	if (b64.length % 4 === 1 || b64.indexOf('-') >= 0 || b64.indexOf('_') >= 0) return bad('images[0]: the data URL is not valid base64');
	const expected = d.bytes;
	if (expected > IMAGE_MAX_BYTES) return bad('images[0]: image larger than 50 MB');
	// decode into one shared scratch buffer (validation is synchronous), so 50 concurrent 15 MB uploads do not
	// each leave a 15 MB buffer behind for the garbage collector
	if (!scratch || scratch.length < expected) scratch = Buffer.allocUnsafe(Math.max(expected, 1024 * 1024));
	const written = scratch.write(b64, 0, 'base64');
	if (written !== expected) return bad('images[0]: the data URL is not valid base64');
	const bytes = scratch.subarray(0, written);
	const info = sniffImage(bytes);
	if (!info) return bad('images[0]: the data is not a PNG, JPEG or WebP image');
	if (info.mime !== declared) return bad(`images[0]: declared ${declared} but the data is ${info.mime}`);
	if (info.error) return bad(`images[0]: ${info.error}`);
	const ratio = info.width / info.height;
	if (ratio < 1 / 4 || ratio > 4) {
		return bad(`images[0]: aspect ratio ${info.width}x${info.height} is outside 1:4 .. 4:1`);
	}
	return { ok: true, image: { kind: 'data', mime: declared, bytes: bytes.length, width: info.width, height: info.height } };
}

function validateCreateBody(body) {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) return bad('the request body must be a JSON object');
	if (body.model === undefined) return bad('model is required');
	if (body.model !== MODEL) return bad(`model must be ${MODEL}`);
	for (const k of Object.keys(body)) {
		if (!KNOWN.has(k)) return bad(`unknown parameter: ${k}`);
	}
	// images
	if (body.images === undefined) return bad('images is required');
	if (!Array.isArray(body.images)) return bad('images must be an array');
	if (body.images.length !== 1) return bad(`images must hold exactly one image, got ${body.images.length}`);
	const img = checkImage(body.images[0]);
	if (!img.ok) return img;
	// prompt (optional on this model)
	if (body.prompt !== undefined) {
		if (typeof body.prompt !== 'string') return bad(`prompt must be a string, got ${typeName(body.prompt)}`);
		if (body.prompt.trim() === '' && body.is_rec !== true) {
			return fail(CODES.PROMPT_MISSING, 'prompt is empty (omit it, or give a text)');
		}
		if (codePoints(body.prompt) > PROMPT_MAX) return bad(`prompt longer than ${PROMPT_MAX} characters`);
	}
	// duration
	if (body.duration !== undefined) {
		const d = body.duration;
		if (typeof d !== 'number' || !Number.isInteger(d) || d < 1 || d > 10) {
			return fail(CODES.DURATION_INVALID, 'duration must be an integer from 1 to 10');
		}
	}
	// resolution
	if (body.resolution !== undefined && !RESOLUTIONS.includes(body.resolution)) {
		return fail(CODES.RESOLUTION_INVALID, 'resolution must be one of 540p, 720p, 1080p');
	}
	// movement_amplitude
	if (body.movement_amplitude !== undefined && !AMPLITUDES.includes(body.movement_amplitude)) {
		return fail(CODES.STYLE_INVALID, 'movement_amplitude must be one of auto, small, medium, large');
	}
	for (const k of BOOLEANS) {
		if (body[k] !== undefined && typeof body[k] !== 'boolean') return bad(`${k} must be a boolean, got ${typeName(body[k])}`);
	}
	for (const k of STRINGS) {
		if (body[k] !== undefined && typeof body[k] !== 'string') return bad(`${k} must be a string, got ${typeName(body[k])}`);
	}
	if (body.wm_position !== undefined) {
		const w = body.wm_position;
		if (typeof w !== 'number' || !Number.isInteger(w) || w < 1 || w > 4) return bad('wm_position must be an integer from 1 to 4');
	}
	if (body.seed !== undefined) {
		const s = body.seed;
		if (typeof s !== 'number' || !Number.isSafeInteger(s) || s < 0) return bad('seed must be an integer >= 0');
	}
	if (body.payload !== undefined) {
		if (typeof body.payload !== 'string') return bad(`payload must be a string, got ${typeName(body.payload)}`);
		if (body.payload.length > PAYLOAD_MAX && codePoints(body.payload) > PAYLOAD_MAX) {
			return bad(`payload longer than ${PAYLOAD_MAX} characters`);
		}
	}
	if (body.off_peak === true && body.audio === true) return bad('off_peak cannot be combined with audio');
	return { ok: true, image: img.image };
}

module.exports = { validateCreateBody, dataUrlInfo, CODES };
