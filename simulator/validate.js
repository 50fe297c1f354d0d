'use strict';
/**
 * Validation of a create-task body for the model it names, by that model's entry in simulator/family.js
 * (docs/api-notes.md for the seed model). Returns { ok: true, image } or { ok: false, code, message } (code is the
 * documented string with its leading zeros, e.g. '008007002').
 */
const { modelEntry } = require('./family');
const { checkInputs, dataUrlInfo } = require('./validate-media');
const { CODES } = require('./errors');

const PAYLOAD_MAX = 1048576;
const AMPLITUDES = ['auto', 'small', 'medium', 'large'];
const AUDIO_TYPES = ['all', 'speech_only', 'sound_effect_only']; // Q3 [T:novita]
const WM_CORNERS = ['top_left', 'top_right', 'bottom_right', 'bottom_left']; // extend [D-pext]
const BOOLEANS = ['audio', 'is_rec', 'bgm', 'off_peak', 'watermark'];
const STRINGS = ['voice_id', 'wm_url', 'callback_url'];

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

const fail = (code, message) => ({ ok: false, code, message });
const bad = (message) => fail(CODES.PARAM_INVALID, message);
const typeName = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const isInt = (v) => typeof v === 'number' && Number.isInteger(v);
const oneOf = (list) => (list.length === 1 ? list[0] : `one of ${list.join(', ')}`);

function checkPrompt(m, body) {
	const p = body.prompt;
	if (p === undefined) return m.prompt.required ? fail(CODES.PROMPT_MISSING, 'prompt is required') : null;
	if (typeof p !== 'string') return bad(`prompt must be a string, got ${typeName(p)}`);
	if (p.trim() === '' && body.is_rec !== true) {
		return fail(CODES.PROMPT_MISSING, m.prompt.required ? 'prompt is empty (give a text)' : 'prompt is empty (omit it, or give a text)');
	}
	if (codePoints(p) > m.prompt.max) return bad(`prompt longer than ${m.prompt.max} characters`);
	return null;
}

function checkDuration(m, d) {
	if (d === undefined) return null;
	const r = m.duration;
	if (r.values) {
		if (!isInt(d) || !r.values.includes(d)) return fail(CODES.DURATION_INVALID, `duration must be ${r.values.join(' or ')}`);
	} else if (!isInt(d) || d < r.min || d > r.max) {
		return fail(CODES.DURATION_INVALID, `duration must be an integer from ${r.min} to ${r.max}`);
	}
	return null;
}

function checkResolution(m, body) {
	const res = body.resolution;
	if (res === undefined) return null;
	if (!m.resolutions.includes(res)) return fail(CODES.RESOLUTION_INVALID, `resolution must be ${oneOf(m.resolutions)}`);
	const d = body.duration === undefined ? m.duration.default : body.duration;
	const narrowed = m.byDuration && m.byDuration[d];
	if (narrowed && !narrowed.includes(res)) {
		return fail(CODES.RESOLUTION_INVALID, `resolution ${res} is not offered at a duration of ${d}: ${oneOf(narrowed)}`);
	}
	return null;
}

/** The enumerated fields: movement_amplitude and style (008007003, the "style parameter"), the others 008007002. */
function checkEnums(m, body) {
	if (body.movement_amplitude !== undefined && !AMPLITUDES.includes(body.movement_amplitude)) {
		return fail(CODES.STYLE_INVALID, 'movement_amplitude must be one of auto, small, medium, large');
	}
	if (body.style !== undefined && !m.styles.includes(body.style)) return fail(CODES.STYLE_INVALID, `style must be ${oneOf(m.styles)}`);
	if (body.aspect_ratio !== undefined && !m.aspectRatios.includes(body.aspect_ratio)) return bad(`aspect_ratio must be ${oneOf(m.aspectRatios)}`);
	if (body.audio_type !== undefined && !AUDIO_TYPES.includes(body.audio_type)) return bad(`audio_type must be ${oneOf(AUDIO_TYPES)}`);
	return null;
}

function checkScalars(m, body) {
	for (const k of BOOLEANS) {
		if (body[k] !== undefined && typeof body[k] !== 'boolean') return bad(`${k} must be a boolean, got ${typeName(body[k])}`);
	}
	for (const k of STRINGS) {
		if (body[k] !== undefined && typeof body[k] !== 'string') return bad(`${k} must be a string, got ${typeName(body[k])}`);
	}
	const w = body.wm_position;
	if (w !== undefined) {
		if (m.wmPosition === 'string' && !WM_CORNERS.includes(w)) return bad(`wm_position must be ${oneOf(WM_CORNERS)}`);
		if (m.wmPosition === 'int' && (!isInt(w) || w < 1 || w > 4)) return bad('wm_position must be an integer from 1 to 4');
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
	return null;
}

function validateCreateBody(body) {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) return bad('the request body must be a JSON object');
	if (body.model === undefined) return bad('model is required');
	const m = modelEntry(body.model);
	// the answer to any id the simulated gateway does not serve (image-output, domestic and utility ids included)
	if (!m) return bad(`model not supported: ${typeof body.model === 'string' ? body.model : typeName(body.model)}`);
	for (const k of Object.keys(body)) {
		if (k === 'model' || m.fields.has(k)) continue;
		if (k === 'images' && m.mode === 'text2video') return bad(`images: ${body.model} is text to video and takes no image`);
		return bad(`unknown parameter: ${k}`);
	}
	const inputs = checkInputs(m.input, body);
	if (!inputs.ok) return inputs;
	const refusal =
		checkPrompt(m, body) || checkDuration(m, body.duration) || checkResolution(m, body) || checkEnums(m, body) || checkScalars(m, body);
	return refusal || { ok: true, image: inputs.image };
}

module.exports = { validateCreateBody, dataUrlInfo, CODES };
