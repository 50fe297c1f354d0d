import { encodeCreateBody } from '../../nodes/Vidu/createBodyEncoding';
import { makePng } from '../../simulator/png';

describe('encodeCreateBody', () => {
	const fields = { model: 'viduq2_turbo_img2video', prompt: 'quotes " and ünïcödé 🎬', duration: 5 };

	it('writes an inline image as JSON equal to the plain encoding, byte for byte', () => {
		for (const size of [1, 2, 3, 4, 196_607, 196_608, 196_609, 600_001]) {
			const bytes = Buffer.alloc(size, 7);
			const encoded = encodeCreateBody(fields, { bytes, mime: 'image/png' });
			const expected = JSON.stringify({ ...fields, images: [`data:image/png;base64,${bytes.toString('base64')}`] });
			const out = encoded.encode() as Buffer;
			expect(encoded.byteLength).toBe(Buffer.byteLength(expected));
			expect(out.toString('utf8')).toBe(expected);
		}
	});

	it('round-trips a real PNG', () => {
		const png = makePng(300, 200, { noise: true });
		const parsed = JSON.parse((encodeCreateBody(fields, { bytes: png, mime: 'image/png' }).encode() as Buffer).toString());
		expect(parsed.prompt).toBe(fields.prompt);
		expect(Buffer.from(parsed.images[0].split(',')[1], 'base64').equals(png)).toBe(true);
	});

	it('keeps a URL image as a plain object', () => {
		const encoded = encodeCreateBody(fields, { url: 'https://example.com/a.png' });
		expect(encoded.encode()).toEqual({ ...fields, images: ['https://example.com/a.png'] });
		expect(encoded.byteLength).toBe(Buffer.byteLength(JSON.stringify({ ...fields, images: ['https://example.com/a.png'] })));
	});
});
