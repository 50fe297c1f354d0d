/** Version 2: the exact body each mode sends (byte for byte), for catalogue models and custom IDs. */
import { AVI, createV2, dataUrl, exactly, filesItem, imagesItem, MOV, MP4, PNG, PNG_DATA_URL, recorder, type Recorder } from './family-helpers';

let rec: Recorder;
beforeAll(async () => {
	rec = await recorder();
});
afterAll(async () => await rec.server.close());

async function sent(parameters: Record<string, unknown>, items?: Parameters<typeof createV2>[2]) {
	const { body, error, requests } = await createV2(rec, parameters, items);
	expect(error).toBeUndefined();
	expect(requests).toBe(1);
	return body;
}

describe('Image to Video', () => {
	it('is the default, with viduq2_turbo_img2video and its defaults; switches that are off are not sent', async () => {
		expect(await sent({})).toBe(
			exactly({ model: 'viduq2_turbo_img2video', duration: 5, resolution: '720p', movement_amplitude: 'auto', audio: false, watermark: false, images: [PNG_DATA_URL] }),
		);
	});

	it('sends every field of the seed model under its API name', async () => {
		const body = await sent({
			prompt: 'a fox',
			duration: 8,
			resolution: '1080p',
			movementAmplitude: 'large',
			audio: true,
			voiceId: 'v1',
			bgm: true,
			isRec: true,
			watermark: true,
			wmPosition: 1,
			wmUrl: 'https://example.com/logo.png',
			additionalOptions: { callbackUrl: 'https://example.com/hook', payload: 'p', seed: 7 },
		});
		expect(body).toBe(
			exactly({
				model: 'viduq2_turbo_img2video',
				prompt: 'a fox',
				duration: 8,
				resolution: '1080p',
				movement_amplitude: 'large',
				audio: true,
				voice_id: 'v1',
				bgm: true,
				is_rec: true,
				watermark: true,
				wm_position: 1,
				wm_url: 'https://example.com/logo.png',
				callback_url: 'https://example.com/hook',
				payload: 'p',
				seed: 7,
				images: [PNG_DATA_URL],
			}),
		);
	});

	it('Vidu Q3 Turbo: audio on by default, no movement or watermark field; a duration known only from third parties goes to the API', async () => {
		const body = await sent({ model: 'viduq3_turbo_img2video', duration: 20, imageSource: 'url', imageUrl: 'https://example.com/a.png' });
		expect(body).toBe(exactly({ model: 'viduq3_turbo_img2video', duration: 20, resolution: '720p', audio: true, images: ['https://example.com/a.png'] }));
	});

	it('Vidu 2.0: the resolution offered for 8 seconds', async () => {
		const body = await sent({ model: 'vidu20_img2video', duration: 8 });
		expect(body).toBe(exactly({ model: 'vidu20_img2video', duration: 8, resolution: '720p', movement_amplitude: 'auto', audio: false, images: [PNG_DATA_URL] }));
	});

	it('a custom model ID gets the mode fields; an alias is sent as the catalogue id', async () => {
		const custom = await sent({ model: 'custom', customModelId: ' viduq9_img2video ', imageSource: 'base64', imageBase64: PNG.toString('base64') });
		expect(custom).toBe(
			exactly({ model: 'viduq9_img2video', duration: 5, resolution: '720p', movement_amplitude: 'auto', audio: false, watermark: false, images: [PNG_DATA_URL] }),
		);
		const alias = await sent({ model: 'custom', customModelId: 'vidu_q1_i2v', duration: 5, resolution: '1080p' });
		expect(JSON.parse(alias).model).toBe('viduq1_img2video');
	});
});

describe('First and Last Frame to Video', () => {
	it('sends the two frames in order, from binary fields, a URL or base64', async () => {
		const items = [await imagesItem({ data: PNG, last: PNG })];
		const binary = await sent({ videoMode: 'startEnd', model: 'viduq2_pro_start_end2video', lastFrameBinaryPropertyName: 'last' }, items);
		expect(binary).toBe(
			exactly({ model: 'viduq2_pro_start_end2video', duration: 5, resolution: '720p', movement_amplitude: 'auto', images: [PNG_DATA_URL, PNG_DATA_URL] }),
		);
		const mixed = await sent({
			videoMode: 'startEnd',
			imageSource: 'url',
			imageUrl: 'https://example.com/first.png',
			lastFrameSource: 'base64',
			lastFrameBase64: PNG_DATA_URL,
			watermark: true,
		});
		expect(mixed).toBe(
			exactly({
				model: 'viduq2_turbo_start_end2video',
				duration: 5,
				resolution: '720p',
				movement_amplitude: 'auto',
				watermark: true,
				wm_position: 3,
				images: ['https://example.com/first.png', PNG_DATA_URL],
			}),
		);
	});
});

