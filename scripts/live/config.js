'use strict';
/**
 * The live test's settings, from the environment (docs/live-test.md). No default input URL: the maintainer names
 * the sample image and video; a mode whose input is missing is skipped, never run with a made-up file.
 */

const MODES = ['img2video', 'start-end', 'text2video', 'reference2video', 'extend'];
const DEFAULT_BASE_URL = 'https://cloud.vtrix.ai';

function number(env, name, fallback) {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	const n = Number(raw);
	if (!(n > 0)) throw new Error(`${name} must be a number > 0, not "${raw}"`);
	return n;
}

function httpUrl(env, name) {
	const raw = env[name];
	if (raw === undefined || raw === '') return null;
	let u;
	try {
		u = new URL(raw);
	} catch {
		throw new Error(`${name} is not a URL`);
	}
	if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error(`${name} must be an http(s) URL`);
	return raw;
}

/** The settings; null when VTRIX_API_KEY is not set (the run is skipped). Throws on a malformed value. */
function readConfig(env) {
	const apiKey = env.VTRIX_API_KEY;
	if (!apiKey) return null;
	const modes = env.VTRIX_LIVE_MODES ? env.VTRIX_LIVE_MODES.split(',').map((m) => m.trim()).filter(Boolean) : MODES;
	for (const m of modes) if (!MODES.includes(m)) throw new Error(`VTRIX_LIVE_MODES: unknown mode "${m}" (modes: ${MODES.join(', ')})`);
	const baseUrl = (httpUrl(env, 'VTRIX_BASE_URL') || DEFAULT_BASE_URL).replace(/\/+$/, '');
	const callbackUrl = httpUrl(env, 'VTRIX_LIVE_CALLBACK_URL');
	const callbackPort = env.VTRIX_LIVE_CALLBACK_PORT ? number(env, 'VTRIX_LIVE_CALLBACK_PORT', 0) : null;
	return {
		apiKey,
		baseUrl,
		modes,
		imageUrl: httpUrl(env, 'VTRIX_LIVE_IMAGE_URL'),
		lastImageUrl: httpUrl(env, 'VTRIX_LIVE_LAST_IMAGE_URL'),
		videoUrl: httpUrl(env, 'VTRIX_LIVE_VIDEO_URL'),
		callbackUrl,
		callbackPort: callbackUrl ? callbackPort : null,
		pollSeconds: number(env, 'VTRIX_LIVE_POLL_SECONDS', 5),
		timeoutSeconds: number(env, 'VTRIX_LIVE_TIMEOUT_SECONDS', 900),
		callbackWaitSeconds: number(env, 'VTRIX_LIVE_CALLBACK_WAIT_SECONDS', 60),
	};
}

module.exports = { readConfig, MODES, DEFAULT_BASE_URL };
