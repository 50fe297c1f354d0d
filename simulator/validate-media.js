'use strict';
/**
 * The pictures and videos of a create body, per the model's `input` (simulator/family.js): images, first and last
 * frames, subjects, reference videos, the video to extend. Every refusal is 008007002 (parameter invalid).
 * Returns { ok: true, image } (the first image's description, or null) or { ok: false, code, message }.
 */
const { sniffImage } = require('./images');
const { CODES } = require('./errors');

const IMAGE_MAX_BYTES = 50 * 1024 * 1024;
const REFERENCE_MIN_SIDE = 128; // reference images [D-q2r2v, D-pfr2v, D-pr2v, D-q3ref]
const REFERENCE_MAX = 7;
const REFERENCE_MAX_WITH_VIDEOS = 4; // [D-pr2v]
const PER_SUBJECT_MAX = 3;
const FRAME_RATIO = [0.8, 1.25]; // first ÷ last frame [D-pse2v]; read as a quotient of aspect ratios, as T:comfy checks it
const DATA_URL = /^data:([^;,]*);base64,/i;
const DATA_MIMES = ['image/png', 'image/jpeg', 'image/webp'];
const VIDEO_DATA_URL = /^data:video\/(mp4|avi|x-msvideo|quicktime);base64,./i; // mp4/avi/mov [D-pr2v]
let scratch = null;