describe('Text to Video', () => {
	it('sends the prompt and no image', async () => {
		const body = await sent({ videoMode: 'text', model: 'viduq2_text2video', prompt: 'a city at night', aspectRatio: '9:16' });
		expect(body).toBe(
			exactly({ model: 'viduq2_text2video', prompt: 'a city at night', duration: 5, resolution: '720p', aspect_ratio: '9:16', watermark: false }),
		);
	});

	it('Vidu Q1: style and its single duration and resolution', async () => {
		const body = await sent({ videoMode: 'text', model: 'viduq1_text2video', prompt: 'x', style: 'anime' });
		expect(body).toBe(
			exactly({
				model: 'viduq1_text2video',
				prompt: 'x',
				style: 'anime',
				duration: 5,
				resolution: '1080p',
				aspect_ratio: '16:9',
				movement_amplitude: 'auto',
				watermark: false,
			}),
		);
	});
});

describe('Reference to Video', () => {
	const references = (...entries: Array<Record<string, string>>) => ({ image: entries });

	it('sends 1–7 images from binary fields and URLs as one list', async () => {
		const items = [await imagesItem({ a: Buffer.from(PNG_128) })];
		const body = await sent(
			{
				videoMode: 'reference',
				model: 'viduq3_i2v_reference',
				prompt: 'the fox in the snow',
				referenceImages: references({ source: 'binary', binaryPropertyName: 'a' }, { source: 'url', url: 'https://example.com/b.png' }),
			},
			items,
		);
		expect(body).toBe(
			exactly({
				model: 'viduq3_i2v_reference',
				prompt: 'the fox in the snow',
				duration: 5,
				aspect_ratio: '16:9',
				audio: true,
				images: [`data:image/png;base64,${PNG_128.toString('base64')}`, 'https://example.com/b.png'],
			}),
		);
	});

	it('groups the images into subjects the prompt names as @id', async () => {
		const body = await sent({
			videoMode: 'reference',
			model: 'viduq2_reference2video',
			prompt: '@fox meets @owl',
			asSubjects: true,
			referenceImages: references(
				{ source: 'url', url: 'https://example.com/fox1.png', subjectId: 'fox' },
				{ source: 'url', url: 'https://example.com/owl.png', subjectId: 'owl' },
				{ source: 'url', url: 'https://example.com/fox2.png', subjectId: 'fox' },
			),
		});
		expect(body).toBe(
			exactly({
				model: 'viduq2_reference2video',
				prompt: '@fox meets @owl',
				duration: 5,
				resolution: '720p',
				aspect_ratio: '16:9',
				audio: false,
				subjects: [
					{ id: 'fox', images: ['https://example.com/fox1.png', 'https://example.com/fox2.png'] },
					{ id: 'owl', images: ['https://example.com/owl.png'] },
				],
			}),
		);
	});
});

describe('Reference to Video: Vidu Q2 Pro reference videos (D-pr2v)', () => {
	const images = (count: number) => ({ image: Array.from({ length: count }, (_, i) => ({ source: 'url', url: `https://example.com/${i}.png` })) });

	it('sends the videos by URL after the images; no duration, resolution, ratio or audio (not on its page)', async () => {
		const body = await sent({
			videoMode: 'reference',
			model: 'viduq2_pro_reference',
			prompt: 'the fox moves like the dancer',
			bgm: true,
			referenceImages: images(2),
			referenceVideos: { video: [{ source: 'url', url: 'https://example.com/dance.mp4' }, { source: 'url', url: 'https://example.com/spin.mov' }] },
		});
		expect(body).toBe(
			exactly({
				model: 'viduq2_pro_reference',
				prompt: 'the fox moves like the dancer',
				bgm: true,
				images: ['https://example.com/0.png', 'https://example.com/1.png'],
				videos: ['https://example.com/dance.mp4', 'https://example.com/spin.mov'],
			}),
		);
	});

	it('sends binary videos inline as data URLs typed from their bytes (MP4, MOV, AVI), whatever type the item declares', async () => {
		const items = [await filesItem({ a: [PNG_128, 'image/png'], clip: [MP4, 'application/octet-stream'], take: [MOV, 'video/mp4'] })];
		const body = await sent(
			{
				videoMode: 'reference',
				model: 'viduq2_pro_reference',
				prompt: 'p',
				referenceImages: { image: [{ source: 'binary', binaryPropertyName: 'a' }] },
				referenceVideos: { video: [{ source: 'binary', binaryPropertyName: 'clip' }, { source: 'binary', binaryPropertyName: 'take' }] },
			},
			items,
		);
		expect(body).toBe(
			exactly({
				model: 'viduq2_pro_reference',
				prompt: 'p',
				images: [dataUrl('image/png', PNG_128)],
				videos: [dataUrl('video/mp4', MP4), dataUrl('video/quicktime', MOV)],
			}),
		);
		const avi = await sent(
			{ videoMode: 'reference', model: 'viduq2_pro_reference', prompt: 'p', referenceImages: images(1), referenceVideos: { video: [{ source: 'binary' }] } },
			[await filesItem({ data: [AVI, 'video/avi'] })],
		);
		expect(avi).toBe(exactly({ model: 'viduq2_pro_reference', prompt: 'p', images: ['https://example.com/0.png'], videos: [dataUrl('video/x-msvideo', AVI)] }));
	});

	it('without videos sends no videos field, and up to 7 images', async () => {
		const body = await sent({ videoMode: 'reference', model: 'viduq2_pro_reference', prompt: 'p', referenceImages: images(7) });
		expect(body).toBe(exactly({ model: 'viduq2_pro_reference', prompt: 'p', images: images(7).image.map((image) => image.url) }));
	});
});

