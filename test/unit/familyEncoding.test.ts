import { encodeWithImages, imageSlot } from '../../nodes/Vidu/familyEncoding';

const A = Buffer.from([1, 2, 3, 4, 5]);
const B = Buffer.from('second image bytes');
const dataUrl = (bytes: Buffer) => `data:image/png;base64,${bytes.toString('base64')}`;

describe('encodeWithImages', () => {
	it('writes each inline image where its slot is, and knows the exact size beforehand', () => {
		const encoded = encodeWithImages(
			{ model: 'm', prompt: 'a "quoted" ü', subjects: [{ id: 's', images: [imageSlot(0), imageSlot(2)] }], images: [imageSlot(1)] },
			[{ bytes: A, mime: 'image/png' }, { url: 'https://example.com/x.png' }, { bytes: B, mime: 'image/png' }],
		);
		const body = encoded.encode() as Buffer;
		expect(body.length).toBe(encoded.byteLength);
		expect(body.toString('utf8')).toBe(
			JSON.stringify({
				model: 'm',
				prompt: 'a "quoted" ü',
				subjects: [{ id: 's', images: [dataUrl(A), dataUrl(B)] }],
				images: ['https://example.com/x.png'],
			}),
		);
	});

	it('sends a plain object when every image is a URL', () => {
		const encoded = encodeWithImages({ model: 'm', images: [imageSlot(0)] }, [{ url: 'https://example.com/a.png' }]);
		expect(encoded.encode()).toEqual({ model: 'm', images: ['https://example.com/a.png'] });
		expect(encoded.byteLength).toBe(JSON.stringify({ model: 'm', images: ['https://example.com/a.png'] }).length);
	});

	it('a body without images', () => {
		expect(encodeWithImages({ model: 'm', prompt: 'p' }, []).encode()).toEqual({ model: 'm', prompt: 'p' });
	});
});
