import { AxiosInstance } from 'axios';
import { Simulator } from '../../simulator';
import { MODELS, ALIASES } from '../../simulator/family';
import { makePng } from '../../simulator/png';
import { asset, dataUrl, start, waitFor } from './helpers';

// The ids per mode as VIDU-FAMILY.md lists the video models (written here again, not read from the table, so a
// change of the table must be made on purpose in both places).
const IDS = {
	img2video: ['viduq2_turbo_img2video', 'viduq2_pro_img2video', 'viduq2_pro_fast_img2video', 'viduq1_img2video', 'vidu20_img2video', 'viduq3_turbo_img2video', 'viduq3_pro_img2video'],
	startEnd: ['viduq2_turbo_start_end2video', 'viduq2_pro_start_end2video', 'viduq2_pro_fast_start_end2video', 'viduq3_pro_start_end2video', 'viduq3_turbo_start_end2video'],
	text2video: ['viduq1_text2video', 'viduq2_text2video', 'viduq2_pro_fast_text2video', 'viduq3_pro_text2video', 'viduq3_turbo_text2video'],
	referenceImages: ['viduq2_i2v_reference', 'viduq2_pro_reference', 'viduq1_i2v_reference', 'viduq3_i2v_reference'],
	referenceSubjects: ['viduq2_reference2video', 'viduq2_pro_fast_reference2video'],
	extend: ['viduq2_pro_extend', 'viduq2_turbo_extend'],
};
const ALIAS_LIST: Array<[alias: string, id: string]> = [
	['viduq2_turbo_start_end', 'viduq2_turbo_start_end2video'],
	['viduq2_pro_start_end', 'viduq2_pro_start_end2video'],
	['vidu_20_i2v', 'vidu20_img2video'],
	['vidu_q1_i2v', 'viduq1_img2video'],
	['vidu_q2', 'viduq2_text2video'],
];

let sim: Simulator;
let api: AxiosInstance;

beforeAll(async () => {
	({ sim, api } = await start({ taskSeconds: 0.2 }));
});
afterAll(async () => {
	await sim.close();
});
beforeEach(() => {
	sim.reset();
});

const create = (b: unknown) => api.post('/model/v1/generation', b);
const read = (id: string) => api.get(`/model/v1/generation/task/${id}`);
const png = (w: number, h: number) => dataUrl(makePng(w, h));
const SAMPLE = () => dataUrl(asset('sample.png')); // 320x240
const IMAGE_URL = 'https://example.com/cat.png';
const VIDEO_URL = 'https://example.com/clip.mp4';

/** A smallest valid body for `model`, by its mode (as the provider's docs describe each mode). */
function validBody(model: string): Record<string, unknown> {
	if (IDS.img2video.includes(model) || ['vidu_20_i2v', 'vidu_q1_i2v'].includes(model)) return { model, images: [SAMPLE()] };
	if (IDS.startEnd.includes(model) || model.endsWith('_start_end')) return { model, images: [SAMPLE(), png(300, 240)] };
	if (IDS.text2video.includes(model) || model === 'vidu_q2') return { model, prompt: 'a cat walks' };
	if (IDS.referenceImages.includes(model)) return { model, images: [SAMPLE(), IMAGE_URL], prompt: 'the cat and the dog' };
	if (IDS.referenceSubjects.includes(model)) return { model, subjects: [{ id: 'cat', images: [SAMPLE()] }], prompt: '@cat walks' };
	if (IDS.extend.includes(model)) return { model, video_url: VIDEO_URL };
	throw new Error(`no body for ${model}`);
}

/** Creates `b`, expecting a refusal: [status, code, message]. */
async function refusal(b: Record<string, unknown>): Promise<[number, string, string]> {
	const r = await create(b);
	return [r.status, r.data?.error?.code, r.data?.error?.message];
}

describe('the table', () => {
	it('serves exactly the documented video ids, and the documented aliases', () => {
		expect(MODELS.map((m) => m.id).sort()).toEqual(Object.values(IDS).flat().sort());
		expect(Object.entries(ALIASES).sort()).toEqual([...ALIAS_LIST].sort());
	});
});