describe('Reference to Video: per-subject voices (D-q2r2v, D-pfr2v)', () => {
	const subjects = {
		image: [
			{ source: 'url', url: 'https://example.com/fox.png', subjectId: 'fox' },
			{ source: 'url', url: 'https://example.com/owl.png', subjectId: 'owl' },
		],
	};
	const voices = { voice: [{ subjectId: 'owl', voiceId: 'voice_owl' }, { subjectId: 'fox', voiceId: ' ' }] };

	it('sends voice_id inside the subject it names, with audio on', async () => {
		const body = await sent({ videoMode: 'reference', model: 'viduq2_pro_fast_reference2video', prompt: '@fox asks @owl', audio: true, referenceImages: subjects, subjectVoices: voices });
		expect(body).toBe(
			exactly({
				model: 'viduq2_pro_fast_reference2video',
				prompt: '@fox asks @owl',
				duration: 5,
				audio: true,
				subjects: [
					{ id: 'fox', images: ['https://example.com/fox.png'] },
					{ id: 'owl', images: ['https://example.com/owl.png'], voice_id: 'voice_owl' },
				],
			}),
		);
	});

	it('sends no voice_id with audio off', async () => {
		const body = await sent({ videoMode: 'reference', model: 'viduq2_reference2video', prompt: 'p', audio: false, referenceImages: subjects, subjectVoices: voices });
		expect(JSON.parse(body).subjects).toEqual([
			{ id: 'fox', images: ['https://example.com/fox.png'] },
			{ id: 'owl', images: ['https://example.com/owl.png'] },
		]);
	});

	it('a custom model ID sent as subjects carries the voices and the videos', async () => {
		const body = await sent({
			videoMode: 'reference',
			model: 'custom',
			customModelId: 'viduq9_reference',
			prompt: 'p',
			audio: true,
			asSubjects: true,
			referenceImages: subjects,
			subjectVoices: voices,
			referenceVideos: { video: [{ source: 'url', url: 'https://example.com/v.mp4' }] },
		});
		expect(body).toBe(
			exactly({
				model: 'viduq9_reference',
				prompt: 'p',
				duration: 5,
				resolution: '720p',
				aspect_ratio: '16:9',
				movement_amplitude: 'auto',
				audio: true,
				watermark: false,
				subjects: [
					{ id: 'fox', images: ['https://example.com/fox.png'] },
					{ id: 'owl', images: ['https://example.com/owl.png'], voice_id: 'voice_owl' },
				],
				videos: ['https://example.com/v.mp4'],
			}),
		);
	});
});

describe('Extend a Video', () => {
	it('sends the video URL and the end frame', async () => {
		const body = await sent({ videoMode: 'extend', videoUrl: 'https://example.com/clip.mp4', endFrameSource: 'binary', watermark: true });
		expect(body).toBe(
			exactly({
				model: 'viduq2_turbo_extend',
				video_url: 'https://example.com/clip.mp4',
				duration: 5,
				resolution: '720p',
				watermark: true,
				wm_position: 'bottom_left',
				images: [PNG_DATA_URL],
			}),
		);
	});

	it('sends an earlier creation by its id, without an end frame', async () => {
		const body = await sent({ videoMode: 'extend', model: 'viduq2_pro_extend', videoSource: 'creation', videoCreationId: 'cr_1', duration: 7 });
		expect(body).toBe(exactly({ model: 'viduq2_pro_extend', video_creation_id: 'cr_1', duration: 7, resolution: '720p', watermark: false }));
	});
});

// eslint-disable-next-line @typescript-eslint/no-require-imports
const PNG_128: Buffer = (require('../../simulator/png') as typeof import('../../simulator/png')).makePng(128, 128);
