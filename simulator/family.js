'use strict';
/**
 * The Vidu video models the simulated gateway serves, one entry per id, written from the provider's docs as
 * collected in the project's research notes on the family (VIDU-FAMILY.md, its source keys in brackets) and
 * NOT from the node's catalogue: a wrong catalogue entry must meet a refusal here, not be restated.
 *
 * [D-…] = the provider's doc page states it. Where only the CLI [C] or a third party [T:…] states a limit, the
 * value is the simulator's choice of what the provider plausibly does, and the comment says so ("choice").
 *
 * Entry fields:
 *   mode        'img2video' | 'start-end' | 'text2video' | 'reference2video' | 'extend'
 *   input       how the pictures come: 'image' (exactly 1), 'frames' (exactly 2), 'none', 'images' (1–7),
 *               'subjects' (1–7 subjects, 1–7 images in all, ≤3 each), 'images+videos', 'video' (extend source)
 *   prompt      { required, max } (max in code points)
 *   duration    { min, max } or { values }, and `default`
 *   resolutions allowed values; `byDuration` narrows them for one duration (the default duration when absent)
 *   aspectRatios / styles  allowed values when the field is accepted
 *   wmPosition  'int' (1–4) | 'string' (top_left…)
 *   fields      every body field accepted besides `model` (anything else: 008007002 unknown parameter)
 */

const RES_3 = ['540p', '720p', '1080p'];
const RES_HI = ['720p', '1080p'];
const RATIOS_5 = ['16:9', '9:16', '3:4', '4:3', '1:1'];
const WATERMARK = ['watermark', 'wm_position', 'wm_url'];
const COMMON = ['prompt', 'duration', 'resolution', 'seed', 'payload', 'callback_url', ...WATERMARK];

// The seed model's exact field set (the seed page). The other Q1/2.0/Q2 image-to-video ids take the same: their
// pages, cut off early, show a subset of it and nothing else [D-pfi2v, D-q1i2v, D-20i2v]. Choice.
const I2V_FIELDS = [...COMMON, 'images', 'audio', 'voice_id', 'is_rec', 'bgm', 'off_peak', 'movement_amplitude'];
// Q3: `bgm` is not offered [T:pt]; `audio_type` (all/speech_only/sound_effect_only) is [T:novita] and is a CLI main field [C]. Choice.
const Q3_AUDIO = ['audio', 'audio_type'];
const I2V_Q3_FIELDS = [...COMMON, 'images', 'voice_id', 'is_rec', 'off_peak', 'movement_amplitude', ...Q3_AUDIO];
// start-end: CLI main fields images/prompt/is_rec/duration/seed/resolution [C]; the short pages add
// movement_amplitude, audio, bgm, watermark [D-Ltse, D-Lpse]; off_peak as Vidu's start-end API [T:vidu-cn].
const SE_FIELDS = [...COMMON, 'images', 'is_rec', 'bgm', 'off_peak', 'movement_amplitude', 'audio', 'voice_id'];
const SE_Q3_FIELDS = [...COMMON, 'images', 'is_rec', 'off_peak', 'movement_amplitude', ...Q3_AUDIO];
// text: style, aspect_ratio, bgm, off_peak, watermark, payload [D-q1t2v, D-q2t2v, D-pft2v]; `style` is a CLI main
// field of every text2video skill [C] and listed on [D-Lq2], so every text model accepts it (Vidu: no effect on q2/q3).
const T2V_FIELDS = [...COMMON, 'aspect_ratio', 'style', 'bgm', 'off_peak', 'movement_amplitude'];
const T2V_Q3_FIELDS = [...COMMON, 'aspect_ratio', 'style', 'off_peak', 'movement_amplitude', ...Q3_AUDIO];
// reference: audio/voice_id [D-q2r2v, D-Lq2ref]; bgm [D-pr2v]; movement_amplitude, off_peak, watermark as Vidu's
// reference2video API [T:vidu-cn] (the lower halves of the provider pages were not read). Choice for the rest.
const REF_FIELDS = [...COMMON, 'aspect_ratio', 'audio', 'bgm', 'off_peak', 'movement_amplitude'];
// extend: video_url | video_creation_id, images (end frame), prompt, resolution, duration [D-pext, D-text, C];
// watermark with a string wm_position [D-pext]; payload, callback_url [T:vidu-ext]. No seed on any source.
const EXTEND_FIELDS = ['prompt', 'duration', 'resolution', 'payload', 'callback_url', ...WATERMARK, 'images', 'video_url', 'video_creation_id'];