describe('a valid body per model is accepted, read at the one task path, and completes with a video', () => {
	const all = [...Object.values(IDS).flat(), ...ALIAS_LIST.map(([a]) => a)];
	it.each(all)('%s', async (model) => {
		const c = await create(validBody(model));
		expect({ status: c.status, model: c.data.model, state: c.data.status }).toEqual({ status: 200, model, state: 'pending' });
		const done = await waitFor(async () => {
			const r = await read(c.data.id);
			return r.data.status === 'completed' ? r : undefined;
		});
		expect(done.status).toBe(200);
		expect(done.data).toEqual(
			expect.objectContaining({
				id: c.data.id,
				model,
				output: [{ content: [{ type: 'video', url: `${sim.url}/files/${c.data.id}.mp4` }] }],
				usage: { cost: '0.07', discount: 0 },
			}),
		);
		const file = await api.get(`/files/${c.data.id}.mp4`, { responseType: 'arraybuffer' });
		expect({ status: file.status, type: file.headers['content-type'] }).toEqual({ status: 200, type: 'video/mp4' });
	});
});

describe('ids the simulated gateway does not serve', () => {
	it.each([
		'viduq2_reference2image', // image output
		'vidu-cn-img2video-viduq1-classic', // domestic
		'vidu-cn-img2video-prompt-recommendation', // synchronous utility
		'viduq2_pro_reference2video', // the page slug, not the id the page prints
		'viduq2_turbo',
	])('%s -> 400 008007002', async (model) => {
		expect(await refusal({ model, images: [SAMPLE()], prompt: 'x' })).toEqual([400, '008007002', `model not supported: ${model}`]);
		expect(sim.tasks.size).toBe(0);
	});

	it('a model that is not a string', async () => {
		expect(await refusal({ model: 5, prompt: 'x' })).toEqual([400, '008007002', 'model not supported: number']);
	});
});

type Case = [name: string, body: Record<string, unknown>, code: string, message: string];
const refuses = (cases: Case[]) =>
	it.each(cases)('%s', async (_name, b, code, message) => {
		expect(await refusal(b)).toEqual([400, code, message]);
		expect(sim.tasks.size).toBe(0);
	});
const accepts = (cases: Array<[name: string, body: Record<string, unknown>]>) =>
	it.each(cases)('accepts %s', async (_name, b) => {
		const r = await create(b);
		expect({ status: r.status, error: r.data.error }).toEqual({ status: 200, error: undefined });
	});

describe('image to video', () => {
	const q1 = validBody('viduq1_img2video');
	const v20 = validBody('vidu20_img2video');
	const q3 = validBody('viduq3_turbo_img2video');
	refuses([
		['two images', { ...q1, images: [SAMPLE(), SAMPLE()] }, '008007002', 'images must hold exactly one image, got 2'],
		['no images', { model: 'viduq2_pro_img2video' }, '008007002', 'images is required'],
		['Q1: a duration other than 5', { ...q1, duration: 4 }, '008007004', 'duration must be 5'],
		['Q1: a resolution other than 1080p', { ...q1, resolution: '720p' }, '008007005', 'resolution must be 1080p'],
		['2.0: a duration other than 4 or 8', { ...v20, duration: 5 }, '008007004', 'duration must be 4 or 8'],
		['2.0: 1080p at 8 s', { ...v20, duration: 8, resolution: '1080p' }, '008007005', 'resolution 1080p is not offered at a duration of 8: 720p'],
		['2.0: 360p at 8 s', { ...v20, duration: 8, resolution: '360p' }, '008007005', 'resolution 360p is not offered at a duration of 8: 720p'],
		['Q2 pro fast: 540p', { ...validBody('viduq2_pro_fast_img2video'), resolution: '540p' }, '008007005', 'resolution must be one of 720p, 1080p'],
		['Q3: 17 s', { ...q3, duration: 17 }, '008007004', 'duration must be an integer from 1 to 16'],
		['Q3: bgm', { ...q3, bgm: true }, '008007002', 'unknown parameter: bgm'],
		['Q3: audio_type', { ...q3, audio_type: 'music' }, '008007002', 'audio_type must be one of all, speech_only, sound_effect_only'],
		['Q3: prompt over 5000', { ...q3, prompt: 'x'.repeat(5001) }, '008007002', 'prompt longer than 5000 characters'],
		['Q2 pro: prompt over 2000', { ...validBody('viduq2_pro_img2video'), prompt: 'x'.repeat(2001) }, '008007002', 'prompt longer than 2000 characters'],
		['Q2 pro: audio_type (a Q3 field)', { ...validBody('viduq2_pro_img2video'), audio_type: 'all' }, '008007002', 'unknown parameter: audio_type'],
	]);
	accepts([
		['2.0 at 8 s (720p by default) and at 4 s in 1080p', { ...v20, duration: 8 }],
		['2.0 at 4 s in 360p', { ...v20, duration: 4, resolution: '360p' }],
		['Q3 at 16 s with audio_type and a 5000-character prompt', { ...q3, duration: 16, audio_type: 'speech_only', audio: true, prompt: 'x'.repeat(5000) }],
	]);
});