const bad = (message) => ({ ok: false, code: CODES.PARAM_INVALID, message });
const typeName = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const isHttpUrl = (s) => {
	if (!/^https?:\/\//i.test(s)) return false;
	try {
		return !!new URL(s).hostname;
	} catch {
		return false;
	}
};

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

/** One image, named `label` in messages; `minSide`: the least width and height in pixels (inline images only). */
function checkImage(img, label, minSide = 0) {
	if (typeof img !== 'string') return bad(`${label} must be a string (URL or data URL), got ${typeName(img)}`);
	if (/^https?:\/\//i.test(img)) {
		if (!isHttpUrl(img)) return bad(`${label} is not a valid URL`);
		return { ok: true, image: { kind: 'url', url: img } };
	}
	if (!/^data:/i.test(img)) return bad(`${label} must be an http(s) URL or a data URL (data:image/<png|jpeg|webp>;base64,...)`);
	const d = dataUrlInfo(img);
	if (!d) return bad(`${label}: data URL must be of the form data:image/<png|jpeg|webp>;base64,<data>`);
	const declared = d.mime.trim().toLowerCase();
	if (!declared) return bad(`${label}: the data URL has no content type (data:image/<png|jpeg|webp>;base64,... is required)`);
	if (!DATA_MIMES.includes(declared)) return bad(`${label}: unsupported content type ${declared} (use image/png, image/jpeg or image/webp)`);
	const b64 = img.slice(d.start);
	if (!b64.length) return bad(`${label}: the data URL holds no data`);
	// Node's decoder skips characters outside the alphabet and accepts the URL-safe one: check both cheaply
	// (a regular expression over 20 MB would cost ~100 ms per request)
	if (b64.length % 4 === 1 || b64.indexOf('-') >= 0 || b64.indexOf('_') >= 0) return bad(`${label}: the data URL is not valid base64`);
	const expected = d.bytes;
	if (expected > IMAGE_MAX_BYTES) return bad(`${label}: image larger than 50 MB`);
	// decode into one shared scratch buffer (validation is synchronous), so 50 concurrent 15 MB uploads do not
	// each leave a 15 MB buffer behind for the garbage collector
	if (!scratch || scratch.length < expected) scratch = Buffer.allocUnsafe(Math.max(expected, 1024 * 1024));
	const written = scratch.write(b64, 0, 'base64');
	if (written !== expected) return bad(`${label}: the data URL is not valid base64`);
	const info = sniffImage(scratch.subarray(0, written));
	if (!info) return bad(`${label}: the data is not a PNG, JPEG or WebP image`);
	if (info.mime !== declared) return bad(`${label}: declared ${declared} but the data is ${info.mime}`);
	if (info.error) return bad(`${label}: ${info.error}`);
	const ratio = info.width / info.height;
	if (ratio < 1 / 4 || ratio > 4) return bad(`${label}: aspect ratio ${info.width}x${info.height} is outside 1:4 .. 4:1`);
	if (info.width < minSide || info.height < minSide) {
		return bad(`${label}: ${info.width}x${info.height} is smaller than ${minSide}x${minSide}`);
	}
	return { ok: true, image: { kind: 'data', mime: declared, bytes: written, width: info.width, height: info.height } };
}

/** An array field that must be present: the array, or a refusal. */
function arrayField(body, name) {
	if (body[name] === undefined) return bad(`${name} is required`);
	if (!Array.isArray(body[name])) return bad(`${name} must be an array`);
	return null;
}

/** Each image of `list` (labels `${prefix}[i]`); the first one's description, or the first refusal. */
function checkEach(list, prefix, minSide) {
	let first = null;
	for (let i = 0; i < list.length; i++) {
		const r = checkImage(list[i], `${prefix}[${i}]`, minSide);
		if (!r.ok) return r;
		if (i === 0) first = r.image;
	}
	return { ok: true, image: first };
}

function oneImage(body) {
	const e = arrayField(body, 'images');
	if (e) return e;
	if (body.images.length !== 1) return bad(`images must hold exactly one image, got ${body.images.length}`);
	return checkImage(body.images[0], 'images[0]');
}

function frames(body) {
	const e = arrayField(body, 'images');
	if (e) return e;
	const n = body.images.length;
	if (n !== 2) return bad(`images must hold exactly two images (the first and the last frame), got ${n}`);
	const a = checkImage(body.images[0], 'images[0]');
	if (!a.ok) return a;
	const b = checkImage(body.images[1], 'images[1]');
	if (!b.ok) return b;
	const [x, y] = [a.image, b.image];
	if (x.kind === 'data' && y.kind === 'data') {
		const q = x.width / x.height / (y.width / y.height);
		if (q < FRAME_RATIO[0] || q > FRAME_RATIO[1]) {
			return bad(`images: the first frame (${x.width}x${x.height}) and the last frame (${y.width}x${y.height}) differ in aspect ratio by more than 0.8 .. 1.25`);
		}
	}
	return { ok: true, image: x };
}

function referenceImages(body, max) {
	const e = arrayField(body, 'images');
	if (e) return e;
	const n = body.images.length;
	if (n < 1 || n > max) return bad(`images must hold 1 to ${max} images, got ${n}`);
	return checkEach(body.images, 'images', REFERENCE_MIN_SIDE);
}

function videos(body) {
	if (body.videos === undefined) return null;
	if (!Array.isArray(body.videos)) return bad('videos must be an array');
	const n = body.videos.length;
	if (n < 1 || n > 2) return bad(`videos must hold 1 or 2 videos, got ${n}`);
	for (let i = 0; i < n; i++) {
		const v = body.videos[i];
		if (typeof v !== 'string' || !(isHttpUrl(v) || VIDEO_DATA_URL.test(v))) {
			return bad(`videos[${i}] must be an http(s) URL or a data URL (data:video/<mp4|avi|quicktime>;base64,...)`);
		}
	}
	return null;
}

function subjects(body) {
	const e = arrayField(body, 'subjects');
	if (e) return e;
	const list = body.subjects;
	if (list.length < 1 || list.length > REFERENCE_MAX) return bad(`subjects must hold 1 to ${REFERENCE_MAX} subjects, got ${list.length}`);
	const ids = new Set();
	let total = 0;
	let first = null;
	for (let i = 0; i < list.length; i++) {
		const s = list[i];
		const at = `subjects[${i}]`;
		if (s === null || typeof s !== 'object' || Array.isArray(s)) return bad(`${at} must be an object { id, images, voice_id? }`);
		for (const k of Object.keys(s)) if (!['id', 'images', 'voice_id'].includes(k)) return bad(`${at}: unknown parameter: ${k}`);
		if (typeof s.id !== 'string' || !s.id.trim()) return bad(`${at}.id must be a non-empty string`);
		if (ids.has(s.id)) return bad(`${at}.id ${s.id} is used twice`);
		ids.add(s.id);
		if (s.voice_id !== undefined && typeof s.voice_id !== 'string') return bad(`${at}.voice_id must be a string, got ${typeName(s.voice_id)}`);
		if (!Array.isArray(s.images)) return bad(`${at}.images must be an array`);
		if (s.images.length < 1 || s.images.length > PER_SUBJECT_MAX) {
			return bad(`${at}.images must hold 1 to ${PER_SUBJECT_MAX} images, got ${s.images.length}`);
		}
		total += s.images.length;
		if (total > REFERENCE_MAX) return bad(`subjects hold more than ${REFERENCE_MAX} images in all`);
		const r = checkEach(s.images, `${at}.images`, REFERENCE_MIN_SIDE);
		if (!r.ok) return r;
		first = first || r.image;
	}
	return { ok: true, image: first };
}

function extendSource(body) {
	const hasUrl = body.video_url !== undefined;
	const hasId = body.video_creation_id !== undefined;
	if (!hasUrl && !hasId) return bad('video_url or video_creation_id is required');
	if (hasUrl && hasId) return bad('give video_url or video_creation_id, not both');
	if (hasUrl && (typeof body.video_url !== 'string' || !isHttpUrl(body.video_url))) return bad('video_url must be an http(s) URL');
	if (hasId && (typeof body.video_creation_id !== 'string' || !body.video_creation_id.trim())) {
		return bad('video_creation_id must be a non-empty string');
	}
	if (body.images === undefined) return { ok: true, image: null };
	if (!Array.isArray(body.images)) return bad('images must be an array');
	if (body.images.length > 1) return bad(`images must hold at most one image (the end frame), got ${body.images.length}`);
	return body.images.length ? checkImage(body.images[0], 'images[0]') : { ok: true, image: null };
}

/** The inputs of `body` for a model of this `input` kind. */
function checkInputs(input, body) {
	switch (input) {
		case 'image':
			return oneImage(body);
		case 'frames':
			return frames(body);
		case 'images':
			return referenceImages(body, REFERENCE_MAX);
		case 'images+videos':
			return videos(body) || referenceImages(body, body.videos === undefined ? REFERENCE_MAX : REFERENCE_MAX_WITH_VIDEOS);
		case 'subjects':
			return subjects(body);
		case 'video':
			return extendSource(body);
		default:
			return { ok: true, image: null };
	}
}

module.exports = { checkInputs, dataUrlInfo };
