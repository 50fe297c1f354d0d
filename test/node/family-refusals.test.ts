/**
 * Version 2 refuses, before sending anything, only what the provider's docs ([D] sources) state; a limit
 * known only from the CLI or third parties goes to the API.
 */
import { makePng } from '../../simulator/png';
import { createV2, filesItem, imagesItem, MP4, PNG, recorder, type Recorder } from './family-helpers';

let rec: Recorder;
beforeAll(async () => {
	rec = await recorder();
});
afterAll(async () => await rec.server.close());

const urls = (count: number, subjectId = '') =>
	({ image: Array.from({ length: count }, (_, i) => ({ source: 'url', url: `https://example.com/${i}.png`, subjectId })) });

const videoUrls = (count: number) => ({ video: Array.from({ length: count }, (_, i) => ({ source: 'url', url: `https://example.com/${i}.mp4` })) });
const proReference = (images: number) => ({ videoMode: 'reference', model: 'viduq2_pro_reference', prompt: 'x', referenceImages: urls(images) });
const MB = 1024 * 1024;

const cases: Array<[string, Record<string, unknown>, string]> = [
	['a seed-model duration of 11 (D-seed: 1–10)', { duration: 11 }, 'Duration of Vidu Q2 Turbo must be a whole number from 1 to 10, not "11"'],
	['a Vidu 2.0 duration of 5 (D-20i2v: 4 or 8)', { model: 'vidu20_img2video', duration: 5 }, 'Duration of Vidu 2.0 must be 4 or 8 seconds, not "5"'],
	[
		'a Vidu 2.0 resolution of 1080p at 8 s (D-20i2v)',
		{ model: 'vidu20_img2video', duration: 8, resolution: '={{ "1080p" }}' },
		'Resolution of Vidu 2.0 at 8 s must be one of 720p, not "1080p"',
	],
	['a prompt over 2000 characters (D-seed)', { prompt: 'a'.repeat(2001) }, 'Prompt is 2001 characters long: Vidu Q2 Turbo takes at most 2000'],
	['an empty Custom Model ID', { model: 'custom', customModelId: ' ' }, 'Custom Model ID is empty'],
	['a text without prompt (n8n checks the required field)', { videoMode: 'text', model: 'viduq2_text2video' }, "The 'Node Under Test' node has issues:\n- Parameter \"Prompt\" is required."],
	['a text whose prompt expression is empty', { videoMode: 'text', prompt: '={{ "  " }}' }, 'The prompt is empty: Text to Video needs one'],
	['a text aspect ratio not offered (D-q2t2v)', { videoMode: 'text', prompt: 'x', aspectRatio: '={{ "21:9" }}' }, 'Aspect Ratio must be one of 16:9, 9:16, 3:4, 4:3, 1:1, not "21:9"'],
	['a Q2 Pro Fast text duration of 9 (D-pft2v: 1–8)', { videoMode: 'text', model: 'viduq2_pro_fast_text2video', prompt: 'x', duration: 9 }, 'Duration of Vidu Q2 Pro Fast must be a whole number from 1 to 8, not "9"'],
	['a Q2 Pro start-end duration of 9 (D-pse2v: 1–8)', { videoMode: 'startEnd', model: 'viduq2_pro_start_end2video', lastFrameSource: 'url', lastFrameUrl: 'https://example.com/l.png', duration: 9 }, 'Duration of Vidu Q2 Pro must be a whole number from 1 to 8, not "9"'],
	['a reference without images', { videoMode: 'reference', prompt: 'x' }, 'Vidu Q2 takes 1–7 reference images, not 0'],
	['eight reference images (D-q2r2v: 1–7)', { videoMode: 'reference', prompt: 'x', referenceImages: urls(8) }, 'Vidu Q2 takes 1–7 reference images, not 8'],
	['a subject without its id', { videoMode: 'reference', prompt: 'x', asSubjects: true, referenceImages: urls(1) }, 'Reference Image 1 has no Subject ID'],
	['four images of one subject (D-q2r2v: at most 3)', { videoMode: 'reference', prompt: 'x', asSubjects: true, referenceImages: urls(4, 'fox') }, 'Subject "fox" has 4 images: at most 3 per subject are allowed'],
	['three reference videos (D-pr2v: at most 2)', { ...proReference(1), referenceVideos: videoUrls(3) }, 'Vidu Q2 Pro takes at most 2 reference videos, not 3'],
	['five images beside a video (D-pr2v: at most 4 with videos)', { ...proReference(5), referenceVideos: videoUrls(1) }, 'Vidu Q2 Pro takes at most 4 reference images beside reference videos, not 5'],
	['eight images without videos (D-pr2v: 1–7)', proReference(8), 'Vidu Q2 Pro takes 1–7 reference images, not 8'],
	['a Q2 Pro reference prompt over 5000 characters (D-pr2v)', { ...proReference(1), prompt: 'p'.repeat(5001) }, 'Prompt is 5001 characters long: Vidu Q2 Pro takes at most 5000'],
	['a malformed reference video URL', { ...proReference(1), referenceVideos: { video: [{ source: 'url', url: 'dance.mp4' }] } }, 'Reference Video 1 URL "dance.mp4" is not a valid http(s) URL'],
	['a reference video from a binary field the item lacks', { ...proReference(1), referenceVideos: { video: [{ source: 'binary', binaryPropertyName: 'clip' }] } }, 'The input item has no binary field "clip"'],
	[
		'a voice for a subject no image shows',
		{ videoMode: 'reference', prompt: 'x', audio: true, referenceImages: urls(1, 'fox'), subjectVoices: { voice: [{ subjectId: 'cat', voiceId: 'v1' }] } },
		'Subject Voices name subject "cat", which no reference image shows',
	],
	[
		'two voices for one subject',
		{ videoMode: 'reference', prompt: 'x', audio: true, referenceImages: urls(1, 'fox'), subjectVoices: { voice: [{ subjectId: 'fox', voiceId: 'v1' }, { subjectId: 'fox', voiceId: 'v2' }] } },
		'Subject Voices give subject "fox" two voices',
	],
	['an extend with no video', { videoMode: 'extend', videoUrl: ' ' }, 'No video to extend: give its URL or its creation ID'],
	['an extend duration of 8 (D-text: 1–7)', { videoMode: 'extend', videoUrl: 'https://example.com/v.mp4', duration: 8 }, 'Duration of Vidu Q2 Turbo must be a whole number from 1 to 7, not "8"'],
	['a watermark position by number where the model takes names (D-text)', { videoMode: 'extend', videoUrl: 'https://example.com/v.mp4', watermark: true, wmPosition: '={{ 3 }}' }, 'Watermark Position must be one of top_left, top_right, bottom_right, bottom_left, not "3"'],
	['a malformed video URL', { videoMode: 'extend', videoUrl: 'clip.mp4' }, 'Video URL "clip.mp4" is not a valid http(s) URL'],
	['off-peak with audio (D-seed)', { audio: true, offPeak: true }, 'Off-Peak Mode cannot be combined with Audio'],
];