describe('first and last frame', () => {
	const se = validBody('viduq2_pro_start_end2video');
	refuses([
		['one image', { ...se, images: [SAMPLE()] }, '008007002', 'images must hold exactly two images (the first and the last frame), got 1'],
		['three images', { ...se, images: [SAMPLE(), SAMPLE(), SAMPLE()] }, '008007002', 'images must hold exactly two images (the first and the last frame), got 3'],
		[
			'frames whose aspect ratios differ beyond 0.8 .. 1.25',
			{ ...se, images: [SAMPLE(), png(240, 320)] },
			'008007002',
			'images: the first frame (320x240) and the last frame (240x320) differ in aspect ratio by more than 0.8 .. 1.25',
		],
		['a last frame outside 1:4 .. 4:1', { ...se, images: [SAMPLE(), dataUrl(asset('wide.png'))] }, '008007002', 'images[1]: aspect ratio 1000x100 is outside 1:4 .. 4:1'],
		['9 s', { ...se, duration: 9 }, '008007004', 'duration must be an integer from 1 to 8'],
		['Q2 pro fast: 540p', { ...validBody('viduq2_pro_fast_start_end2video'), resolution: '540p' }, '008007005', 'resolution must be one of 720p, 1080p'],
		['Q3: 17 s', { ...validBody('viduq3_turbo_start_end2video'), duration: 17 }, '008007004', 'duration must be an integer from 1 to 16'],
	]);
	accepts([
		['frames at the 1.25 bound (500x400 then 400x400)', { ...se, images: [png(500, 400), png(400, 400)] }],
		['a URL frame with an inline one (the URL is never fetched)', { ...se, images: [IMAGE_URL, png(100, 400)] }],
		['8 s, is_rec, movement_amplitude', { ...se, duration: 8, is_rec: true, movement_amplitude: 'small' }],
	]);
});

describe('text to video', () => {
	const t = validBody('viduq2_text2video');
	refuses([
		['no prompt', { model: 'viduq2_text2video' }, '008007001', 'prompt is required'],
		['a blank prompt', { ...t, prompt: '  ' }, '008007001', 'prompt is empty (give a text)'],
		['an image', { ...t, images: [SAMPLE()] }, '008007002', 'images: viduq2_text2video is text to video and takes no image'],
		['an aspect ratio not offered', { ...t, aspect_ratio: '21:9' }, '008007002', 'aspect_ratio must be one of 16:9, 9:16, 3:4, 4:3, 1:1'],
		['Q1: 4:3', { ...validBody('viduq1_text2video'), aspect_ratio: '4:3' }, '008007002', 'aspect_ratio must be one of 16:9, 9:16, 1:1'],
		['a style not offered', { ...t, style: 'cartoon' }, '008007003', 'style must be one of general, anime'],
		['Q2 pro fast: 10 s', { ...validBody('viduq2_pro_fast_text2video'), duration: 10 }, '008007004', 'duration must be an integer from 1 to 8'],
		['Q3: prompt over 5000', { ...validBody('viduq3_pro_text2video'), prompt: 'x'.repeat(5001) }, '008007002', 'prompt longer than 5000 characters'],
	]);
	accepts([
		['Q1 with style anime and 9:16', { ...validBody('viduq1_text2video'), style: 'anime', aspect_ratio: '9:16', duration: 5, resolution: '1080p' }],
		['Q2 at 10 s, 540p, 3:4, bgm', { ...t, duration: 10, resolution: '540p', aspect_ratio: '3:4', bgm: true }],
	]);
});

