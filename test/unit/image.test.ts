import * as fs from 'fs';
import * as path from 'path';
import type { INode } from 'n8n-workflow';

import { checkImage, checkImageUrl, decodeBase64Image, readImageInfo } from '../../nodes/Vidu/image';
import { makePng } from '../../simulator/png';

const assets = path.join(__dirname, '../../simulator/assets');
const node = { name: 'Vidu', type: 'n8n-nodes-vidu.vidu' } as INode;

describe('readImageInfo reads format and size from the bytes', () => {
	it.each([
		['sample.png', 'image/png'],
		['sample.jpg', 'image/jpeg'],
		['sample.webp', 'image/webp'],
	])('%s', (file, mime) => {
		const info = readImageInfo(fs.readFileSync(path.join(assets, file)));
		expect(info).toEqual({ mime, width: 320, height: 240 });
	});

	it('reads a generated PNG of any size', () => {
		expect(readImageInfo(makePng(40, 10))).toEqual({ mime: 'image/png', width: 40, height: 10 });
	});

	it('knows nothing of GIF, SVG, text or a truncated header', () => {
		expect(readImageInfo(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'))).toBeUndefined();
		expect(readImageInfo(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
		expect(readImageInfo(Buffer.from('hello, I am text'))).toBeUndefined();
		expect(readImageInfo(makePng(10, 10).subarray(0, 20))).toBeUndefined();
		expect(readImageInfo(fs.readFileSync(path.join(assets, 'sample.jpg')).subarray(0, 30))).toBeUndefined();
	});
});

describe('checkImage', () => {
	it('gives the true content type, whatever was declared', () => {
		const jpeg = fs.readFileSync(path.join(assets, 'sample.jpg'));
		expect(checkImage(node, jpeg, 0, 'binary field "data"')).toEqual({ mime: 'image/jpeg', width: 320, height: 240 });
	});

	it.each([
		[Buffer.alloc(0), /is empty \(0 bytes\)/],
		[Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00', 'latin1'), /is a GIF image: Vidu accepts PNG, JPEG and WebP only/],
		[Buffer.from('<?xml version="1.0"?><svg></svg>'), /is an SVG image/],
		[Buffer.from('just some text pretending to be a png'), /is not a PNG, JPEG or WebP image/],
		[makePng(10, 10).subarray(0, 20), /is a corrupt or truncated image/],
		[makePng(1, 1000), /is 1×1000: its aspect ratio must be between 1:4 and 4:1/],
		[makePng(401, 100), /is 401×100/],
	])('refuses bad image %#', (bytes, message) => {
		expect(() => checkImage(node, bytes as Buffer, 0, 'binary field "data"')).toThrow(message);
	});

	it('accepts exactly 4:1', () => {
		expect(checkImage(node, makePng(400, 100), 0, 'x').mime).toBe('image/png');
	});

	it('refuses more than 50 MB before decoding anything', () => {
		const big = Buffer.alloc(50 * 1024 * 1024 + 1);
		expect(() => checkImage(node, big, 0, 'binary field "data"')).toThrow(/larger than 50 MB/);
	});
});

describe('decodeBase64Image', () => {
	const png = makePng(8, 8);
	it('takes raw base64 (with line breaks) and data URLs', () => {
		const raw = png.toString('base64');
		expect(decodeBase64Image(node, raw.replace(/(.{20})/g, '$1\n'), 0)).toEqual(png);
		expect(decodeBase64Image(node, `data:image/png;base64,${raw}`, 0)).toEqual(png);
	});
	it('refuses text that is not base64', () => {
		expect(() => decodeBase64Image(node, 'this is not base64!!', 0)).toThrow('Image (Base64) is not valid base64');
	});
	it('refuses a data URL without a content type', () => {
		expect(() => decodeBase64Image(node, `data:;base64,${png.toString('base64')}`, 0)).toThrow(
			'has no image content type',
		);
		expect(() => decodeBase64Image(node, `data:base64,${png.toString('base64')}`, 0)).toThrow(/malformed|content type/);
	});
});

describe('checkImageUrl', () => {
	it('accepts http(s) and refuses the rest', () => {
		expect(checkImageUrl(node, ' https://example.com/a.png ', 0)).toBe('https://example.com/a.png');
		expect(() => checkImageUrl(node, 'ftp://example.com/a.png', 0)).toThrow('is not a valid http(s) URL');
		expect(() => checkImageUrl(node, 'not a url', 0)).toThrow('is not a valid http(s) URL');
	});
});

describe('an image cut short after its header', () => {
	it.each(['sample.png', 'sample.jpg', 'sample.webp'])('%s cut in half is refused', (file) => {
		const bytes = fs.readFileSync(path.join(assets, file));
		expect(() => checkImage(node, bytes.subarray(0, Math.floor(bytes.length / 2)), 0, 'binary field "data"')).toThrow(
			/is a corrupt or truncated image/,
		);
		expect(checkImage(node, bytes, 0, 'x').mime).toMatch(/^image\//);
	});
});
