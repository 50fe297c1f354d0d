import { makePng } from '../../simulator/png';
import { binaryItem } from '../helpers/n8nHarness';
import { posts, pngItem, runViduV1, simulator, type Simulator } from './fixtures';

let sim: Simulator;
beforeAll(async () => {
	sim = await simulator();
});
afterAll(async () => await sim.close());
beforeEach(() => sim.reset());

const PNG = makePng(64, 48);

/** The create body the simulator received, image shortened. */
async function sentBody(parameters: Record<string, unknown>) {
	const result = await runViduV1({ operation: 'create', ...parameters } as never, { baseUrl: sim.url });
	if (result.error) throw result.error;
	const [post] = posts(sim);
	return { body: post.body!, post, result };
}

describe('the create request body', () => {
	it('defaults: model, the binary image as a data URL with its true type, and the seed page defaults', async () => {
		const { body, post } = await sentBody({});
		expect(post.imageMime).toBe('image/png');
		expect(post.imageBytes).toBe(PNG.length);
		expect({ ...body, images: undefined }).toEqual({
			model: 'viduq2_turbo_img2video',
			images: undefined,
			duration: 5,
			resolution: '720p',
			movement_amplitude: 'auto',
			audio: false,
			watermark: false,
		});
	});

	it('sends every parameter under its API name when set', async () => {
		const { body } = await sentBody({
			prompt: 'a red fox runs',
			duration: 8,
			resolution: '1080p',
			movementAmplitude: 'large',
			audio: true,
			voiceId: 'voice_7',
			watermark: true,
			wmPosition: 1,
			wmUrl: 'https://example.com/logo.png',
			additionalOptions: {
				bgm: true,
				callbackUrl: 'https://example.com/hook',
				payload: 'order-42',
				seed: 1234,
				isRec: true,
			},
		});
		expect({ ...body, images: undefined }).toEqual({
			model: 'viduq2_turbo_img2video',
			images: undefined,
			prompt: 'a red fox runs',
			duration: 8,
			resolution: '1080p',
			movement_amplitude: 'large',
			audio: true,
			voice_id: 'voice_7',
			watermark: true,
			wm_position: 1,
			wm_url: 'https://example.com/logo.png',
			bgm: true,
			callback_url: 'https://example.com/hook',
			payload: 'order-42',
			seed: 1234,
			is_rec: true,
		});
	});

	it('sends voice only with audio, watermark settings only with watermark, no empty text, no seed 0', async () => {
		const { body } = await sentBody({
			prompt: '',
			audio: false,
			voiceId: 'voice_7',
			watermark: false,
			wmPosition: 2,
			wmUrl: 'https://example.com/logo.png',
			additionalOptions: { seed: 0, payload: '' },
		});
		expect(body).not.toHaveProperty('voice_id');
		expect(body).not.toHaveProperty('wm_position');
		expect(body).not.toHaveProperty('wm_url');
		expect(body).not.toHaveProperty('prompt');
		expect(body).not.toHaveProperty('seed');
		expect(body).not.toHaveProperty('payload');
	});

	it('sends off_peak when chosen', async () => {
		const { body } = await sentBody({ additionalOptions: { offPeak: true } });
		expect(body.off_peak).toBe(true);
	});

	it('takes the image from another binary field', async () => {
		const item = await binaryItem(makePng(30, 20), 'image/png', 'x.png', 'picture');
		const result = await runViduV1({ operation: 'create', binaryPropertyName: 'picture' }, { baseUrl: sim.url, items: [item] });
		expect(result.error).toBeUndefined();
		expect(posts(sim)[0].imageBytes).toBe(makePng(30, 20).length);
	});

	it('takes an image URL as is', async () => {
		await sentBody({ imageSource: 'url', imageUrl: 'https://example.com/frame.png' });
		const body = posts(sim)[0].body!;
		expect(body.images).toEqual(['https://example.com/frame.png']);
	});

	it('takes base64, raw or as a data URL, and labels it by its bytes', async () => {
		await sentBody({ imageSource: 'base64', imageBase64: PNG.toString('base64') });
		await sentBody({ imageSource: 'base64', imageBase64: `data:image/jpeg;base64,${PNG.toString('base64')}` });
		const [raw, relabelled] = posts(sim);
		expect(raw.imageMime).toBe('image/png');
		expect(relabelled.imageMime).toBe('image/png');
		expect(raw.imageBytes).toBe(PNG.length);
	});

	it('converts numbers given as text by expressions', async () => {
		const { body } = await sentBody({ duration: '7' as never, additionalOptions: { seed: '99' } });
		expect(body.duration).toBe(7);
		expect(body.seed).toBe(99);
	});

	it('returns the task with taskId from Create', async () => {
		const { result } = await sentBody({ prompt: 'x' });
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ status: 'pending', model: 'viduq2_turbo_img2video' });
		expect(result.items[0].json.taskId).toMatch(/^task_/);
		expect(sim.tasks.has(result.items[0].json.taskId as string)).toBe(true);
	});
});