describe('refused before sending (0 requests)', () => {
	it.each(cases)('%s', async (_name, parameters, message) => {
		const { error, requests } = await createV2(rec, parameters);
		expect(error?.message).toBe(message);
		expect(requests).toBe(0);
	});

	it('first and last frames whose aspect ratios differ by more than 0.8–1.25', async () => {
		const items = [await imagesItem({ data: makePng(64, 48), last: makePng(48, 64) })];
		const { error, requests } = await createV2(rec, { videoMode: 'startEnd', lastFrameBinaryPropertyName: 'last' }, items);
		expect(error?.message).toBe('The first frame (64×48) and the last frame (48×64) differ too much in shape');
		expect(error?.description).toBe('Their aspect ratios must be within 0.8–1.25 of each other (D-pse2v); this pair is 1.78.');
		expect(requests).toBe(0);
	});

	it('a reference image under 128×128 pixels (D-q2r2v)', async () => {
		const items = [await imagesItem({ data: PNG })];
		const { error, requests } = await createV2(rec, { videoMode: 'reference', prompt: 'x', referenceImages: { image: [{ source: 'binary', binaryPropertyName: 'data' }] } }, items);
		expect(error?.message).toBe('Reference Image 1 is 64×48: reference images must be at least 128×128 pixels');
		expect(requests).toBe(0);
	});

	it('two inline frames that together pass 20 MB, though each alone would fit', async () => {
		const big = makePng(1800, 1800, { noise: true });
		const items = [await imagesItem({ data: big, last: makePng(1800, 1800, { noise: true, seed: 2 }) })];
		const { error, requests } = await createV2(rec, { videoMode: 'startEnd', lastFrameBinaryPropertyName: 'last' }, items);
		expect(error?.message).toMatch(/^The request would be 2\d\.\d MB: the API accepts at most 20 MB$/);
		expect(error?.description).toBe('Every inline image or video counts, grown by a third when encoded: keep them under about 15 MB together, or send some by URL.');
		expect(requests).toBe(0);
	});

	it('a binary reference video that is not MP4, MOV or AVI (D-pr2v)', async () => {
		const items = [await filesItem({ data: [PNG, 'video/mp4'] })];
		const { error, requests } = await createV2(rec, { ...proReference(1), referenceVideos: { video: [{ source: 'binary', binaryPropertyName: 'data' }] } }, items);
		expect(error?.message).toBe('Reference Video 1 (binary field "data") is not an MP4, MOV or AVI video');
		expect(error?.description).toBe('Vidu Q2 Pro takes reference videos as mp4, avi or mov (D-pr2v).');
		expect(requests).toBe(0);
	});

	it('a binary reference video of 20 MB (D-pr2v: base64 decoded under 20 MB)', async () => {
		const items = [await filesItem({ clip: [Buffer.concat([MP4, Buffer.alloc(20 * MB - MP4.length)]), 'video/mp4'] })];
		const { error, requests } = await createV2(rec, { ...proReference(1), referenceVideos: { video: [{ source: 'binary', binaryPropertyName: 'clip' }] } }, items);
		expect(error?.message).toBe('Reference Video 1 (binary field "clip") is 20.0 MB: a video sent inline must be under 20 MB (D-pr2v)');
		expect(error?.description).toBe('Give a larger video (up to 100 MB) by URL.');
		expect(requests).toBe(0);
	});

	it("a binary video n8n recorded as 25 MB: refused from that record, without loading the file", async () => {
		const items = [await filesItem({ clip: [MP4, 'video/mp4'] })];
		items[0].binary!.clip.bytes = 25 * MB;
		const { error, requests } = await createV2(rec, { ...proReference(1), referenceVideos: { video: [{ source: 'binary', binaryPropertyName: 'clip' }] } }, items);
		expect(error?.message).toBe('Reference Video 1 (binary field "clip") is 25.0 MB: a video sent inline must be under 20 MB (D-pr2v)');
		expect(requests).toBe(0);
	});

	it('a 16 MB inline video: under its own limit, but the request would pass 20 MB', async () => {
		const items = [await filesItem({ clip: [Buffer.concat([MP4, Buffer.alloc(16 * MB - MP4.length)]), 'video/mp4'] })];
		const { error, requests } = await createV2(rec, { ...proReference(1), referenceVideos: { video: [{ source: 'binary', binaryPropertyName: 'clip' }] } }, items);
		expect(error?.message).toBe('The request would be 21.3 MB: the API accepts at most 20 MB');
		expect(requests).toBe(0);
	});
});

describe('left to the API (sent as given)', () => {
	it.each([
		['a Q3 Turbo duration of 40 (1–16 only from T:novita)', { model: 'viduq3_turbo_img2video', duration: 40 }],
		['a Q3 Pro text prompt of 6000 characters (5000 only from T:vidu-t2v)', { videoMode: 'text', model: 'viduq3_pro_text2video', prompt: 'p'.repeat(6000) }],
		['a Q2 Turbo start-end duration of 10 (1–8 only from T:vidu-cn)', { videoMode: 'startEnd', lastFrameSource: 'url', lastFrameUrl: 'https://example.com/l.png', duration: 10 }],
		['a custom model with any duration', { model: 'custom', customModelId: 'viduq4_img2video', duration: 30 }],
		['a custom reference model with three videos beside seven images', { videoMode: 'reference', model: 'custom', customModelId: 'viduq9_reference', prompt: 'x', referenceImages: urls(7), referenceVideos: videoUrls(3) }],
	])('%s', async (_name, parameters) => {
		const { error, requests } = await createV2(rec, parameters);
		expect(error).toBeUndefined();
		expect(requests).toBe(1);
	});
});