const img2video = (id, o) => ({ id, mode: 'img2video', input: 'image', prompt: { required: false, max: 2000 }, wmPosition: 'int', fields: I2V_FIELDS, ...o });
const startEnd = (id, o) => ({ id, mode: 'start-end', input: 'frames', prompt: { required: false, max: 2000 }, wmPosition: 'int', fields: SE_FIELDS, ...o });
const text2video = (id, o) => ({ id, mode: 'text2video', input: 'none', prompt: { required: true, max: 2000 }, wmPosition: 'int', fields: T2V_FIELDS, styles: ['general', 'anime'], ...o });
const reference = (id, o) => ({ id, mode: 'reference2video', prompt: { required: true, max: 2000 }, wmPosition: 'int', ...o });
const extend = (id, o) => ({ id, mode: 'extend', input: 'video', prompt: { required: false, max: 2000 }, wmPosition: 'string', fields: EXTEND_FIELDS, ...o });

const MODELS = [
	// ---- image to video: exactly 1 image [D-seed, D-pfi2v, D-q1i2v, D-20i2v]
	img2video('viduq2_turbo_img2video', { duration: { min: 1, max: 10, default: 5 }, resolutions: RES_3 }), // [D-seed]
	// CLI only [C]; limits of Vidu's q2-pro img2video [T:vidu-cn]. Choice.
	img2video('viduq2_pro_img2video', { duration: { min: 1, max: 10, default: 5 }, resolutions: RES_3 }),
	// [D-pfi2v] shows 1 image and a 2000 prompt; duration/resolution cut off: Vidu's q2-pro-fast, no 540p [T:vidu-cn]. Choice.
	img2video('viduq2_pro_fast_img2video', { duration: { min: 1, max: 10, default: 5 }, resolutions: RES_HI }),
	// [D-q1i2v] blurb: 5 s, 1080p; [D-Lq1] fixed 5 / 1080p
	img2video('viduq1_img2video', { duration: { values: [5], default: 5 }, resolutions: ['1080p'] }),
	// [D-20i2v]: 4 or 8 s (4); 360p/720p/1080p at 4 s, 720p only at 8 s
	img2video('vidu20_img2video', {
		duration: { values: [4, 8], default: 4 },
		resolutions: ['360p', '720p', '1080p'],
		byDuration: { 8: ['720p'] },
	}),
	// CLI only [C]. Q3: 1–16 (5) [T:novita, T:comfy]; 540/720/1080 [T:novita] (T:comfy: 720/1080, 2K on pro);
	// prompt 5000 as the one provider page of a Q3 model says [D-q3ref] (T:pt, T:novita agree; T:comfy says 2000). Choice.
	img2video('viduq3_turbo_img2video', { prompt: { required: false, max: 5000 }, duration: { min: 1, max: 16, default: 5 }, resolutions: RES_3, fields: I2V_Q3_FIELDS }),
	img2video('viduq3_pro_img2video', { prompt: { required: false, max: 5000 }, duration: { min: 1, max: 16, default: 5 }, resolutions: RES_3, fields: I2V_Q3_FIELDS }),

	// ---- first and last frame: exactly 2 images (start, end) [D-pse2v field text; T:jiekou, T:novita]
	// CLI spelling [C]; the doc spells it viduq2_turbo_start_end [D-Ltse] (an alias below). Duration: D-Ltse says
	// "4 or 8" (the Vidu 2.0 values, apparently copied); its Q2 Pro sibling [D-pse2v, D-Lpse] and Vidu [T:vidu-cn]
	// say 1–8 (5). Choice: 1–8.
	startEnd('viduq2_turbo_start_end2video', { duration: { min: 1, max: 8, default: 5 }, resolutions: RES_3 }),
	startEnd('viduq2_pro_start_end2video', { duration: { min: 1, max: 8, default: 5 }, resolutions: RES_3 }), // [D-pse2v]
	// CLI only [C]; 1–8, 720p/1080p [T:vidu-cn, T:jiekou]. Choice.
	startEnd('viduq2_pro_fast_start_end2video', { duration: { min: 1, max: 8, default: 5 }, resolutions: RES_HI }),
	// CLI only [C]; 1–16 [T:comfy, T:ws, T:pt], 540/720/1080 [T:ws, T:pt]; prompt as the other Q3 ids. Choice.
	startEnd('viduq3_pro_start_end2video', { prompt: { required: false, max: 5000 }, duration: { min: 1, max: 16, default: 5 }, resolutions: RES_3, fields: SE_Q3_FIELDS }),
	startEnd('viduq3_turbo_start_end2video', { prompt: { required: false, max: 5000 }, duration: { min: 1, max: 16, default: 5 }, resolutions: RES_3, fields: SE_Q3_FIELDS }),

	// ---- text to video: no image, prompt required [D-q1t2v, D-q2t2v, D-pft2v]
	text2video('viduq1_text2video', { duration: { values: [5], default: 5 }, resolutions: ['1080p'], aspectRatios: ['16:9', '9:16', '1:1'] }), // [D-q1t2v]
	text2video('viduq2_text2video', { duration: { min: 1, max: 10, default: 5 }, resolutions: RES_3, aspectRatios: RATIOS_5 }), // [D-q2t2v]
	text2video('viduq2_pro_fast_text2video', { duration: { min: 1, max: 8, default: 5 }, resolutions: RES_HI, aspectRatios: RATIOS_5 }), // [D-pft2v]
	// CLI only [C]; 1–16 (5), 540/720/1080, five ratios, prompt 5000 [T:vidu-t2v, T:pt]. Choice.
	text2video('viduq3_pro_text2video', { prompt: { required: true, max: 5000 }, duration: { min: 1, max: 16, default: 5 }, resolutions: RES_3, aspectRatios: RATIOS_5, fields: T2V_Q3_FIELDS }),
	text2video('viduq3_turbo_text2video', { prompt: { required: true, max: 5000 }, duration: { min: 1, max: 16, default: 5 }, resolutions: RES_3, aspectRatios: RATIOS_5, fields: T2V_Q3_FIELDS }),

	// ---- reference to video
	// subject form [D-q2r2v]: subjects 1–7, images 1–7 in all, ≤3 per subject, voice_id per subject; 1–10 (5);
	// 540/720/1080. Ratios: 16:9/9:16/1:1 with an "any ratio supported" note [D]; Vidu adds 4:3, 3:4 on q2 [T:vidu-cn]. Choice: five.
	reference('viduq2_reference2video', { input: 'subjects', duration: { min: 1, max: 10, default: 5 }, resolutions: RES_3, aspectRatios: RATIOS_5, fields: [...REF_FIELDS, 'subjects'] }),
	// image form [D-Lq2ref]: 1–7 images, 1–10; resolution/ratio values not printed: as viduq2_reference2video. Choice.
	reference('viduq2_i2v_reference', { input: 'images', duration: { min: 1, max: 10, default: 5 }, resolutions: RES_3, aspectRatios: RATIOS_5, fields: [...REF_FIELDS, 'images', 'voice_id'] }),
	// [D-pr2v]: images 1–7 (1–4 with videos), videos 1–2, prompt 5000. Both are marked required while the text
	// describes a call without video (conflict 2b.19): videos optional here. Duration/resolution/ratio not visible:
	// as viduq2_reference2video. Choice.
	reference('viduq2_pro_reference', { input: 'images+videos', prompt: { required: true, max: 5000 }, duration: { min: 1, max: 10, default: 5 }, resolutions: RES_3, aspectRatios: RATIOS_5, fields: [...REF_FIELDS, 'images', 'videos', 'voice_id'] }),
	// subject form [D-pfr2v], 1–8 (5); resolution not visible: 720p/1080p as the other pro-fast ids [D-pft2v]. Choice.
	reference('viduq2_pro_fast_reference2video', { input: 'subjects', duration: { min: 1, max: 8, default: 5 }, resolutions: RES_HI, aspectRatios: RATIOS_5, fields: [...REF_FIELDS, 'subjects'] }),
	// [D-Lq1ref]: 1–7 images, fixed 5 s, fixed 1080p; ratio values not printed: Vidu q1 reference 16:9/9:16/1:1 [T:vidu-cn]. Choice.
	reference('viduq1_i2v_reference', { input: 'images', duration: { values: [5], default: 5 }, resolutions: ['1080p'], aspectRatios: ['16:9', '9:16', '1:1'], fields: [...REF_FIELDS, 'images', 'voice_id'] }),
	// [D-q3ref] (non-subject form): 1–7 images, prompt 5000, 3–16 (5), ratios incl. auto, audio (true);
	// `sounds` is "not supported yet, reserved": refused. Resolution not visible ("up to 1080p"): 540/720/1080. Choice.
	reference('viduq3_i2v_reference', {
		input: 'images',
		prompt: { required: true, max: 5000 },
		duration: { min: 3, max: 16, default: 5 },
		resolutions: RES_3,
		aspectRatios: ['16:9', '9:16', '3:4', '4:3', '1:1', 'auto'],
		fields: [...COMMON, 'images', 'aspect_ratio', 'audio', 'off_peak', 'movement_amplitude'],
	}),

	// ---- extend a video [D-pext, D-text]: video_url or video_creation_id (one), 0–1 end-frame image, 1–7 (5),
	// 540/720/1080 (720), string wm_position; prompt limit from Vidu [T:vidu-ext]
	extend('viduq2_pro_extend', { duration: { min: 1, max: 7, default: 5 }, resolutions: RES_3 }),
	extend('viduq2_turbo_extend', { duration: { min: 1, max: 7, default: 5 }, resolutions: RES_3 }),
];

