import * as http from 'http';
import * as zlib from 'zlib';
import { AxiosInstance } from 'axios';
import { Simulator } from '../../simulator';
import { makePng } from '../../simulator/png';
import { asset, body, start, sleep, waitFor } from './helpers';

let sim: Simulator;
let api: AxiosInstance;
beforeAll(async () => {
	({ sim, api } = await start({ taskSeconds: 0.1 }));
});
afterAll(() => sim.close());

/** Streams a URL, counting bytes without keeping them; keeps the first `keep` bytes. */
function download(url: string, keep = 64): Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: number; head: Buffer }> {
	return new Promise((resolve, reject) => {
		http
			.get(url, (res) => {
				let bytes = 0;
				const parts: Buffer[] = [];
				let kept = 0;
				res.on('data', (c: Buffer) => {
					bytes += c.length;
					if (kept < keep) {
						parts.push(c.subarray(0, keep - kept));
						kept += Math.min(c.length, keep - kept);
					}
				});
				res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, bytes, head: Buffer.concat(parts) }));
				res.on('error', reject);
			})
			.on('error', reject);
	});
}

/** Top-level MP4 boxes of a buffer: [type, size][] */
function boxes(buf: Buffer, total: number): Array<[string, number]> {
	const out: Array<[string, number]> = [];
	let off = 0;
	while (off + 8 <= buf.length) {
		let size = buf.readUInt32BE(off);
		const type = buf.toString('ascii', off + 4, off + 8);
		if (size === 1) size = Number(buf.readBigUInt64BE(off + 8));
		out.push([type, size]);
		if (size < 8) break;
		off += size;
	}
	if (off + 8 > buf.length && off < total) out.push(['(beyond head)', total - off]);
	return out;
}

describe('result video', () => {
	it('serves the committed sample MP4 for a completed task, byte for byte', async () => {
		const c = await api.post('/model/v1/generation', body());
		await sleep(200);
		const t = await api.get(`/model/v1/generation/task/${c.data.id}`);
		const url = t.data.output[0].content[0].url;
		const r = await api.get(url, { responseType: 'arraybuffer', headers: { Authorization: '' } });
		expect(r.status).toBe(200);
		expect(r.headers['content-type']).toBe('video/mp4');
		expect(Buffer.from(r.data).equals(asset('sample.mp4'))).toBe(true);
		expect(Number(r.headers['content-length'])).toBe(asset('sample.mp4').length);
		expect(Buffer.from(r.data).toString('ascii', 4, 8)).toBe('ftyp');
	});

	it('has no file for unknown or unfinished tasks', async () => {
		expect((await api.get('/files/task_nope.mp4')).status).toBe(404);
		const c = await api.post('/model/v1/generation', body({ prompt: '[sim:never]' }));
		expect((await api.get(`/files/${c.data.id}.mp4`)).status).toBe(404);
	});

	it('streams a big MP4 of exactly N MB with a matching Content-Length ([sim:bigvideo=N])', async () => {
		const c = await api.post('/model/v1/generation', body({ prompt: '[sim:bigvideo=5]' }));
		await sleep(200);
		const t = await api.get(`/model/v1/generation/task/${c.data.id}`);
		const url = t.data.output[0].content[0].url;
		const d = await download(url, 8192);
		expect(d.status).toBe(200);
		expect(d.headers['content-type']).toBe('video/mp4');
		expect(Number(d.headers['content-length'])).toBe(5 * 1024 * 1024);
		expect(d.bytes).toBe(5 * 1024 * 1024);
		const sample = asset('sample.mp4');
		expect(d.head.subarray(0, sample.length).equals(sample)).toBe(true);
		const list = boxes(d.head, d.bytes);
		expect(list[0][0]).toBe('ftyp');
		expect(list.map((b) => b[0])).toEqual(expect.arrayContaining(['moov', 'mdat', 'free']));
		const free = list[list.length - 1]; // the padding box comes last
		expect(free[0]).toBe('free');
		expect(sample.length + free[1]).toBe(5 * 1024 * 1024);
	});

	it('GET /files/big.mp4?mb=N and HEAD', async () => {
		const d = await download(`${sim.url}/files/big.mp4?mb=3`);
		expect(d.bytes).toBe(3 * 1024 * 1024);
		expect(Number(d.headers['content-length'])).toBe(3 * 1024 * 1024);
		const h = await api.head('/files/big.mp4?mb=2');
		expect(h.status).toBe(200);
		expect(Number(h.headers['content-length'])).toBe(2 * 1024 * 1024);
	});

	it('stops streaming a big video when the client goes away half-way', async () => {
		await new Promise<void>((resolve) => {
			http.get(`${sim.url}/files/big.mp4?mb=50`, (res) => {
				res.once('data', () => {
					res.destroy();
					resolve();
				});
			});
		});
		await waitFor(() => sim.stats().inFlightRequests === 0);
		const entry = sim.requests[sim.requests.length - 1];
		expect(entry.path).toBe('/files/big.mp4');
		expect(entry.ms).toEqual(expect.any(Number)); // the request is over...
		expect(entry.status).toBeNull(); // ...without the answer having been sent whole
		expect((await api.get('/__sim/health')).data.ok).toBe(true);
	});
});

describe('images', () => {
	it.each([
		['sample.png', 'image/png'],
		['sample.jpg', 'image/jpeg'],
		['sample.webp', 'image/webp'],
		['wide.png', 'image/png'],
	])('GET /images/%s', async (name, mime) => {
		const r = await api.get(`/images/${name}`, { responseType: 'arraybuffer' });
		expect(r.status).toBe(200);
		expect(r.headers['content-type']).toBe(mime);
		expect(Buffer.from(r.data).equals(asset(name))).toBe(true);
	});

	it('GET /images/noise.png?width&height gives a noise PNG', async () => {
		const r = await api.get('/images/noise.png?width=300&height=200', { responseType: 'arraybuffer' });
		const b = Buffer.from(r.data);
		expect(b.readUInt32BE(16)).toBe(300);
		expect(b.readUInt32BE(20)).toBe(200);
		expect(b.length).toBeGreaterThan(300 * 200 * 3);
	});
});

describe('makePng', () => {
	function decode(png: Buffer): { w: number; h: number; raw: Buffer } {
		expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
		let off = 8;
		const idat: Buffer[] = [];
		let w = 0;
		let h = 0;
		for (;;) {
			const len = png.readUInt32BE(off);
			const type = png.toString('ascii', off + 4, off + 8);
			const data = png.subarray(off + 8, off + 8 + len);
			const crc = png.readUInt32BE(off + 8 + len);
			expect(crc).toBe(zlib.crc32(png.subarray(off + 4, off + 8 + len)));
			if (type === 'IHDR') {
				w = data.readUInt32BE(0);
				h = data.readUInt32BE(4);
			}
			if (type === 'IDAT') idat.push(data);
			off += 12 + len;
			if (type === 'IEND') break;
		}
		return { w, h, raw: zlib.inflateSync(Buffer.concat(idat)) };
	}

	it('writes valid PNGs (gradient small, noise big)', () => {
		const g = makePng(64, 32);
		const d = decode(g);
		expect([d.w, d.h]).toEqual([64, 32]);
		expect(d.raw.length).toBe(32 * (64 * 3 + 1));
		const n = makePng(200, 100, { noise: true });
		expect(n.length).toBeGreaterThan(200 * 100 * 3);
		expect(decode(n).raw.length).toBe(100 * (200 * 3 + 1));
		expect(g.length).toBeLessThan(2000);
	});
});