describe('reference to video (images)', () => {
	const r = validBody('viduq2_i2v_reference');
	const pro = validBody('viduq2_pro_reference');
	refuses([
		['no image', { ...r, images: [] }, '008007002', 'images must hold 1 to 7 images, got 0'],
		['8 images', { ...r, images: Array(8).fill(IMAGE_URL) }, '008007002', 'images must hold 1 to 7 images, got 8'],
		['an image under 128x128', { ...r, images: [IMAGE_URL, png(127, 200)] }, '008007002', 'images[1]: 127x200 is smaller than 128x128'],
		['no prompt', { model: 'viduq2_i2v_reference', images: [IMAGE_URL] }, '008007001', 'prompt is required'],
		['subjects on the image form', { ...r, subjects: [] }, '008007002', 'unknown parameter: subjects'],
		['Q2 pro: 5 images with videos', { ...pro, images: Array(5).fill(IMAGE_URL), videos: [VIDEO_URL] }, '008007002', 'images must hold 1 to 4 images, got 5'],
		['Q2 pro: 3 videos', { ...pro, videos: [VIDEO_URL, VIDEO_URL, VIDEO_URL] }, '008007002', 'videos must hold 1 or 2 videos, got 3'],
		['Q2 pro: a video that is no URL', { ...pro, videos: ['clip.mp4'] }, '008007002', 'videos[0] must be an http(s) URL or a data URL (data:video/<mp4|avi|quicktime>;base64,...)'],
		['Q3: 2 s', { ...validBody('viduq3_i2v_reference'), duration: 2 }, '008007004', 'duration must be an integer from 3 to 16'],
		['Q3: sounds (reserved, not supported yet)', { ...validBody('viduq3_i2v_reference'), sounds: [] }, '008007002', 'unknown parameter: sounds'],
		['Q1: 720p', { ...validBody('viduq1_i2v_reference'), resolution: '720p' }, '008007005', 'resolution must be 1080p'],
	]);
	accepts([
		['7 images', { ...r, images: Array(7).fill(IMAGE_URL) }],
		['Q2 pro: 4 images and 2 videos', { ...pro, images: Array(4).fill(IMAGE_URL), videos: [VIDEO_URL, `data:video/mp4;base64,${asset('sample.mp4').toString('base64')}`] }],
		['Q3 at 3 s with aspect ratio auto', { ...validBody('viduq3_i2v_reference'), duration: 3, aspect_ratio: 'auto' }],
	]);
});

describe('reference to video (subjects)', () => {
	const s = validBody('viduq2_reference2video');
	const subject = (id: string, n: number) => ({ id, images: Array(n).fill(IMAGE_URL) });
	refuses([
		['no subjects', { model: 'viduq2_reference2video', prompt: 'x' }, '008007002', 'subjects is required'],
		['top-level images', { ...s, images: [IMAGE_URL] }, '008007002', 'unknown parameter: images'],
		['8 subjects', { ...s, subjects: 'abcdefgh'.split('').map((id) => subject(id, 1)) }, '008007002', 'subjects must hold 1 to 7 subjects, got 8'],
		['4 images in one subject', { ...s, subjects: [subject('a', 4)] }, '008007002', 'subjects[0].images must hold 1 to 3 images, got 4'],
		['8 images in all', { ...s, subjects: [subject('a', 3), subject('b', 3), subject('c', 2)] }, '008007002', 'subjects hold more than 7 images in all'],
		['the same id twice', { ...s, subjects: [subject('a', 1), subject('a', 1)] }, '008007002', 'subjects[1].id a is used twice'],
		['a subject without id', { ...s, subjects: [{ images: [IMAGE_URL] }] }, '008007002', 'subjects[0].id must be a non-empty string'],
		['a small subject image', { ...s, subjects: [{ id: 'a', images: [png(100, 100)] }] }, '008007002', 'subjects[0].images[0]: 100x100 is smaller than 128x128'],
		['no prompt', { model: 'viduq2_reference2video', subjects: [subject('a', 1)] }, '008007001', 'prompt is required'],
		['Q2 pro fast: 9 s', { ...validBody('viduq2_pro_fast_reference2video'), duration: 9 }, '008007004', 'duration must be an integer from 1 to 8'],
	]);
	accepts([['7 images over 3 subjects, a voice per subject', { ...s, subjects: [subject('a', 3), subject('b', 3), { id: 'c', images: [IMAGE_URL], voice_id: 'v1' }], audio: true }]]);
});