/**
 * Other spellings of an id, accepted as that id (the task keeps the spelling sent). The canonical spelling is the
 * one on the current ("detailed") doc pages and in the CLI; the alias is the one of the older short doc pages
 * (VIDU-FAMILY.md §2a.1–5). Not aliases: viduq2_i2v_reference / viduq1_i2v_reference (the image form, next to the
 * subject form), and the page slug viduq2-pro-reference2video (the page prints the id viduq2_pro_reference).
 */
const ALIASES = {
	viduq2_turbo_start_end: 'viduq2_turbo_start_end2video', // [D-Ltse] vs [C]
	viduq2_pro_start_end: 'viduq2_pro_start_end2video', // [D-Lpse] vs [D-pse2v, C]
	vidu_20_i2v: 'vidu20_img2video', // [D-L20] vs [D-20i2v, C]
	vidu_q1_i2v: 'viduq1_img2video', // [D-Lq1] vs [D-q1i2v, C]
	vidu_q2: 'viduq2_text2video', // [D-Lq2] vs [D-q2t2v, C]
};

const BY_ID = new Map(MODELS.map((m) => [m.id, Object.freeze({ ...m, fields: new Set(m.fields) })]));

/** The entry for a model id or alias, or null for an id the simulated gateway does not serve. */
function modelEntry(id) {
	if (typeof id !== 'string') return null;
	if (BY_ID.has(id)) return BY_ID.get(id);
	return Object.prototype.hasOwnProperty.call(ALIASES, id) ? BY_ID.get(ALIASES[id]) : null;
}

module.exports = { MODELS: [...BY_ID.values()], ALIASES: Object.freeze({ ...ALIASES }), modelEntry };