describe('bad input is refused before anything is sent', () => {
	const cases: Array<[string, Record<string, unknown>, RegExp, (() => Promise<unknown>)?]> = [
		['a prompt over 2000 characters', { prompt: 'a'.repeat(2001) }, /Prompt is 2001 characters long: at most 2000 are allowed/],
		['a duration of 11', { duration: 11 }, /Duration must be a whole number from 1 to 10, not "11"/],
		['a duration of 0', { duration: 0 }, /Duration must be a whole number from 1 to 10, not "0"/],
		['a duration of 5.5', { duration: 5.5 }, /Duration must be a whole number from 1 to 10, not "5.5"/],
		['a duration of "five"', { duration: 'five' }, /Duration must be a whole number from 1 to 10, not "five"/],
		['a payload over 1,048,576 characters', { additionalOptions: { payload: 'p'.repeat(1_048_577) } }, /Payload is 1048577 characters long: at most 1,048,576 are allowed/],
		['a malformed image URL', { imageSource: 'url', imageUrl: 'www.example.com/a.png' }, /Image URL "www.example.com\/a.png" is not a valid http\(s\) URL/],
		['a malformed callback URL', { additionalOptions: { callbackUrl: 'not a url' } }, /Callback URL "not a url" is not a valid http\(s\) URL/],
		['a malformed watermark URL', { watermark: true, wmUrl: 'ftp://x/y.png' }, /Watermark Image URL "ftp:\/\/x\/y.png" is not a valid http\(s\) URL/],
		['a resolution from an expression that is not offered', { resolution: '4k' }, /Resolution must be one of 540p, 720p, 1080p, not "4k"/],
		['off-peak with audio', { audio: true, additionalOptions: { offPeak: true } }, /Off-Peak Mode cannot be combined with Audio/],
		['a missing binary field', { binaryPropertyName: 'photo' }, /The input item has no binary field "photo"/],
	];
	it.each(cases)('%s', async (_name, parameters, message) => {
		const result = await runViduV1({ operation: 'createAndWait', ...parameters } as never, { baseUrl: sim.url });
		expect(result.error?.message).toMatch(message);
		expect(sim.requests).toHaveLength(0);
	});

	it('an image whose request would pass 20 MB, and says the URL source avoids it', async () => {
		const item = await binaryItem(makePng(2600, 2600, { noise: true }), 'image/png', 'big.png');
		const result = await runViduV1({ operation: 'create' }, { baseUrl: sim.url, items: [item] });
		expect(result.error?.message).toMatch(/The request would be 2\d\.\d MB: the API accepts at most 20 MB/);
		expect(result.error?.description).toMatch(/choose Image Source "URL"/);
		expect(sim.requests).toHaveLength(0);
	});

	it('a GIF declared as PNG, judged by its bytes', async () => {
		const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
		const item = await binaryItem(gif, 'image/png', 'fake.png');
		const result = await runViduV1({ operation: 'create' }, { baseUrl: sim.url, items: [item] });
		expect(result.error?.message).toMatch(/is a GIF image: Vidu accepts PNG, JPEG and WebP only/);
		expect(sim.requests).toHaveLength(0);
	});

	it('an image with a bad aspect ratio', async () => {
		const result = await runViduV1({ operation: 'create' }, { baseUrl: sim.url, items: [await pngItem(500, 100)] });
		expect(result.error?.message).toMatch(/is 500×100: its aspect ratio must be between 1:4 and 4:1/);
	});
});