describe('extend a video', () => {
	const e = validBody('viduq2_turbo_extend');
	refuses([
		['no source', { model: 'viduq2_turbo_extend' }, '008007002', 'video_url or video_creation_id is required'],
		['both sources', { ...e, video_creation_id: 'abc' }, '008007002', 'give video_url or video_creation_id, not both'],
		['a video_url that is no http(s) URL', { ...e, video_url: 'ftp://example.com/a.mp4' }, '008007002', 'video_url must be an http(s) URL'],
		['an empty video_creation_id', { model: 'viduq2_pro_extend', video_creation_id: ' ' }, '008007002', 'video_creation_id must be a non-empty string'],
		['two end frames', { ...e, images: [IMAGE_URL, IMAGE_URL] }, '008007002', 'images must hold at most one image (the end frame), got 2'],
		['8 s', { ...e, duration: 8 }, '008007004', 'duration must be an integer from 1 to 7'],
		['an integer wm_position', { ...e, watermark: true, wm_position: 3 }, '008007002', 'wm_position must be one of top_left, top_right, bottom_right, bottom_left'],
		['seed', { ...e, seed: 1 }, '008007002', 'unknown parameter: seed'],
	]);
	accepts([
		['video_creation_id, an end frame, 7 s, a corner watermark', { model: 'viduq2_pro_extend', video_creation_id: '123', images: [SAMPLE()], duration: 7, watermark: true, wm_position: 'bottom_left' }],
	]);
});

describe('aliases follow the limits of the id they stand for', () => {
	refuses([
		['viduq2_turbo_start_end: 9 s', { ...validBody('viduq2_turbo_start_end'), duration: 9 }, '008007004', 'duration must be an integer from 1 to 8'],
		['vidu_20_i2v: 5 s', { ...validBody('vidu_20_i2v'), duration: 5 }, '008007004', 'duration must be 4 or 8'],
		['vidu_q2: no prompt', { model: 'vidu_q2' }, '008007001', 'prompt is required'],
		['vidu_q1_i2v: 720p', { ...validBody('vidu_q1_i2v'), resolution: '720p' }, '008007005', 'resolution must be 1080p'],
		['viduq2_pro_start_end: one image', { ...validBody('viduq2_pro_start_end'), images: [SAMPLE()] }, '008007002', 'images must hold exactly two images (the first and the last frame), got 1'],
	]);
});

describe('the request log', () => {
	it('cuts inline data in subjects and videos as in images', async () => {
		const inline = SAMPLE();
		const video = `data:video/mp4;base64,${asset('sample.mp4').toString('base64')}`;
		await create({ ...validBody('viduq2_reference2video'), subjects: [{ id: 'cat', images: [inline, IMAGE_URL] }] });
		await create({ ...validBody('viduq2_pro_reference'), videos: [video] });
		const [a, b] = sim.requests.map((e) => e.body);
		expect(a.subjects).toEqual([{ id: 'cat', images: [`${inline.slice(0, 22 + 32)}...[${inline.length} chars]`, IMAGE_URL] }]);
		expect(b.videos).toEqual([`${video.slice(0, 22 + 32)}...[${video.length} chars]`]);
	});
});
