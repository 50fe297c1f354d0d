/**
 * First and Last Frame by URL: the pair's shapes (D-pse2v, 0.8–1.25) are checked from the start of each
 * file before anything is sent; a frame this machine cannot read is left to the API.
 */
import type * as http from 'node:http';

import { makePng } from '../../simulator/png';
import { closedPort, countingProxy, tinyServer, type TinyServer } from './fixtures';
import { createV2, exactly, imagesItem, PNG_DATA_URL, recorder, type Recorder } from './family-helpers';

const PROBE_RANGE = 'bytes=0-524287';

/** A JPEG whose frame header (SOF0) follows `metadataSegments` APP1 segments of 64 KB each (the most a segment holds), then `padding` bytes. */
function jpeg(width: number, height: number, metadataSegments = 0, padding = 0): Buffer {
	const app1 = Buffer.alloc(2 + 65533);
	app1.writeUInt16BE(0xffe1, 0);
	app1.writeUInt16BE(65533, 2);
	const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, 0, 0, 0, 0, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
	sof.writeUInt16BE(height, 5);
	sof.writeUInt16BE(width, 7);
	const scan = Buffer.alloc(padding, 0x11);
	return Buffer.concat([Buffer.from([0xff, 0xd8]), ...Array.from({ length: metadataSegments }, () => app1), sof, scan, Buffer.from([0xff, 0xd9])]);
}

const files: Record<string, Buffer> = {
	'/wide.png': makePng(64, 48),
	'/tall.png': makePng(48, 64),
	'/tall-after-metadata.jpg': jpeg(48, 64, 3),
	'/page.html': Buffer.from('<!doctype html><title>not an image</title>'),
};
let hugeBytesSent: number | undefined;

let api: Recorder;
let images: TinyServer;
beforeAll(async () => {
	api = await recorder();
	images = await tinyServer((req: http.IncomingMessage, res: http.ServerResponse) => {
		if (req.url === '/huge-ignores-range.jpg') {
			// The frame header sits past the read's limit, and the server sends 20 MB whatever the Range says,
			// as fast as the reader takes them.
			res.writeHead(200, { 'content-type': 'image/jpeg' });
			const chunks = [jpeg(48, 64, 9), ...Array.from({ length: 320 }, () => Buffer.alloc(65536, 0x11))];
			let sent = 0;
			const pump = () => {
				while (!res.destroyed && chunks.length) {
					const chunk = chunks.shift()!;
					sent += chunk.length;
					if (!res.write(chunk)) return void res.once('drain', pump);
				}
				if (!res.destroyed) res.end();
			};
			res.on('close', () => (hugeBytesSent = sent));
			pump();
			return;
		}
		const file = files[req.url ?? ''];
		res.writeHead(file ? 200 : 404, { 'content-type': 'application/octet-stream' });
		res.end(file ?? 'missing');
	});
});
afterAll(async () => {
	await api.server.close();
	await images.close();
});
beforeEach(() => (images.received.length = 0));

const byUrl = (first: string, last: string) => ({
	videoMode: 'startEnd',
	imageSource: 'url',
	imageUrl: first,
	lastFrameSource: 'url',
	lastFrameUrl: last,
});

describe('First and Last Frame by URL', () => {
	it('refuses two URL frames whose shapes differ too much, having read only the start of each (0 requests)', async () => {
		const { error, requests } = await createV2(api, byUrl(`${images.url}/wide.png`, `${images.url}/tall.png`));
		expect(error?.message).toBe('The first frame (64×48) and the last frame (48×64) differ too much in shape');
		expect(error?.description).toBe('Their aspect ratios must be within 0.8–1.25 of each other (D-pse2v); this pair is 1.78.');
		expect(requests).toBe(0);
		expect(images.received.map((request) => [request.method, request.url, request.headers.range])).toEqual([
			['GET', '/wide.png', PROBE_RANGE],
			['GET', '/tall.png', PROBE_RANGE],
		]);
	});

	it('measures a JPEG whose frame header follows 192 KB of metadata', async () => {
		const { error, requests } = await createV2(api, byUrl(`${images.url}/wide.png`, `${images.url}/tall-after-metadata.jpg`));
		expect(error?.message).toBe('The first frame (64×48) and the last frame (48×64) differ too much in shape');
		expect(requests).toBe(0);
	});

	it('sends a URL first frame and an inline last frame of one shape, the URL unchanged', async () => {
		const items = [await imagesItem({})];
		const { body, error } = await createV2(api, { videoMode: 'startEnd', imageSource: 'url', imageUrl: `${images.url}/wide.png`, lastFrameSource: 'base64', lastFrameBase64: PNG_DATA_URL }, items);
		expect(error).toBeUndefined();
		expect(body).toBe(
			exactly({
				model: 'viduq2_turbo_start_end2video',
				duration: 5,
				resolution: '720p',
				movement_amplitude: 'auto',
				watermark: false,
				images: [`${images.url}/wide.png`, PNG_DATA_URL],
			}),
		);
	});

	it.each([
		['answers 404', '/missing.png'],
		['serves a page, not an image', '/page.html'],
	])('leaves the check to the API when the first frame URL %s (the create is sent)', async (_name, path) => {
		const { requests, error } = await createV2(api, byUrl(`${images.url}${path}`, `${images.url}/tall.png`));
		expect(error).toBeUndefined();
		expect(requests).toBe(1);
		// The last frame is not fetched when the first could not be measured.
		expect(images.received.map((request) => request.url)).toEqual([path]);
	});

	it('leaves the check to the API when the host of a frame does not answer', async () => {
		const port = await closedPort();
		const { requests, error } = await createV2(api, byUrl(`${images.url}/wide.png`, `http://127.0.0.1:${port}/tall.png`));
		expect(error).toBeUndefined();
		expect(requests).toBe(1);
	});

	it('stops reading a server that ignores Range after 512 KB, and sends the create', async () => {
		hugeBytesSent = undefined;
		const { requests, error } = await createV2(api, byUrl(`${images.url}/huge-ignores-range.jpg`, `${images.url}/wide.png`));
		expect(error).toBeUndefined();
		expect(requests).toBe(1);
		for (let waited = 0; hugeBytesSent === undefined && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
		// What the server got into the connection's buffers before the reader hung up: far from the 20 MB.
		expect(hugeBytesSent).toBeLessThan(10 * 1024 * 1024);
	});

	it("reads the frames through the node's Request Options proxy", async () => {
		const proxy = await countingProxy();
		try {
			const { error } = await createV2(api, { ...byUrl(`${images.url}/wide.png`, `${images.url}/tall.png`), requestOptions: { proxy: proxy.url } });
			expect(error?.message).toBe('The first frame (64×48) and the last frame (48×64) differ too much in shape');
			expect(proxy.passed).toEqual([
				{ method: 'GET', url: `${images.url}/wide.png` },
				{ method: 'GET', url: `${images.url}/tall.png` },
			]);
		} finally {
			await proxy.close();
		}
	});
});
