'use strict';
/**
 * The cheapest task per mode: the shortest duration and lowest resolution the provider's docs give for the model,
 * no audio, no recommended prompt, no background music (VIDU-FAMILY.md; the seed page for image to video).
 * Each body carries a `payload` so the run can see where it comes back.
 */

const PROMPT = 'A slow pan across the scene, soft daylight.';

/** mode -> { model, inputs needed, body(config, payload) } */
const PLANS = {
	img2video: {
		model: 'viduq2_turbo_img2video',
		needs: ['imageUrl'],
		body: (c) => ({ images: [c.imageUrl], prompt: PROMPT, duration: 1, resolution: '540p', audio: false }),
	},
	'start-end': {
		model: 'viduq2_turbo_start_end2video',
		needs: ['imageUrl'],
		body: (c) => ({ images: [c.imageUrl, c.lastImageUrl || c.imageUrl], prompt: PROMPT, duration: 1, resolution: '540p' }),
	},
	text2video: {
		model: 'viduq2_text2video',
		needs: [],
		body: () => ({ prompt: PROMPT, duration: 1, resolution: '540p', aspect_ratio: '16:9' }),
	},
	reference2video: {
		model: 'viduq2_reference2video',
		needs: ['imageUrl'],
		body: (c) => ({ subjects: [{ id: 'subject1', images: [c.imageUrl] }], prompt: `@subject1 ${PROMPT}`, duration: 1, resolution: '540p', audio: false }),
	},
	extend: {
		model: 'viduq2_turbo_extend',
		needs: ['videoUrl'],
		body: (c) => ({ video_url: c.videoUrl, prompt: PROMPT, duration: 1, resolution: '540p' }),
	},
};

const ENV_OF = { imageUrl: 'VTRIX_LIVE_IMAGE_URL', videoUrl: 'VTRIX_LIVE_VIDEO_URL' };

/**
 * The tasks to create for `config.modes`: { mode, model, body } each, or { mode, model, skipped } when an input is
 * missing. `payloadOf(mode)` gives the pass-through text; `callback_url` is added when configured.
 */
function plan(config, payloadOf) {
	return config.modes.map((mode) => {
		const p = PLANS[mode];
		const missing = p.needs.filter((k) => !config[k]);
		if (missing.length) return { mode, model: p.model, skipped: `${missing.map((k) => ENV_OF[k]).join(', ')} not set` };
		const body = { model: p.model, ...p.body(config), payload: payloadOf(mode) };
		if (config.callbackUrl) body.callback_url = config.callbackUrl;
		return { mode, model: p.model, body };
	});
}

module.exports = { plan, PLANS };
